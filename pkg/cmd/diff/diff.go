// Package diffcmd implements `yodel diff`: what a deploy would change in the
// live Marathon app, field by field.
package diffcmd

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/yodeldeploy/yodel/pkg/appdef"
	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	engine "github.com/yodeldeploy/yodel/pkg/deploy"
	"github.com/yodeldeploy/yodel/pkg/diff"
	"github.com/yodeldeploy/yodel/pkg/manifest"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/ui"
)

type Options struct {
	svcutil.Common
	Deps        svcutil.Deps
	GitDescribe func(dir string) (string, error)
	LookupEnv   func(string) (string, bool)
	Release     string
	ExitCode    bool
	Output      cmdutil.OutputFormat
}

func NewCmdDiff(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{GitDescribe: manifest.GitDescribe, LookupEnv: os.LookupEnv}
	cmd := &cobra.Command{
		Use:   "diff " + svcutil.ManifestArgUse + " --realm <realm> [--release <name>] [--exit-code]",
		Short: "Show what a deploy would change in the live Marathon app",
		Long: `Compare the app a deploy would send (manifest + realm) with the live one,
field by field: + added, - removed, ~ changed. Secrets are compared but never
shown. Labels that change on every deploy (who deployed, commit, CI build) are
left out.

` + svcutil.ManifestArgHelp + `

With --exit-code: exit 0 when nothing would change, 1 when something would.`,
		Example: `  $ yodel diff web --realm qa
  $ yodel diff web --realm prod --exit-code || echo "changes pending"
  $ yodel diff examples/hello/hello.yaml --realm qa`,
		Args: cobra.MaximumNArgs(1),
		RunE: svcutil.ReadRunE(f, &opts.Common, &opts.Deps, "diff", opts, runF, Run),
	}
	svcutil.AddFlags(cmd, &opts.Common, false)
	cmd.Flags().StringVar(&opts.Release, "release", "", "Release name (default: image tag, git describe, or manifest hash)")
	cmd.Flags().BoolVar(&opts.ExitCode, "exit-code", false, "Exit 1 when there are changes, 0 when there are none")
	cmdutil.AddOutputFlag(cmd, &opts.Output)
	return cmd
}

func Run(ctx context.Context, opts *Options) error {
	m, err := opts.Manifest()
	if err != nil {
		return err
	}
	r, err := opts.Deps.Realm(opts.Realm)
	if err != nil {
		return err
	}
	// Before the check: a misspelt override may be why it fails.
	for _, w := range r.ManifestWarnings(m) {
		fmt.Fprintln(opts.Deps.IO.ErrOut, w)
	}
	if err := r.CheckManifest(m); err != nil {
		return err
	}
	release, src, err := m.Release(opts.Release, opts.GitDescribe)
	if err != nil {
		return cmdutil.InvalidInput(err)
	}
	mc, err := opts.Deps.Marathon(r)
	if err != nil {
		return err
	}
	st, err := opts.Deps.Store(ctx, r)
	if err != nil {
		return err
	}
	defer st.Close()
	appID, _, _, err := engine.StableAppID(ctx, st, m.Service)
	if err != nil {
		return err
	}
	live, err := mc.App(ctx, appID)
	if marathon.IsNotFound(err) {
		live, err = nil, nil
	}
	if err != nil {
		return err
	}
	// Secrets are resolved so that a changed value shows as changed; when
	// they cannot be resolved here, they are compared as references.
	bo := appdef.Options{AppID: appID, Release: release, Realm: r.Realm, Secrets: r.ManifestSecrets(m.Dir(), opts.LookupEnv),
		Instances: engine.DeployInstances(m, r.Realm, live)}
	warned := false
	plan := func(release string) (diff.Result, error) {
		bo.Release = release
		gm, err := appdef.Build(m, bo)
		if errors.Is(err, manifest.ErrSecretRefused) {
			return diff.Result{}, cmdutil.InvalidInput(err)
		}
		if err != nil {
			bo.Secrets = nil
			if gm, err = appdef.Build(m, bo); err != nil {
				return diff.Result{}, cmdutil.InvalidInput(err)
			}
			if !warned {
				fmt.Fprintln(opts.Deps.IO.ErrOut, "warning: secrets could not be resolved here; they are compared by reference and show as changed")
				warned = true
			}
		}
		return diff.Apps(&marathon.App{Application: *gm}, live, engine.DiffOptions(m, r.Realm, live))
	}
	res, err := plan(release)
	if err != nil {
		return err
	}
	// The release name a deploy would send (DeployRequest.DistinctRelease).
	if live != nil && src != manifest.ReleaseFromFlag {
		if _, _, res, err = engine.ChooseRelease(ctx, st, m.Service, release, live.Label(appdef.LabelRelease), res, plan); err != nil {
			return err
		}
	}
	if opts.Output.IsJSON() {
		if err := cmdutil.WriteJSON(opts.Deps.IO.Out, res); err != nil {
			return err
		}
	} else {
		ui.Diff(opts.Deps.IO.Out, ui.NewStyles(opts.Deps.IO, opts.Deps.IO.Out), res)
	}
	if opts.ExitCode && !res.Empty() {
		return cmdutil.WithExit(cmdutil.ExitFailure, cmdutil.ErrSilent, "")
	}
	return nil
}
