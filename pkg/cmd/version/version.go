// Package version implements `yodel version`.
package version

import (
	"fmt"
	"runtime"

	"github.com/spf13/cobra"

	"github.com/yodeldeploy/yodel/pkg/build"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/iostreams"
)

type Options struct {
	IO     *iostreams.IOStreams
	Output cmdutil.OutputFormat
}

// Info is the JSON shape of `yodel version -o json`.
type Info struct {
	Version string `json:"version"`
	Commit  string `json:"commit,omitempty"`
	Date    string `json:"date,omitempty"`
	Go      string `json:"go"`
	OS      string `json:"os"`
	Arch    string `json:"arch"`
}

func NewCmdVersion(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams}
	cmd := &cobra.Command{
		Use:   "version",
		Short: "Print yodel's version",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			if runF != nil {
				return runF(opts)
			}
			return Run(opts)
		},
	}
	cmdutil.AddOutputFlag(cmd, &opts.Output)
	return cmd
}

func current() Info {
	return Info{Version: build.Version, Commit: build.Commit, Date: build.Date,
		Go: runtime.Version(), OS: runtime.GOOS, Arch: runtime.GOARCH}
}

func Run(opts *Options) error {
	info := current()
	if opts.Output.IsJSON() {
		return cmdutil.WriteJSON(opts.IO.Out, info)
	}
	fmt.Fprintln(opts.IO.Out, Line())
	return nil
}

// Line is the human version line, also printed by `yodel --version`.
func Line() string {
	info := current()
	line := "yodel " + info.Version
	if info.Commit != "" {
		line += " (" + info.Commit
		if info.Date != "" {
			line += ", " + info.Date
		}
		line += ")"
	}
	return fmt.Sprintf("%s %s/%s %s", line, info.OS, info.Arch, info.Go)
}
