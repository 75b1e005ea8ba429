// Package validate implements `yodel validate`: check manifests, report
// every problem at once, compiler style.
package validate

import (
	"errors"
	"fmt"
	"os"

	"github.com/charmbracelet/lipgloss"
	"github.com/spf13/cobra"

	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/iostreams"
	"github.com/yodeldeploy/yodel/pkg/manifest"
	"github.com/yodeldeploy/yodel/pkg/realm"
)

type Options struct {
	IO        *iostreams.IOStreams
	LoadRealm func(string) (*realm.Realm, error)
	// KnownRealms lists the realm names found on this machine, for the
	// warnings about misspelt realms.<realm> overrides; nil: none.
	KnownRealms func() []string

	Targets []string // files or service names; none = every services/*.yaml
	Files   []string // -f: files, whatever their names
	Realm   string
	Output  cmdutil.OutputFormat
}

// Result is one manifest's outcome, the JSON shape of `-o json`.
type Result struct {
	File    string            `json:"file"`
	Service string            `json:"service,omitempty"`
	Valid   bool              `json:"valid"`
	Errors  []*manifest.Error `json:"errors"`
	// Warnings do not make the manifest invalid (realms.<key> that looks
	// like a misspelt realm).
	Warnings []*manifest.Error `json:"warnings,omitempty"`
}

func NewCmdValidate(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams}
	cmd := &cobra.Command{
		Use:   "validate [<file> | <service>]...",
		Short: "Check service manifests and report every problem",
		Long: `Check service manifests and report every problem at once, one per line:

  services/web.yaml:12:5: resources.mem: required: set the memory limit in MiB

An argument with a "/" or a .yaml/.yml extension is a file; anything else is
a service name, read from services/<service>.yaml. A directory stands for
every manifest in it; without arguments every manifest under services/ is
checked. Manifests checked together must not
give two services one servicePort. With --realm, the realm's limits and
servicePort range are checked too, and a tcp port's isolated port (its
servicePort + the realm's haproxy.isolatedPortOffset) must not be another
service's servicePort (deploy refuses both); without one, servicePorts must
be in Marathon's default range, 10000-20000.

A realms.<realm> override whose key looks like a misspelt realm name (the
realm checked, or one found in the realm directories) is a warning, and so
is discovery.curator checked against a realm whose state store is not
ZooKeeper (nothing would be registered); warnings do not change the exit
code.

-f FILE names a file whatever its name, as in the other commands.

Exits 2 when any manifest is invalid.`,
		Example: `  $ yodel validate web
  $ yodel validate services/ --realm prod
  $ yodel validate -o json examples/hello/hello.yaml
  $ yodel validate -f deploy/manifest --realm qa`,
		RunE: func(c *cobra.Command, args []string) error {
			opts.Targets = args
			for _, f := range opts.Files {
				if !manifest.IsFileArg(f) {
					f = "./" + f // a file, not a service name
				}
				opts.Targets = append(opts.Targets, f)
			}
			opts.LoadRealm = f.Realm
			opts.KnownRealms = func() []string {
				var names []string
				for _, e := range realm.NewFinder(f.RealmsDir, f.Getenv).List() {
					names = append(names, e.Name)
				}
				return names
			}
			if runF != nil {
				return runF(opts)
			}
			return Run(opts)
		},
	}
	cmd.Flags().StringVarP(&opts.Realm, "realm", "r", "", "Also check the realm's limits and servicePort range")
	cmd.Flags().StringArrayVarP(&opts.Files, "file", "f", nil, "Manifest file to check (repeatable; the same as naming it)")
	cmdutil.AddOutputFlag(cmd, &opts.Output)
	return cmd
}

