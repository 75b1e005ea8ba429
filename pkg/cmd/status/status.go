// Package status implements `yodel status`: every app of a realm (yodel's
// and the others), with instances, release, deployments and last failure.
package status

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/iostreams"
	"github.com/yodeldeploy/yodel/pkg/lb"
	"github.com/yodeldeploy/yodel/pkg/lbagents"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/realm"
	"github.com/yodeldeploy/yodel/pkg/state"
	"github.com/yodeldeploy/yodel/pkg/ui"
	"github.com/yodeldeploy/yodel/pkg/ui/live"
	"github.com/yodeldeploy/yodel/pkg/view"
)

type Options struct {
	svcutil.Common
	Deps   svcutil.Deps
	Watch  bool
	Output cmdutil.OutputFormat
	// Failing keeps only the apps that need a look (view.App.Failing).
	Failing bool
	// Throttle is the minimum time between redraws with --watch (200ms).
	Throttle time.Duration
	// Poll re-reads everything this often with --watch, events or not.
	Poll time.Duration
	// LookupEnv finds the lb agents' token (os.LookupEnv).
	LookupEnv func(string) (string, bool)
	// realmArg addresses the loaded realm in the commands the output
	// suggests (realm.Arg).
	realmArg string
	// svc is the one service asked for ("" for every app): on a terminal
	// its tasks follow the table.
	svc string
}

func NewCmdStatus(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{}
	cmd := &cobra.Command{
		Use:   "status [<service>] --realm <realm> [--watch]",
		Short: "Show the services of a realm: instances, release, deployments, failures",
		Long: `Show every app of the realm's Marathon: the ones yodel deploys (/<service>-blue
and /<service>-green labelled YODEL_SERVICE=<service>, with their track from
the routing state) and the others; an app labelled as a service under
another id is listed apart, with a note.
For each: healthy/running/wanted instances, release, a deployment in
progress, and the last task failure. From the realm's routing state: each
app's track (stable, or canary with its share of traffic, or "isolated"
while it gets only smoke-test traffic) and GEN, the routing generation the
load balancer agents acknowledge.

Naming a service lists its tasks too: on a terminal a table after the
apps (id, address, state, health and why a check fails, what each lb
agent's HAProxy does with it, release, start), with -o json a "tasks"
array on each app. A task id is what yodel logs --task takes.

--watch follows changes (Marathon's event stream, plus polling): on a
terminal the table is redrawn on the alternate screen and the final state is
printed on the main screen when it stops; off a terminal only changed rows are
printed, one timestamped line each; with -o json one JSON object per change.
Ctrl-C stops it.

--failing keeps only the apps that need a look: fewer healthy tasks than
wanted (a deployment in progress included), tasks failing their health
check, or an lb agent that does not route the service; nothing is printed
when there are none.`,
		Example: `  $ yodel status --realm qa
  $ yodel status --realm prod --failing
  $ yodel status web --realm prod --watch
  $ yodel status --realm qa -o json`,
		Args: cobra.MaximumNArgs(1),
		RunE: svcutil.RealmRunE(f, &opts.Common, &opts.Deps, "status of", func() error {
			if opts.Failing && opts.Watch {
				return cmdutil.FlagErrorf("--failing and --watch cannot be combined: --watch follows every app")
			}
			return nil
		}, opts, runF, Run),
	}
	svcutil.AddFlags(cmd, &opts.Common, false)
	cmd.Flags().BoolVarP(&opts.Watch, "watch", "w", false, "Follow changes until Ctrl-C")
	cmd.Flags().BoolVar(&opts.Failing, "failing", false, "Show only apps with fewer healthy tasks than wanted, failing health checks, or not routed by an lb agent")
	cmdutil.AddOutputFlag(cmd, &opts.Output)
	return cmd
}

