// Package show implements `yodel realms show NAME`: the realm as yodel
// will use it, after the YODEL_* environment overrides, with credentials
// redacted, so "which Marathon will this deploy to?" has one answer.
package show

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/iostreams"
	"github.com/yodeldeploy/yodel/pkg/realm"
	"github.com/yodeldeploy/yodel/third_party/yaml"
)

type Options struct {
	IO     *iostreams.IOStreams
	Finder *realm.Finder
	Output cmdutil.OutputFormat
	Realm  string // a name or a realm file
}

func NewCmdShow(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams}
	cmd := &cobra.Command{
		Use:   "show <realm>",
		Short: "Show the effective realm: the file after YODEL_* overrides, credentials redacted",
		Long: `Show the realm as every yodel command will use it: the realm file found by
name (or the file given), with the YODEL_* environment overrides applied and
listed. Passwords and the passwords in URLs are shown as ***.`,
		Example: "  $ yodel realms show qa\n  $ YODEL_STATE=zk://zk-1:2181/yodel yodel realms show qa -o json",
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return cmdutil.FlagErrorf("name one realm: yodel realms show NAME (`yodel realms` lists them)")
			}
			return nil
		},
		RunE: func(_ *cobra.Command, args []string) error {
			opts.Realm = args[0]
			opts.Finder = realm.NewFinder(f.RealmsDir, f.Getenv)
			if runF != nil {
				return runF(opts)
			}
			return Run(opts)
		},
	}
	cmdutil.AddOutputFlag(cmd, &opts.Output)
	return cmd
}

func Run(opts *Options) error {
	r, err := opts.Finder.Find(opts.Realm)
	if err != nil {
		return err
	}
	v := Redacted(r)
	if opts.Output.IsJSON() {
		return cmdutil.WriteJSON(opts.IO.Out, v)
	}
	// The text is the JSON form as YAML: the same keys in the file's order,
	// unset fields left out, durations as written ("30s").
	js, err := json.Marshal(v)
	if err != nil {
		return err
	}
	body, err := yaml.JSONToYAML(js)
	if err != nil {
		return err
	}
	w := opts.IO.Out
	if len(v.Overrides) > 0 {
		fmt.Fprintf(w, "# overridden by the environment: %s\n", strings.Join(v.Overrides, ", "))
	}
	_, err = w.Write(body)
	return err
}

// Redacted is a copy of r fit to print: the passwords of user:password@
// URLs become ***. Passwords themselves never reach JSON (the variables
// and files that hold credentials are named, never read).
func Redacted(r *realm.Realm) realm.Realm {
	c := *r
	c.Marathon.URLs = make([]string, len(r.Marathon.URLs))
	for i, u := range r.Marathon.URLs {
		c.Marathon.URLs[i] = realm.RedactURL(u)
	}
	c.State = realm.RedactURL(r.State)
	return c
}