func Run(opts *Options) error {
	targets := opts.Targets
	if len(targets) == 0 {
		found, err := manifest.ListServices()
		if err != nil {
			return err
		}
		if len(found) == 0 {
			return cmdutil.FlagErrorf("no manifests under %s/: pass files or service names", manifest.DefaultDir)
		}
		targets = found
	}
	var r *realm.Realm
	if opts.Realm != "" {
		var err error
		if r, err = opts.LoadRealm(opts.Realm); err != nil {
			return err
		}
	}

	results := make([]Result, 0, len(targets))
	var loaded []*manifest.Manifest
	var at []int // loaded[k] is results[at[k]]
	// Without a realm, the warnings compare realms.<key> with the realms
	// found here (a realm knows them itself).
	var known []string
	if r == nil && opts.KnownRealms != nil {
		known = opts.KnownRealms()
	}
	var files []string
	for _, t := range targets {
		if !isDir(t) {
			files = append(files, t)
			continue
		}
		found, err := manifest.ListDir(t)
		if err != nil {
			return err
		}
		if len(found) == 0 {
			results = append(results, Result{File: t, Errors: []*manifest.Error{{File: t, Msg: "no manifests (*.yaml, *.yml) in this directory"}}})
		}
		files = append(files, found...)
	}
	for _, t := range files {
		res, m := check(t, r, known)
		if m != nil {
			loaded, at = append(loaded, m), append(at, len(results))
		}
		results = append(results, res)
	}
	// Across the manifests: two services on one servicePort, or (with a
	// realm, whose offset gives them) a TCP port's isolated port on
	// another service's servicePort, as deploy refuses.
	shared := manifest.CheckSharedPorts(loaded)
	if r != nil {
		shared = manifest.CheckSharedPortsInRealm(loaded, r.Realm, r.HAProxy.IsolatedPortOffset)
	}
	for k, err := range shared {
		if err != nil {
			res := &results[at[k]]
			res.Errors = append(res.Errors, asErrors(res.File, err)...)
			manifest.Errors(res.Errors).Sort()
			res.Valid, res.Service = false, ""
		}
	}
	invalid := 0
	for _, res := range results {
		if !res.Valid {
			invalid++
		}
	}

	if opts.Output.IsJSON() {
		if err := cmdutil.WriteJSON(opts.IO.Out, results); err != nil {
			return err
		}
	} else {
		printText(opts, results, r)
	}
	if invalid > 0 {
		// Problems are already printed; exit 2 without repeating them.
		return cmdutil.WithExit(cmdutil.ExitInvalid, cmdutil.ErrSilent, "")
	}
	return nil
}

// isDir reports whether target names a directory of manifests; a service
// of the same name wins ("deploy" with services/deploy.yaml).
func isDir(target string) bool {
	if st, err := os.Stat(target); err != nil || !st.IsDir() {
		return false
	}
	if manifest.IsFileArg(target) {
		return true
	}
	_, err := manifest.LocateArg(target, "validate")
	return err != nil
}

// check validates one target; m is the manifest when it could be read.
func check(target string, r *realm.Realm, known []string) (res Result, m *manifest.Manifest) {
	path := target
	if !manifest.IsFileArg(target) {
		p, err := manifest.LocateArg(target, "validate")
		if err != nil {
			return Result{File: target, Errors: asErrors(target, err)}, nil
		}
		path = p
	}
	// Every problem at once: the realm's limits (or, without a realm,
	// Marathon's default servicePort range) are checked even when the
	// manifest has other errors.
	m, err := manifest.LoadAll(path)
	errs := asErrors(path, err)
	if m != nil {
		if r != nil {
			errs = append(errs, asErrors(path, r.CheckManifest(m))...)
		} else {
			errs = append(errs, asErrors(path, m.CheckDefaultPorts())...)
		}
		manifest.Errors(errs).Sort()
	}
	res = Result{File: path, Valid: len(errs) == 0, Errors: errs}
	if m != nil && res.Valid {
		res.Service = m.Service
	}
	if m != nil && r != nil {
		res.Warnings = r.ManifestWarnings(m)
	} else if m != nil {
		res.Warnings = m.OverrideWarnings("", known)
	}
	return res, m
}

// asErrors flattens err into per-problem entries, so JSON always has a list.
func asErrors(file string, err error) []*manifest.Error {
	if err == nil {
		return []*manifest.Error{}
	}
	var es manifest.Errors
	if errors.As(err, &es) {
		return es
	}
	var e *manifest.Error
	if errors.As(err, &e) {
		return []*manifest.Error{e}
	}
	return []*manifest.Error{{File: file, Msg: err.Error()}}
}

func printText(opts *Options, results []Result, r *realm.Realm) {
	io := opts.IO
	rend := io.Renderer(io.Out)
	ok := rend.NewStyle().Foreground(lipgloss.Color("2")).Render("✓")
	bad := rend.NewStyle().Foreground(lipgloss.Color("1")).Render("✗")
	invalid := 0
	for _, res := range results {
		for _, w := range res.Warnings {
			fmt.Fprintln(io.ErrOut, w.Error())
		}
		if res.Valid {
			if io.IsStdoutTTY() {
				fmt.Fprintf(io.Out, "%s %s (%s)\n", ok, res.File, res.Service)
			} else {
				fmt.Fprintf(io.Out, "ok\t%s\t%s\n", res.File, res.Service)
			}
			continue
		}
		invalid++
		if io.IsStdoutTTY() {
			fmt.Fprintf(io.Out, "%s %s\n", bad, res.File)
		} else {
			fmt.Fprintf(io.Out, "invalid\t%s\t%s\n", res.File, res.Service)
		}
		for _, e := range res.Errors {
			fmt.Fprintln(io.ErrOut, e.Error())
		}
	}
	against := ""
	if r != nil {
		against = " for realm " + r.Realm
	}
	if invalid > 0 {
		fmt.Fprintf(io.ErrOut, "%d of %d manifests invalid%s\n", invalid, len(results), against)
	} else if io.IsStderrTTY() {
		fmt.Fprintf(io.ErrOut, "%d manifests valid%s\n", len(results), against)
	}
}
