// Package status implements `yodel status`: every app of a realm (yodel's
// and the others), with instances, release, deployments and last failure.
package status

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/yodeldeploy/yodel/pkg/appdef"
	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/iostreams"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/state"
	"github.com/yodeldeploy/yodel/pkg/ui"
)

type Options struct {
	svcutil.Common
	Deps   svcutil.Deps
	Watch  bool
	Output cmdutil.OutputFormat
	// Throttle is the minimum time between redraws with --watch (200ms).
	Throttle time.Duration
	// Poll re-reads everything this often with --watch, events or not.
	Poll time.Duration
}

// Row is one app: the view model both renderers and -o json use.
type Row struct {
	Service string `json:"service"`
	App     string `json:"app"`
	Yodel   bool   `json:"yodel"`           // carries YODEL_SERVICE
	Track   string `json:"track,omitempty"` // stable, canary, or "" when unknown
	// From the routing state, when the realm's store has the service:
	// the canary's share of traffic (0-100; absent means 0), whether it
	// is isolated (no public traffic), and the state's generation, which
	// the lb agents acknowledge.
	CanaryWeight float64 `json:"canaryWeight,omitempty"`
	Isolated     bool    `json:"isolated,omitempty"`
	Generation   int64   `json:"generation,omitempty"`
	Release      string  `json:"release,omitempty"`
	Healthy      int     `json:"healthy"`
	Running      int     `json:"running"`
	Wanted       int     `json:"wanted"`
	Deployment   string  `json:"deployment,omitempty"` // id of a deployment in progress
	LastFailure  string  `json:"lastFailure,omitempty"`
}

// Key identifies a row across refreshes.
func (r Row) Key() string { return r.App }

func NewCmdStatus(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{}
	cmd := &cobra.Command{
		Use:   "status [<service>] --realm <realm> [--watch]",
		Short: "Show the services of a realm: instances, release, deployments, failures",
		Long: `Show every app of the realm's Marathon: the ones yodel deploys (labelled
YODEL_SERVICE, with their track from the routing state) and the others.
For each: healthy/running/wanted instances, release, a deployment in
progress, and the last task failure. From the realm's routing state: each
app's track (stable, or canary with its share of traffic, or "isolated"
while it gets only smoke-test traffic) and GEN, the routing generation the
load balancer agents acknowledge.

--watch follows changes (Marathon's event stream, plus polling): on a
terminal the table is redrawn on the alternate screen and the final state is
printed on the main screen when it stops; off a terminal only changed rows are
printed, one timestamped line each; with -o json one JSON object per change.
Ctrl-C stops it.`,
		Example: `  $ yodel status --realm qa
  $ yodel status web --realm prod --watch
  $ yodel status --realm qa -o json`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Service = args[0]
			}
			if opts.Realm == "" {
				return cmdutil.FlagErrorf("--realm is required: status of which realm? (see `yodel realms`)")
			}
			opts.Deps = svcutil.DepsFrom(f)
			if runF != nil {
				return runF(opts)
			}
			return Run(c.Context(), opts)
		},
	}
	svcutil.AddFlags(cmd, &opts.Common, false)
	cmd.Flags().BoolVarP(&opts.Watch, "watch", "w", false, "Follow changes until Ctrl-C")
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
	r, err := opts.Deps.Realm(opts.Realm)
	if err != nil {
		return err
	}
	mc, err := opts.Deps.Marathon(r)
	if err != nil {
		return err
	}
	// The store only adds tracks: status still works without it.
	var st state.Store
	if s, err := opts.Deps.Store(ctx, r); err != nil {
		fmt.Fprintf(opts.Deps.IO.ErrOut, "warning: state store: %v (tracks not shown)\n", err)
	} else {
		st = s
		defer st.Close()
	}
	if opts.Watch {
		return watch(ctx, opts, mc, st, svc)
	}
	rows, err := Fetch(ctx, mc, st, svc)
	if err != nil {
		return err
	}
	if svc != "" && len(rows) == 0 {
		return cmdutil.WithExit(cmdutil.ExitFailure, fmt.Errorf("no app of service %s in realm %s", svc, r.Realm),
			fmt.Sprintf("deploy it: yodel deploy %s --realm %s", svc, opts.Realm))
	}
	if opts.Output.IsJSON() {
		return cmdutil.WriteJSON(opts.Deps.IO.Out, rows)
	}
	return Render(opts.Deps.IO.Out, opts.Deps.IO, rows)
}

