// Package logs implements `yodel logs`: a service's task output, read from
// the Mesos agents' files API as the Mesos UI and `dcos task log` read it.
package logs

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/realm"
	"github.com/yodeldeploy/yodel/pkg/ui"
)

type Options struct {
	svcutil.Common
	Deps   svcutil.Deps
	Task   string // a task id or a unique prefix of one
	Follow bool
	Stderr bool
	Tail   int           // lines of each task's file to start with
	Poll   time.Duration // how often -f reads again
	// Discover is how often -f of a whole service asks Marathon for its
	// tasks: a deploy, scale or restart starts new ones (followed from
	// their first line) and ends old ones (read to their end, then left).
	Discover time.Duration
}

func NewCmdLogs(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{Poll: time.Second, Discover: 3 * time.Second}
	cmd := &cobra.Command{
		Use:   "logs <service> --realm <realm> [--task ID] [-f] [--stderr]",
		Short: "Print a service's task output (stdout, or stderr) from the Mesos agents",
		Long: `Print the output of a service's tasks, read from each task's sandbox through
the Mesos agent API (/state, /files/read) at the realm's mesos.agentURL
(default http://{host}:5051). Every task of the service's apps is shown, each
line prefixed with its task id, unless --task picks one (an id or a unique
prefix). -f follows the output until Ctrl-C, as tail -f does; following
the whole service, it also follows the tasks a deploy, scale or restart
starts (from their first line) and leaves the ones that end, saying so
on stderr.`,
		Example: `  $ yodel logs hello --realm local
  $ yodel logs hello --realm qa --stderr --tail 200
  $ yodel logs hello --realm qa --task hello-green.4f2 -f`,
		Args: cobra.MaximumNArgs(1),
		RunE: svcutil.RealmRunE(f, &opts.Common, &opts.Deps, "logs of", func() error {
			if opts.Tail < 0 {
				return cmdutil.FlagErrorf("--tail must be 0 or more lines")
			}
			return nil
		}, opts, runF, Run),
	}
	// -f follows, as in tail, kubectl, docker and nomad logs (and as this
	// help always said); the manifest file, rarely needed to read logs, is
	// --file only here.
	cmd.Flags().StringVar(&opts.File, "file", "", "Manifest file (default services/<service>.yaml)")
	cmd.Flags().StringVarP(&opts.Realm, "realm", "r", "", "Realm name or realm file (required)")
	cmd.Flags().StringVar(&opts.Task, "task", "", "Only this task (an id or a unique prefix)")
	cmd.Flags().BoolVarP(&opts.Follow, "follow", "f", false, "Follow the output until Ctrl-C")
	// -F followed until -f did; scripts may still pass it.
	cmd.Flags().BoolVarP(&opts.Follow, "follow-F", "F", false, "")
	_ = cmd.Flags().MarkHidden("follow-F")
	cmd.Flags().BoolVar(&opts.Stderr, "stderr", false, "Print stderr instead of stdout")
	cmd.Flags().IntVar(&opts.Tail, "tail", 50, "Lines of each task's output to start with")
	return cmd
}

// countingWriter counts what goes through it.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// source is one task's file on its agent.
type source struct {
	task, agent, path string
	offset            int64
	partial           []byte // an unfinished last line, held until its newline
	warned            bool   // a failed read was reported
}

