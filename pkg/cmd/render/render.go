// Package render implements `yodel render`: print the Marathon app JSON a
// deploy would send, without sending it.
package render

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/yodeldeploy/yodel/pkg/appdef"
	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/iostreams"
	"github.com/yodeldeploy/yodel/pkg/manifest"
	"github.com/yodeldeploy/yodel/pkg/realm"
)

type Options struct {
	IO          *iostreams.IOStreams
	LoadRealm   func(string) (*realm.Realm, error)
	GitDescribe func(dir string) (string, error) // nil skips git

	Service string
	File    string
	Realm   string
	Track   string
	Release string
}

func NewCmdRender(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, GitDescribe: manifest.GitDescribe}
	cmd := &cobra.Command{
		Use:   "render " + svcutil.ManifestArgUse + " --realm <realm> [--track {stable | canary}] [--release <name>]",
		Short: "Print the Marathon app definition a deploy would send",
		Long: `Print the Marathon app definition (Marathon 1.4 JSON) that a deploy of the
service to the realm would send, with the realm's overrides applied.

` + svcutil.ManifestArgHelp + `

Secrets are printed as <secret:env:VAR> or <secret:file:PATH>, never their
values. The release defaults to --release, else the image tag, else
"git describe --always --dirty" of the manifest's directory, else a hash of
the manifest. The stable track is /<service>-blue and the canary track
/<service>-green until a deployment has recorded otherwise; the canary
track starts with canary.instances (default 1). Render does not ask
Marathon: when the realm's app already runs a derived release name with
another definition (a secret's value changed), a deploy takes the next
free name, <name>-r2, -r3…; yodel diff shows the name a deploy would
take.`,
		Example: `  $ yodel render web --realm qa
  $ yodel render web --realm prod --track canary --release v2
  $ yodel render examples/hello/hello.yaml --realm qa
  $ yodel render -f deploy/manifest --realm qa`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Service = args[0]
			}
			if opts.Service == "" && opts.File == "" {
				return cmdutil.FlagErrorf("name a service, or pass -f FILE")
			}
			if opts.File == "" && manifest.IsFileArg(opts.Service) {
				// `yodel render services/web.yaml` means -f, as in validate,
				// diff and deploy.
				opts.File, opts.Service = opts.Service, ""
			}
			if opts.Realm == "" {
				// Checked here, not with MarkFlagRequired, so it is a
				// FlagError (exit 2, usage shown).
				return cmdutil.RealmRequired("render for which realm? (see `yodel realms`)")
			}
			if opts.Track != appdef.TrackStable && opts.Track != appdef.TrackCanary {
				return cmdutil.FlagErrorf("--track must be %q or %q", appdef.TrackStable, appdef.TrackCanary)
			}
			opts.LoadRealm = f.Realm
			if runF != nil {
				return runF(opts)
			}
			return Run(opts)
		},
	}
	cmd.Flags().StringVarP(&opts.File, "file", "f", "", "Manifest file (default services/<service>.yaml)")
	cmd.Flags().StringVarP(&opts.Realm, "realm", "r", "", "Realm name or realm file (required)")
	cmd.Flags().StringVar(&opts.Track, "track", appdef.TrackStable, "Track to render: stable or canary")
	cmd.Flags().StringVar(&opts.Release, "release", "", "Release name (default: image tag, git describe, or manifest hash)")
	_ = cmd.RegisterFlagCompletionFunc("track", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return []string{appdef.TrackStable, appdef.TrackCanary}, cobra.ShellCompDirectiveNoFileComp
	})
	return cmd
}

func Run(opts *Options) error {
	m, err := manifest.LoadService(opts.Service, opts.File)
	if err != nil {
		return err
	}
	r, err := opts.LoadRealm(opts.Realm)
	if err != nil {
		return err
	}
	// Before the check: a misspelt override may be why it fails.
	for _, w := range r.ManifestWarnings(m) {
		fmt.Fprintln(opts.IO.ErrOut, w)
	}
	if err := r.CheckManifest(m); err != nil {
		return err
	}
	release, source, err := m.Release(opts.Release, opts.GitDescribe)
	if err != nil {
		return cmdutil.InvalidInput(err)
	}
	instances := 0 // the manifest's count
	if opts.Track == appdef.TrackCanary {
		// A canary starts small; the full step scales it up later.
		instances = manifest.ResolveCanary(m.Canary, &r.Canary).Instances
	}
	app, err := appdef.Build(m, appdef.Options{
		AppID:     appdef.DefaultAppID(m.Service, opts.Track),
		Release:   release,
		Realm:     r.Realm,
		Instances: instances,
	})
	if err != nil {
		return err
	}
	if opts.IO.IsStderrTTY() {
		fmt.Fprintf(opts.IO.ErrOut, "# %s in realm %s, %s track, release %s (from %s)\n", m.Service, r.Realm, opts.Track, release, source)
	}
	return cmdutil.WriteJSON(opts.IO.Out, app)
}