// Fetch reads the realm and builds the rows, sorted by service then app.
// svc, when set, keeps only that service's apps.
func Fetch(ctx context.Context, mc *marathon.Client, st state.Store, svc string) ([]Row, error) {
	apps, err := mc.Apps(ctx)
	if err != nil {
		return nil, err
	}
	routes := map[string]Route{}
	if st != nil {
		rts, err := st.ListRouting(ctx)
		if err != nil {
			return nil, fmt.Errorf("read routing state: %w", err)
		}
		routes = Routes(rts)
	}
	return Rows(apps, routes, svc), nil
}

// Route is what the routing state says about one app.
type Route struct {
	Track        string
	CanaryWeight float64
	Isolated     bool
	Generation   int64
}

// Routes maps each app the routing states name to its route.
func Routes(rts []state.Routing) map[string]Route {
	routes := map[string]Route{}
	for _, rt := range rts {
		if rt.Stable != "" {
			routes[rt.Stable] = Route{Track: appdef.TrackStable, Generation: rt.Generation}
		}
		if rt.Canary != "" {
			routes[rt.Canary] = Route{Track: appdef.TrackCanary, CanaryWeight: rt.CanaryWeight, Isolated: rt.CanaryIsolated, Generation: rt.Generation}
		}
	}
	return routes
}

// Rows builds the view model from Marathon's apps and the app → route map.
func Rows(apps []marathon.App, routes map[string]Route, svc string) []Row {
	rows := make([]Row, 0, len(apps))
	for i := range apps {
		a := &apps[i]
		rt := routes[a.ID]
		row := Row{Service: a.Service(), App: a.ID, Release: a.Label(appdef.LabelRelease), Wanted: a.WantedInstances(),
			Track: rt.Track, CanaryWeight: rt.CanaryWeight, Isolated: rt.Isolated, Generation: rt.Generation}
		row.Yodel = row.Service != ""
		if !row.Yodel {
			row.Service = strings.TrimPrefix(a.ID, "/")
		}
		if svc != "" && row.Service != svc {
			continue
		}
		for _, t := range a.Tasks {
			if marathon.TaskRunning(t) {
				row.Running++
			}
			if a.TaskHealthy(t) {
				row.Healthy++
			}
		}
		if ids := a.DeploymentIDs(); len(ids) > 0 {
			row.Deployment = strings.Join(ids, ",")
		}
		if f := a.LastTaskFailure; f != nil && f.TaskID != "" {
			row.LastFailure = strings.TrimSpace(f.State + " " + f.Message)
		}
		rows = append(rows, row)
	}
	sort.Slice(rows, func(i, j int) bool {
		if rows[i].Service != rows[j].Service {
			return rows[i].Service < rows[j].Service
		}
		return rows[i].App < rows[j].App
	})
	return rows
}

// Render writes the table: aligned with a header on a terminal, tab
// separated without one elsewhere.
func Render(w io.Writer, ios *iostreams.IOStreams, rows []Row) error {
	return renderTo(w, rows, ios.IsStdoutTTY(), ui.NewTable(ios, w, headers...))
}

func renderTo(w io.Writer, rows []Row, tty bool, t *ui.Table) error {
	if t == nil {
		return fmt.Errorf("status: no table")
	}
	for _, r := range rows {
		t.Row(cells(r, tty)...)
	}
	return t.Render(w)
}

var headers = []string{"SERVICE", "APP", "TRACK", "GEN", "RELEASE", "HEALTHY", "RUNNING", "DEPLOYMENT", "LAST FAILURE"}