func Run(ctx context.Context, opts *Options) error {
	svc, err := opts.ServiceName()
	if err != nil {
		return err
	}
	r, mc, err := opts.Deps.RealmMarathon(opts.Realm)
	if err != nil {
		return err
	}
	tasks, err := serviceTasks(ctx, mc, svc)
	if err != nil {
		return err
	}
	switch {
	case opts.Task != "":
		picked, perr := pick(tasks, opts.Task, svc, opts.Realm)
		if perr != nil {
			// A task Marathon no longer lists (a rolled-back canary's
			// app, a removed first deploy): the history names where the
			// last failed task of a change ran, and its agent keeps the
			// sandbox for a while.
			t, ok := failedInHistory(ctx, opts.Deps, r, svc, opts.Task)
			if !ok {
				return perr
			}
			picked = []marathon.Task{t}
		}
		tasks = picked
	case len(tasks) == 0:
		hint := fmt.Sprintf("see what runs: yodel status %s --realm %s", svc, r.Arg())
		if t, ok := failedInHistory(ctx, opts.Deps, r, svc, ""); ok {
			hint = fmt.Sprintf("the last failed task of a change was %s: yodel logs %s --realm %s --task %s --stderr", t.ID, svc, r.Arg(), t.ID)
		}
		return cmdutil.WithExit(cmdutil.ExitFailure, fmt.Errorf("service %s has no tasks in realm %s", svc, r.Realm), hint)
	}
	file := "stdout"
	if opts.Stderr {
		file = "stderr"
	}
	var srcs []*source
	for _, t := range tasks {
		s, err := open(ctx, mc, r, t, file, opts.Tail)
		if err != nil {
			fmt.Fprintf(opts.Deps.IO.ErrOut, "warning: task %s: %s\n", ui.Escape(t.ID), ui.Escape(err.Error()))
			continue
		}
		srcs = append(srcs, s)
	}
	if len(srcs) == 0 {
		return cmdutil.WithExit(cmdutil.ExitFailure, errors.New("no task's output could be read (warnings above)"),
			"check the realm's mesos.agentURL: yodel realms show "+opts.Realm)
	}
	prefix := len(srcs) > 1
	out := &countingWriter{w: opts.Deps.IO.Out}
	for _, s := range srcs {
		if err := s.drain(ctx, mc, out, prefix, opts.Follow); err != nil {
			return err
		}
	}
	if out.n == 0 && opts.Tail != 0 && opts.Deps.IO.IsStderrTTY() {
		// Many services write only to stderr: an empty screen should not
		// read as "no logs".
		other, cmd := "stderr", fmt.Sprintf("yodel logs %s --realm %s --stderr", svc, opts.Realm)
		if opts.Stderr {
			other, cmd = "stdout", fmt.Sprintf("yodel logs %s --realm %s", svc, opts.Realm)
		}
		fmt.Fprintf(opts.Deps.IO.ErrOut, "(nothing on %s from %d task(s) yet; their %s: %s)\n", file, len(srcs), other, cmd)
	}
	if !opts.Follow {
		return nil
	}
	f := &follower{opts: opts, mc: mc, r: r, svc: svc, file: file, srcs: srcs, prefix: prefix, known: map[string]bool{}}
	for _, t := range tasks {
		f.known[t.ID] = true
	}
	return f.run(ctx)
}

// follower is -f: it reads every source again each Poll and, following a
// whole service, asks Marathon each Discover which tasks it has.
type follower struct {
	opts   *Options
	mc     *marathon.Client
	r      *realm.Realm
	svc    string
	file   string
	srcs   []*source
	prefix bool
	// known are the tasks met so far (followed, or not readable when met):
	// only a task never met is new.
	known map[string]bool
}

func (f *follower) run(ctx context.Context) error {
	tick := time.NewTicker(f.opts.Poll)
	defer tick.Stop()
	next := time.Now().Add(f.opts.Discover)
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
		if f.opts.Task == "" && f.opts.Discover > 0 && !time.Now().Before(next) {
			f.discover(ctx)
			next = time.Now().Add(f.opts.Discover)
		}
		for _, s := range f.srcs {
			if err := s.drain(ctx, f.mc, f.opts.Deps.IO.Out, f.prefix, true); err != nil && ctx.Err() == nil && !s.warned {
				// Once per task: an agent that removed a sandbox answers
				// the same every second.
				s.warned = true
				fmt.Fprintf(f.opts.Deps.IO.ErrOut, "warning: task %s: %s\n", ui.Escape(s.task), ui.Escape(err.Error()))
			}
		}
	}
}

// discover follows the tasks Marathon lists that it has not met, from
// their first line, and leaves those it no longer lists once their output
// is read to its end. A failed read of Marathon keeps what it follows.
func (f *follower) discover(ctx context.Context) {
	tasks, err := serviceTasks(ctx, f.mc, f.svc)
	if err != nil {
		return
	}
	errOut := f.opts.Deps.IO.ErrOut
	live := map[string]bool{}
	for _, t := range tasks {
		live[t.ID] = true
		if f.known[t.ID] {
			continue
		}
		s, err := open(ctx, f.mc, f.r, t, f.file, -1)
		if err != nil {
			continue // staging: no sandbox yet; met again next time
		}
		// Quiet: its files may come a moment after its sandbox.
		s.warned = true
		f.known[t.ID] = true
		f.srcs = append(f.srcs, s)
		f.prefix = true
		fmt.Fprintf(errOut, "(following new task %s)\n", ui.Escape(t.ID))
	}
	kept := f.srcs[:0]
	for _, s := range f.srcs {
		if live[s.task] {
			kept = append(kept, s)
			continue
		}
		_ = s.drain(ctx, f.mc, f.opts.Deps.IO.Out, f.prefix, false)
		fmt.Fprintf(errOut, "(task %s has ended)\n", ui.Escape(s.task))
	}
	f.srcs = kept
}

