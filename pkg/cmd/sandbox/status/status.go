// Package status implements `yodel sandbox status`.
package status

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/spf13/cobra"

	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/iostreams"
	"github.com/yodeldeploy/yodel/pkg/sandbox"
	"github.com/yodeldeploy/yodel/pkg/ui"
)

type Options struct {
	IO     *iostreams.IOStreams
	Getenv func(string) string
	Dir    string
	Output cmdutil.OutputFormat
}

func NewCmdStatus(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, Getenv: f.Getenv}
	cmd := &cobra.Command{
		Use:   "status [--dir DIR]",
		Short: "Show the sandbox's components, pids, addresses and whether they are alive",
		Long: `Show the sandbox's components, pids, addresses and whether they are alive.
Exits 0 when every component is alive, 1 when the sandbox is down or degraded.`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			if runF != nil {
				return runF(opts)
			}
			return Run(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Dir, "dir", "", "Sandbox directory (default $YODEL_SANDBOX_DIR, else $XDG_STATE_HOME/yodel/sandbox, ~/.local/state/yodel/sandbox)")
	cmdutil.AddOutputFlag(cmd, &opts.Output)
	return cmd
}

func Run(opts *Options) error {
	dir := opts.Dir
	if dir == "" {
		d, err := sandbox.DefaultDir(opts.Getenv)
		if err != nil {
			return err
		}
		dir = d
	}
	r, err := sandbox.Status(dir)
	if errors.Is(err, sandbox.ErrNotRunning) {
		if opts.Output.IsJSON() {
			_ = cmdutil.WriteJSON(opts.IO.Out, &sandbox.StatusReport{Dir: dir, Components: []sandbox.ComponentStatus{}, TaskPIDs: []int{}})
			return cmdutil.ErrSilent
		}
		return cmdutil.WithExit(cmdutil.ExitFailure, fmt.Errorf("no sandbox in %s", dir), "start one with: yodel sandbox up --detach")
	}
	if err != nil {
		return err
	}
	if opts.Output.IsJSON() {
		if err := cmdutil.WriteJSON(opts.IO.Out, r); err != nil {
			return err
		}
	} else {
		render(opts.IO, r)
	}
	if !r.Running {
		return cmdutil.ErrSilent
	}
	return nil
}

func render(io *iostreams.IOStreams, r *sandbox.StatusReport) {
	// The record's paths and URLs are local data, but a directory name
	// (--dir, $YODEL_SANDBOX_DIR) or an edited sandbox.json can hold
	// control characters: escaped as every text renderer does (-o json
	// stays exact).
	esc := ui.Escaped(*r)
	r = &esc
	tty := io.IsStdoutTTY()
	cs := io.Renderer(io.Out)
	state := func(alive bool) string {
		if alive {
			return cs.NewStyle().Foreground(lipgloss.Color("2")).Render("alive")
		}
		return cs.NewStyle().Foreground(lipgloss.Color("1")).Render("dead")
	}
	// ui.Table aligns by display width: the state colours do not count.
	t := ui.NewTable(io, io.Out, "COMPONENT", "PID", "ADDRESS", "STATE", "SINCE", "LOG")
	if tty {
		overall := "running"
		if !r.Running {
			overall = "DEGRADED: run yodel sandbox down, then up"
		}
		fmt.Fprintf(io.Out, "sandbox %s: %s\n\n", r.Dir, overall)
	}
	for _, c := range r.Components {
		addr := c.Addr
		if addr == "" {
			addr = "-"
		}
		pid := strconv.Itoa(c.PID)
		if tty {
			t.Row(c.Name, pid, addr, state(c.Alive), c.StartedAt.Local().Format("15:04:05"), c.Log)
		} else {
			t.Row(c.Name, pid, addr, aliveWord(c.Alive), c.StartedAt.Format("2006-01-02T15:04:05Z07:00"), c.Log)
		}
	}
	_ = t.Render(io.Out)
	if tty {
		fmt.Fprintf(io.Out, "\ntask processes: %d\nrealm file:     %s\nmarathon:       %s\nstore:          %s\nhaproxy stats:  %s\n",
			len(r.TaskPIDs), r.RealmFile, r.MarathonURL, r.StoreURL, r.StatsURL)
		if r.ServerURL != "" {
			fmt.Fprintf(io.Out, "yodel server:   %s\n", r.ServerURL)
			fmt.Fprintf(io.Out, "dashboard:      %s/ui/ (user %s, password in %s)\n", r.ServerURL, sandbox.ServerUser, sandbox.Layout{Dir: r.Dir}.ServerTokenFile())
		}
		if r.AgentURL != "" {
			fmt.Fprintf(io.Out, "lb agent:       %s\n", r.AgentURL)
		}
		if r.MarathonVersion != "" {
			features := strings.Join(r.MarathonFeatures, ",")
			if features == "" {
				features = "none"
			}
			fmt.Fprintf(io.Out, "modelled:       Marathon %s, features %s\n", r.MarathonVersion, features)
		}
	}
}

func aliveWord(a bool) string {
	if a {
		return "alive"
	}
	return "dead"
}
