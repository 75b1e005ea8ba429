// Package realms implements `yodel realms`: which realm files exist, where,
// and whether they load.
package realms

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/spf13/cobra"

	"github.com/yodeldeploy/yodel/pkg/cmd/realms/show"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/iostreams"
	"github.com/yodeldeploy/yodel/pkg/realm"
	"github.com/yodeldeploy/yodel/pkg/ui"
)

type Options struct {
	IO     *iostreams.IOStreams
	Finder *realm.Finder
	Output cmdutil.OutputFormat
}

// Listing is the JSON shape of `yodel realms -o json`.
type Listing struct {
	Searched []realm.SearchDir `json:"searched"`
	Realms   []Item            `json:"realms"`
}

// Item is one realm file and whether it loads.
type Item struct {
	realm.Entry
	Valid     bool     `json:"valid"`
	Error     string   `json:"error,omitempty"`
	Marathon  []string `json:"marathon,omitempty"`
	State     string   `json:"state,omitempty"`
	Overrides []string `json:"overrides,omitempty"`
}

func NewCmdRealms(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams}
	cmd := &cobra.Command{
		Use:   "realms",
		Short: "List the realms yodel can find, and where",
		Long: `List realm files in lookup order: --realms DIR, $YODEL_REALMS, ./realms,
$XDG_CONFIG_HOME/yodel/realms (~/.config/yodel/realms), /etc/yodel/realms,
then the local sandbox's realm.
A realm found earlier hides one of the same name found later ("shadowed").
Each file is loaded, so broken realm files show up here.`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			opts.Finder = realm.NewFinder(f.RealmsDir, f.Getenv)
			if runF != nil {
				return runF(opts)
			}
			return Run(opts)
		},
	}
	cmdutil.AddOutputFlag(cmd, &opts.Output)
	cmd.AddCommand(show.NewCmdShow(f, nil))
	return cmd
}

func Run(opts *Options) error {
	l := Listing{Searched: opts.Finder.Dirs(), Realms: []Item{}}
	for _, e := range opts.Finder.List() {
		it := Item{Entry: e}
		if r, err := realm.Load(e.File, loadName(e)); err != nil {
			it.Error = err.Error()
		} else {
			it.Valid, it.Marathon, it.State, it.Overrides = true, r.Marathon.URLs, r.State, r.Overrides
		}
		l.Realms = append(l.Realms, it)
	}
	if opts.Output.IsJSON() {
		return cmdutil.WriteJSON(opts.IO.Out, l)
	}
	io := opts.IO
	// File names, directories from $YODEL_REALMS and load errors quoting
	// a file's text are anyone's who can write there: escaped as text
	// (ui.Escape), exact in JSON.
	if len(l.Realms) == 0 {
		fmt.Fprintln(io.ErrOut, "no realm files found; looked in:")
		for _, sd := range l.Searched {
			fmt.Fprintf(io.ErrOut, "  %s (%s)\n", ui.Escape(sd.Dir), ui.Escape(sd.Source))
		}
		return nil
	}
	if !io.IsStdoutTTY() {
		// Scripts get tab-separated fields, no header.
		for _, it := range l.Realms {
			fmt.Fprintf(io.Out, "%s\t%s\t%s\t%s\n", ui.Escape(it.Name), ui.Escape(it.File), ui.Escape(it.Source), status(it))
		}
		return nil
	}
	// ui.Table aligns by display width: the status colours do not count.
	rend := io.Renderer(io.Out)
	okStyle := rend.NewStyle().Foreground(lipgloss.Color("2"))
	badStyle := rend.NewStyle().Foreground(lipgloss.Color("1"))
	dim := rend.NewStyle().Faint(true)
	t := ui.NewTable(io, io.Out, "REALM", "FILE", "FROM", "STATUS")
	for _, it := range l.Realms {
		st := status(it)
		switch {
		case it.Shadowed:
			st = dim.Render(st)
		case it.Valid:
			st = okStyle.Render(st)
		default:
			st = badStyle.Render(st)
		}
		t.Row(ui.Escape(it.Name), ui.Escape(it.File), ui.Escape(it.Source), st)
	}
	return t.Render(io.Out)
}

// status is the STATUS column, escaped: the error's first line.
func status(it Item) string {
	s := "ok"
	if !it.Valid {
		first, _, _ := strings.Cut(it.Error, "\n")
		s = "invalid: " + ui.Escape(first)
	}
	if it.Shadowed {
		s += " (shadowed)"
	}
	return s
}

// loadName is the name a file must declare: its lookup name, except the
// sandbox file, whose name is not its file name.
func loadName(e realm.Entry) string {
	if e.Source == "sandbox" {
		return ""
	}
	return e.Name
}