// serviceTasks lists the tasks of every app of svc (stable and canary),
// oldest first.
func serviceTasks(ctx context.Context, mc *marathon.Client, svc string) ([]marathon.Task, error) {
	apps, err := mc.ServiceApps(ctx, svc)
	if err != nil {
		return nil, err
	}
	var out []marathon.Task
	for _, a := range apps {
		for _, t := range a.Tasks {
			out = append(out, *t)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].StagedAt < out[j].StagedAt })
	return out, nil
}

func pick(tasks []marathon.Task, id, svc, realmArg string) ([]marathon.Task, error) {
	var hits []marathon.Task
	for _, t := range tasks {
		if t.ID == id {
			return []marathon.Task{t}, nil
		}
		if strings.HasPrefix(t.ID, id) {
			hits = append(hits, t)
		}
	}
	ids := make([]string, len(tasks))
	for i, t := range tasks {
		ids[i] = t.ID
	}
	switch len(hits) {
	case 1:
		return hits, nil
	case 0:
		return nil, cmdutil.WithExit(cmdutil.ExitInvalid, fmt.Errorf("no task of %s matches %q; its tasks:\n  %s", svc, id, strings.Join(ids, "\n  ")), "")
	}
	return nil, cmdutil.WithExit(cmdutil.ExitInvalid, fmt.Errorf("%d tasks of %s match %q: give more of the id; its tasks:\n  %s", len(hits), svc, id, strings.Join(ids, "\n  ")), "")
}

// failedInHistory finds the failed task a history record of svc names
// whose id is id or starts with it (any, newest first, when id is ""), as
// a task to read the output of. Best effort: a store that cannot be read
// finds nothing.
func failedInHistory(ctx context.Context, d svcutil.Deps, r *realm.Realm, svc, id string) (marathon.Task, bool) {
	if d.Store == nil {
		return marathon.Task{}, false
	}
	st, err := d.Store(ctx, r)
	if err != nil {
		return marathon.Task{}, false
	}
	defer st.Close()
	recs, err := st.History(ctx, svc, 0)
	if err != nil {
		return marathon.Task{}, false
	}
	for _, rec := range recs {
		if f := rec.FailedTask; f != nil && strings.HasPrefix(f.ID, id) {
			return marathon.Task{ID: f.ID, Host: f.Host, SlaveID: f.AgentID}, true
		}
	}
	return marathon.Task{}, false
}

// open finds the task's sandbox and starts tail lines before the file's
// end (a negative tail: at its start).
func open(ctx context.Context, mc *marathon.Client, r *realm.Realm, t marathon.Task, file string, tail int) (*source, error) {
	agent := marathon.AgentURL(r.Mesos.AgentURL, t.Host, t.SlaveID)
	dir, err := mc.TaskSandbox(ctx, agent, t.ID)
	if err != nil {
		return nil, err
	}
	s := &source{task: t.ID, agent: agent, path: dir + "/" + file}
	if tail < 0 {
		return s, nil
	}
	if s.offset, _, err = mc.TailStart(ctx, agent, s.path, tail); err != nil {
		return nil, err
	}
	return s, nil
}

// drain prints what the file holds past the offset, whole lines only while
// following (a line being written is held until its newline).
func (s *source) drain(ctx context.Context, mc *marathon.Client, w io.Writer, prefix, following bool) error {
	for {
		data, next, err := mc.ReadAgentFile(ctx, s.agent, s.path, s.offset, 64<<10)
		if err != nil {
			return err
		}
		if len(data) == 0 {
			if !following && len(s.partial) > 0 {
				s.write(w, append(s.partial, '\n'), prefix)
				s.partial = nil
			}
			return nil
		}
		s.offset = next
		buf := append(s.partial, data...)
		cut := bytes.LastIndexByte(buf, '\n') + 1
		s.write(w, buf[:cut], prefix)
		s.partial = append([]byte(nil), buf[cut:]...)
	}
}

func (s *source) write(w io.Writer, lines []byte, prefix bool) {
	if !prefix {
		_, _ = w.Write(lines)
		return
	}
	for _, l := range bytes.SplitAfter(lines, []byte("\n")) {
		if len(l) > 0 {
			fmt.Fprintf(w, "%s | %s", ui.Escape(s.task), l)
		}
	}
}