func Run(ctx context.Context, opts *Options) error {
	svc := ""
	if opts.Service != "" || opts.File != "" {
		var err error
		if svc, err = opts.ServiceName(); err != nil {
			return err
		}
	}
	r, mc, err := opts.Deps.RealmMarathon(opts.Realm)
	if err != nil {
		return err
	}
	opts.realmArg, opts.svc = r.Arg(), svc
	// The store only adds tracks: status still works without it.
	var st state.Store
	if s, err := opts.Deps.Store(ctx, r); err != nil {
		fmt.Fprintf(opts.Deps.IO.ErrOut, "warning: state store: %v (tracks not shown)\n", err)
	} else {
		st = s
		defer st.Close()
	}
	warned := false
	fetch := func(ctx context.Context) ([]view.App, error) {
		rows, err := Fetch(ctx, mc, st, svc)
		if err == nil && st != nil {
			// Like the tracks, the agents' view only adds to the rows.
			if rerr := AddRouting(ctx, opts, r, st, rows); rerr != nil && !warned && ctx.Err() == nil {
				warned = true
				fmt.Fprintf(opts.Deps.IO.ErrOut, "warning: %v (URLs and routing errors not shown)\n", rerr)
			}
		}
		return rows, err
	}
	if opts.Watch {
		return watch(ctx, opts, fetch, mc)
	}
	rows, err := fetch(ctx)
	if err != nil {
		return err
	}
	if svc != "" && len(rows) == 0 {
		return cmdutil.WithExit(cmdutil.ExitFailure, fmt.Errorf("no app of service %s in realm %s%s", svc, r.Realm, lastChange(ctx, st, svc)),
			fmt.Sprintf("deploy it: yodel deploy %s --realm %s\n  see its history: yodel history %s --realm %s", svc, r.Arg(), svc, r.Arg()))
	}
	if len(rows) == 0 {
		// On stderr, so stdout stays what scripts parse (an empty table,
		// or [] with -o json), on a terminal or not.
		fmt.Fprintf(opts.Deps.IO.ErrOut, "no apps in realm %s: Marathon runs nothing yet (deploy one: yodel deploy SERVICE --realm %s)\n", r.Realm, r.Arg())
	}
	if opts.Failing && len(rows) > 0 {
		all := len(rows)
		rows = slices.DeleteFunc(rows, func(a view.App) bool { return !a.Failing() })
		if len(rows) == 0 && opts.Deps.IO.IsStdoutTTY() && !opts.Output.IsJSON() {
			// On stderr and on a terminal only: stdout stays empty for a
			// script, which tests for that.
			msg := fmt.Sprintf("all %d apps have the healthy tasks they want, pass their health checks and are routed by every lb agent", all)
			if all == 1 {
				msg = "the app has the healthy tasks it wants, passes its health checks and is routed by every lb agent"
			}
			fmt.Fprintln(opts.Deps.IO.ErrOut, msg)
			return nil
		}
	}
	if opts.Output.IsJSON() {
		return cmdutil.WriteJSON(opts.Deps.IO.Out, rows)
	}
	return render(opts, opts.Deps.IO.Out, rows)
}

// render writes the table, and on a terminal the tasks of the one service
// asked for after it. Off a terminal the rows stay the only lines, as
// scripts cut them; -o json has the tasks.
func render(opts *Options, w io.Writer, rows []view.App) error {
	ios, now := opts.Deps.IO, opts.Deps.Now()
	if err := Render(w, ios, rows, opts.realmArg, now); err != nil {
		return err
	}
	if opts.svc == "" || !ios.IsStdoutTTY() {
		return nil
	}
	return ui.TaskTable(ios, w, rows, opts.svc, opts.realmArg, now)
}

// Fetch reads the realm and builds the view of its apps, sorted by service then app.
// svc, when set, keeps only that service's apps; then only the apps whose id
// contains its name are read (every app a row of svc can show has such an
// id: view.Apps).
func Fetch(ctx context.Context, mc *marathon.Client, st state.Store, svc string) ([]view.App, error) {
	apps, err := mc.AppsWithID(ctx, svc)
	if err != nil {
		return nil, err
	}
	routes := map[string]view.Route{}
	if st != nil {
		rts, err := st.ListRouting(ctx)
		if err != nil {
			return nil, fmt.Errorf("read routing state: %w", err)
		}
		routes = view.Routes(rts)
	}
	return view.Apps(apps, routes, svc, time.Now()), nil
}