func cells(r Row, tty bool) []string {
	dash := func(s string) string {
		if s == "" && tty {
			return "-"
		}
		return s
	}
	svc := r.Service
	if !r.Yodel && tty {
		svc += " (not yodel)"
	}
	gen := ""
	if r.Generation > 0 {
		gen = strconv.FormatInt(r.Generation, 10)
	}
	return []string{svc, r.App, dash(track(r)), dash(gen), dash(r.Release), fmt.Sprintf("%d/%d", r.Healthy, r.Wanted),
		fmt.Sprint(r.Running), dash(r.Deployment), dash(truncate(r.LastFailure, 60, tty))}
}

// track is the TRACK cell: a canary shows its share of traffic, or that
// it gets none but the smoke tests' (isolated).
func track(r Row) string {
	if r.Track != appdef.TrackCanary {
		return r.Track
	}
	if r.Isolated {
		return "canary isolated"
	}
	return "canary " + strconv.FormatFloat(r.CanaryWeight, 'f', -1, 64) + "%"
}

func truncate(s string, n int, tty bool) string {
	if !tty || len(s) <= n {
		return s
	}
	return s[:n-1] + "…"
}

// watch follows the realm until ctx ends.
func watch(ctx context.Context, opts *Options, mc *marathon.Client, st state.Store, svc string) error {
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
	var last map[string]Row
	var lastRows []Row
	if ios.IsStdoutTTY() && !opts.Output.IsJSON() {
		// Like argo-rollouts' get --watch: redraw on the alternate screen,
		// then leave the final state on the main screen, where it stays in
		// the scrollback.
		io.WriteString(ios.Out, altScreenOn)
		defer func() {
			io.WriteString(ios.Out, altScreenOff)
			if lastRows != nil {
				_ = Render(ios.Out, ios, lastRows)
			}
		}()
	}
	var nextAt time.Time
	for {
		rows, err := Fetch(ctx, mc, st, svc)
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			fmt.Fprintf(ios.ErrOut, "%s warning: %v\n", opts.Deps.Now().UTC().Format(time.RFC3339), err)
		} else {
			last, lastRows = emit(opts, rows, last), rows
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
	altScreenOn  = "\x1b[?1049h"
	altScreenOff = "\x1b[?1049l"
	clearScreen  = "\x1b[H\x1b[J"
)

// emit shows one refresh: the whole table redrawn on a terminal, otherwise
// only the rows that changed (and the ones that went away).
func emit(opts *Options, rows []Row, last map[string]Row) map[string]Row {
	ios := opts.Deps.IO
	out := ios.Out
	now := opts.Deps.Now().UTC().Format(time.RFC3339)
	cur := make(map[string]Row, len(rows))
	for _, r := range rows {
		cur[r.Key()] = r
	}
	if ios.IsStdoutTTY() && !opts.Output.IsJSON() {
		if last != nil && equal(cur, last) {
			return cur
		}
		var b strings.Builder
		b.WriteString(clearScreen)
		t := ui.NewTable(ios, &b, headers...)
		_ = renderTo(&b, rows, true, t)
		b.WriteString(ui.NewStyles(ios, out).Dim.Render("updated "+now+" · Ctrl-C to stop") + "\n")
		io.WriteString(out, b.String())
		return cur
	}
	var changed []Row
	var gone []string
	for _, r := range rows {
		if old, ok := last[r.Key()]; !ok || old != r {
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
				Row
			}{now, r})
			fmt.Fprintf(out, "%s\n", b)
			continue
		}
		fmt.Fprintf(out, "%s\t%s\n", now, strings.Join(cells(r, false), "\t"))
	}
	for _, k := range gone {
		if opts.Output.IsJSON() {
			fmt.Fprintf(out, "{\"time\":%q,\"app\":%q,\"removed\":true}\n", now, k)
			continue
		}
		fmt.Fprintf(out, "%s\t%s\tremoved\n", now, k)
	}
	return cur
}

func equal(a, b map[string]Row) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