// AddRouting adds to rows what the realm's lb agents say (servicePorts,
// URLs, routing errors), and for the one service asked for how each
// agent's HAProxy holds each task. Best effort: an agent that cannot be
// read says so in its rows' routing errors; a store that cannot list
// agents is an error.
func AddRouting(ctx context.Context, opts *Options, r *realm.Realm, st state.Store, rows []view.App) error {
	c := lb.Client{}
	if ac, err := svcutil.AgentClient(r, opts.LookupEnv); err == nil {
		c.Token = ac.Token
	}
	regs, err := st.ListAgents(ctx)
	if err != nil {
		return fmt.Errorf("list the lb agents: %w", err)
	}
	if len(regs) == 0 {
		return nil
	}
	var servers map[string]view.ServersRead
	done := make(chan struct{})
	if opts.svc == "" {
		close(done)
	} else {
		go func() { // beside the status reads: each may take ReadTimeout
			defer close(done)
			servers = lbagents.ReadServers(ctx, c, regs, opts.svc)
		}()
	}
	agents := view.Agents(regs, lbagents.ReadAll(ctx, c, regs), nil)
	<-done
	h := r.HAProxy
	view.AddRouting(rows, agents, view.LBSettings{BindAddress: h.BindAddress,
		CanaryHeader: h.CanaryHeader.Name + ": " + h.CanaryHeader.Value, IsolatedPortOffset: h.IsolatedPortOffset})
	if servers != nil {
		view.AddTaskRouting(rows, servers)
	}
	return nil
}

// Render writes the table: aligned with a header on a terminal, tab
// separated without one elsewhere.
func Render(w io.Writer, ios *iostreams.IOStreams, rows []view.App, realmArg string, now time.Time) error {
	return ui.StatusTable(ios, w, rows, realmArg, now)
}

// watch follows the realm until ctx ends.
func watch(ctx context.Context, opts *Options, fetch func(context.Context) ([]view.App, error), mc *marathon.Client) error {
	ios := opts.Deps.IO
	throttle, poll := opts.Throttle, opts.Poll
	if throttle == 0 {
		throttle = 200 * time.Millisecond
	}
	if poll == 0 {
		poll = 2 * time.Second
	}
	events, err := mc.Events(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return err
	}
	tick := time.NewTicker(poll)
	defer tick.Stop()
	var last map[string]view.App
	var lastRows []view.App
	screen := watchScreen(opts)
	if screen.Mode() == live.FullScreen {
		stop := make(chan struct{})
		defer close(stop)
		live.OnResize(stop, func() { _ = screen.Redraw() })
		defer func() {
			_ = screen.Close()
			if lastRows != nil {
				_ = render(opts, ios.Out, lastRows)
			}
		}()
	}
	var nextAt time.Time
	for {
		rows, err := fetch(ctx)
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			fmt.Fprintf(ios.ErrOut, "%s warning: %v\n", opts.Deps.Now().UTC().Format(time.RFC3339), err)
		} else {
			last, lastRows = emit(opts, screen, rows, last), rows
		}
		nextAt = time.Now().Add(throttle)
		// Coalesce: wait for news, then at least the throttle.
		select {
		case <-ctx.Done():
			return nil
		case _, ok := <-events:
			if !ok {
				return nil
			}
		case <-tick.C:
		}
		if d := time.Until(nextAt); d > 0 {
			select {
			case <-ctx.Done():
				return nil
			case <-time.After(d):
			}
		}
		drain(events)
	}
}

func drain(ch <-chan marathon.Event) {
	for {
		select {
		case _, ok := <-ch:
			if !ok {
				return
			}
		default:
			return
		}
	}
}

// Terminal sequences of --watch: switch to and from the alternate screen;
// home the cursor and clear the screen before each frame.
const (
	altScreenOn  = live.AltScreenOn
	altScreenOff = live.AltScreenOff
	clearScreen  = live.Home
)

// emit shows one refresh: the whole table redrawn on a terminal, otherwise
// only the rows that changed (and the ones that went away).
func emit(opts *Options, screen *live.Screen, rows []view.App, last map[string]view.App) map[string]view.App {
	ios := opts.Deps.IO
	out := ios.Out
	at := opts.Deps.Now()
	now := at.UTC().Format(time.RFC3339)
	cur := make(map[string]view.App, len(rows))
	for _, r := range rows {
		cur[r.Key()] = r
	}
	if screen.Mode() == live.FullScreen {
		if last != nil && equal(cur, last) {
			return cur
		}
		var b strings.Builder
		_ = render(opts, &b, rows)
		b.WriteString(ui.NewStyles(ios, out).Dim.Render("updated "+now+" · Ctrl-C to stop") + "\n")
		_ = screen.Draw(b.String())
		return cur
	}
	var changed []view.App
	var gone []string
	for _, r := range rows {
		old, ok := last[r.Key()]
		if !opts.Output.IsJSON() {
			// A text line has no tasks: one changing alone is no news.
			old.Tasks, r.Tasks = nil, nil
		}
		if !ok || !reflect.DeepEqual(old, r) {
			changed = append(changed, r)
		}
	}
	for k := range last {
		if _, ok := cur[k]; !ok {
			gone = append(gone, k)
		}
	}
	sort.Strings(gone)
	for _, r := range changed {
		if opts.Output.IsJSON() {
			b, _ := json.Marshal(struct {
				Time string `json:"time"`
				view.App
			}{now, r})
			fmt.Fprintf(out, "%s\n", b)
			continue
		}
		fmt.Fprintf(out, "%s\t%s\n", now, strings.Join(ui.StatusCells(r, false, at), "\t"))
	}
	for _, k := range gone {
		if opts.Output.IsJSON() {
			fmt.Fprintf(out, "{\"time\":%q,\"app\":%q,\"removed\":true}\n", now, k)
			continue
		}
		fmt.Fprintf(out, "%s\t%s\tremoved\n", now, ui.Escape(k))
	}
	return cur
}

func equal(a, b map[string]view.App) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || !reflect.DeepEqual(w, v) {
			return false
		}
	}
	return true
}

// watchScreen is where --watch draws. Like argo-rollouts' get --watch: where
// stdout may be redrawn in place (a terminal, not TERM=dumb) and the output
// is text, redraw on the alternate screen, then leave the final state on
// the main screen, where it stays in the scrollback; else print lines.
func watchScreen(opts *Options) *live.Screen {
	ios := opts.Deps.IO
	return live.New(ios.Out, live.For(ios, ios.CanMoveCursor() && !opts.Output.IsJSON(), true))
}

// lastChange says what history knows of a service Marathon runs no app
// of: destroyed (when, by whom), or a last change that did not succeed
// (a removed first deploy). Empty when the store says nothing.
func lastChange(ctx context.Context, st state.Store, svc string) string {
	if st == nil {
		return ""
	}
	recs, err := st.History(ctx, svc, 1)
	if err != nil || len(recs) == 0 {
		return ""
	}
	// The record is what a deploying machine wrote (its user and host
	// names, a release): escaped like Marathon's strings, since the error
	// printer keeps newlines (termsafe.Lines).
	rec := recs[0]
	who := ui.Escape(rec.User)
	if rec.Host != "" {
		who += "@" + ui.Escape(rec.Host)
	}
	at := rec.Started.UTC().Format(time.RFC3339)
	switch {
	case rec.Strategy == "destroy" && rec.Outcome == state.OutcomeSucceeded:
		return fmt.Sprintf(": it was destroyed at %s by %s", at, who)
	case rec.Outcome != state.OutcomeSucceeded && rec.Outcome != state.OutcomeInProgress:
		return fmt.Sprintf(": its last change (%s %s at %s by %s) %s", ui.Escape(rec.Strategy), ui.Escape(rec.Release), at, who, ui.Escape(rec.Outcome))
	}
	return ""
}
