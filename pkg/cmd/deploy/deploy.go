// Package deploy implements `yodel deploy` for the rolling path and the first
// deploy of a service: validate, lock, plan, confirm, apply, wait, and roll
// back a stalled deployment.
package deploy

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/yodeldeploy/yodel/pkg/appdef"
	canarypkg "github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	engine "github.com/yodeldeploy/yodel/pkg/deploy"
	"github.com/yodeldeploy/yodel/pkg/diff"
	"github.com/yodeldeploy/yodel/pkg/drain"
	"github.com/yodeldeploy/yodel/pkg/lb"
	"github.com/yodeldeploy/yodel/pkg/lbagents"
	"github.com/yodeldeploy/yodel/pkg/manifest"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/realm"
	"github.com/yodeldeploy/yodel/pkg/state"
	"github.com/yodeldeploy/yodel/pkg/ui"
)

// DefaultApplyTimeout bounds the wait for every live lb agent to route a
// deploy; an agent takes milliseconds, so this only catches a stuck one.
const DefaultApplyTimeout = 30 * time.Second

// Strategies.
const (
	StrategyRolling = "rolling"
	StrategyCanary  = "canary"
)

type Options struct {
	svcutil.Common
	Deps        svcutil.Deps
	GitDescribe func(dir string) (string, error) // nil skips git
	LookupEnv   func(string) (string, bool)      // secrets; os.LookupEnv
	Args        []string                         // the command line, for the lock and history

	Release          string
	Strategy         string
	Timeout          time.Duration
	ProgressDeadline time.Duration
	Output           cmdutil.OutputFormat
	// Settle is how long an app without health checks must stay up before
	// the deploy counts as done (a task that crashes at once must not pass).
	Settle time.Duration
	// Canary path (pkg/cmd/canary/shared): emergency skips, JUnit report.
	SkipIsolated, SkipPartial bool
	JUnit                     string

	// ApplyTimeout bounds the wait for the lb agents to route the deploy
	// (default DefaultApplyTimeout).
	ApplyTimeout time.Duration

	// marathonDone is called when Marathon reports the change done, with
	// the deploy's lock; the overhead benchmark measures from there.
	marathonDone func(state.Lock)
}

// Result is the JSON of `deploy -o json`, printed at the end whatever the
// outcome.
type Result struct {
	Service         string            `json:"service"`
	Realm           string            `json:"realm"`
	AppID           string            `json:"appId"`
	Release         string            `json:"release"`
	ReleaseSource   string            `json:"releaseSource"`
	PreviousRelease string            `json:"previousRelease,omitempty"`
	FirstDeploy     bool              `json:"firstDeploy"`
	Strategy        string            `json:"strategy"`
	Outcome         string            `json:"outcome"` // succeeded, unchanged, rolled-back, timed-out, interrupted, failed, cancelled
	Reason          string            `json:"reason,omitempty"`
	DeploymentID    string            `json:"deploymentId,omitempty"`
	Version         string            `json:"version,omitempty"`
	Plan            diff.Result       `json:"plan"`
	Progress        marathon.Progress `json:"progress"`
	Started         time.Time         `json:"started"`
	Finished        time.Time         `json:"finished"`
	HistoryID       string            `json:"historyId,omitempty"`
	// Canary is the rollout record when the canary strategy ran.
	Canary *canarypkg.Rollout `json:"canary,omitempty"`
}

func NewCmdDeploy(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{GitDescribe: manifest.GitDescribe, LookupEnv: os.LookupEnv}
	cmd := &cobra.Command{
		Use:   "deploy <service> --realm <realm> [--release <name>] [--strategy rolling] [--yes]",
		Short: "Deploy a service to a realm and wait until it is healthy",
		Long: `Deploy a service: validate the manifest against the realm, take the service's
deployment lock, show the plan (a typed diff of the Marathon app), ask for
confirmation, apply, and wait until every new task is running and healthy and
the old ones are gone, then until every live lb agent routes it (30s at most:
a lagging agent exits 4, naming it; with no agent in the realm yodel says so
and succeeds).

The first deploy of a service creates its stable app (/<service>-blue) and its
routing state. Later deploys update the stable app in place (rolling).

Marathon never fails a deployment by itself: when new tasks keep failing, or
nothing moves within --progress-deadline, yodel rolls back to the previous
version (or removes a first deploy) and exits 3 with the reason. When
--timeout passes first, the deployment is left running and yodel exits 4,
saying what state the service is in and what to run.

Off a terminal there is no prompt: --yes is implied by --non-interactive or
CI=true, and refused otherwise.

Exit codes: 0 deployed (or nothing to change), 1 failure, 2 invalid input,
3 rolled back, 4 timed out, 5 locked, 130 interrupted.`,
		Example: `  $ yodel deploy web --realm qa
  $ yodel deploy web --realm prod --release v2.1.0 --yes
  $ CI=true yodel deploy -f services/web.yaml --realm staging -o json`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if err := opts.Common.Args(args, "deploy"); err != nil {
				return err
			}
			switch opts.Strategy {
			case "", StrategyRolling, StrategyCanary: // "": canary when a stable release exists
			default:
				return cmdutil.FlagErrorf("--strategy must be %q or %q", StrategyRolling, StrategyCanary)
			}
			if opts.Timeout <= 0 || opts.ProgressDeadline < 0 {
				return cmdutil.FlagErrorf("--timeout must be positive and --progress-deadline not negative")
			}
			opts.Deps = svcutil.DepsFrom(f)
			opts.Args = svcutil.CommandArgs(c, args)
			if runF != nil {
				return runF(opts)
			}
			return Run(c.Context(), opts)
		},
	}
	svcutil.AddFlags(cmd, &opts.Common, true)
	cmd.Flags().StringVar(&opts.Release, "release", "", "Release name (default: image tag, git describe, or manifest hash)")
	cmd.Flags().StringVar(&opts.Strategy, "strategy", "", "Deployment strategy: canary (the default when a stable release exists) or rolling")
	cmd.Flags().BoolVar(&opts.SkipIsolated, "skip-isolated", false, "Canary: skip the isolated step and its smoke checks (emergencies; recorded in history)")
	cmd.Flags().BoolVar(&opts.SkipPartial, "skip-partial", false, "Canary: skip the partial steps and their checks (emergencies; recorded in history)")
	cmd.Flags().StringVar(&opts.JUnit, "junit", "", "Write each step and check as a JUnit test case to this file, whatever the strategy and outcome")
	cmd.Flags().DurationVar(&opts.Timeout, "timeout", 15*time.Minute, "Give up waiting after this long (the deployment is left running; exit 4)")
	cmd.Flags().DurationVar(&opts.ProgressDeadline, "progress-deadline", 5*time.Minute, "Roll back when nothing moves for this long (0: never)")
	cmd.Flags().DurationVar(&opts.Settle, "settle", engine.DefaultSettle, "For apps without health checks: how long new tasks must stay up")
	cmdutil.AddOutputFlag(cmd, &opts.Output)
	return cmd
}

// Run deploys. ctx is cancelled by Ctrl-C.
func Run(ctx context.Context, opts *Options) (err error) {
	d := &deployer{opts: opts, now: opts.Deps.Now}
	if d.now == nil {
		d.now = time.Now
	}
	d.res.Started = d.now()
	d.res.Strategy = opts.Strategy
	err = d.run(ctx)
	if d.res.Outcome == "" {
		d.res.Outcome = state.OutcomeFailed
		if err != nil {
			d.res.Reason = err.Error()
		}
	}
	d.res.Finished = d.now()
	if opts.JUnit != "" && d.res.Canary == nil {
		// The canary driver writes its own report; every other ending
		// (rolling, or stopped before a rollout began) writes this one, so
		// CI always finds the file it was told to read.
		sum := canarypkg.Summary{Service: d.res.Service, Realm: d.res.Realm, Release: d.res.Release, Strategy: d.res.Strategy,
			Outcome: d.res.Outcome, Reason: d.res.Reason, Started: d.res.Started, Finished: d.res.Finished, Steps: d.record.Steps}
		if jerr := canarypkg.WriteSummaryJUnitFile(opts.JUnit, sum, d.now()); jerr != nil {
			fmt.Fprintf(opts.Deps.IO.ErrOut, "warning: %v\n", jerr)
		}
	}
	if opts.Output.IsJSON() && d.planned {
		if werr := cmdutil.WriteJSON(opts.Deps.IO.Out, d.res); werr != nil && err == nil {
			err = werr
		}
	}
	return err
}

type deployer struct {
	opts    *Options
	now     func() time.Time
	res     Result
	planned bool

	m      *manifest.Manifest
	r      *realm.Realm
	mc     *marathon.Client
	st     state.Store
	lock   state.Lock
	live   *marathon.App
	app    *marathon.App
	rt     *state.Routing
	rtVer  state.Version
	record state.Record
	view   *ui.Progress
	// reapplied is set once the update was sent again because Marathon had
	// lost it (see updateLost); a second loss is an error, not a loop.
	reapplied bool
	// build makes the release's app definition under another app id.
	build func(id string) (*marathon.App, error)
	// surge is the drained rolling deploy in progress (surge.go); nil when
	// Marathon's own rolling upgrade is safe (nothing routes the app).
	surge *drain.Surge
}

func (d *deployer) run(ctx context.Context) error {
	o := d.opts
	io := o.Deps.IO
	m, err := o.Manifest()
	if err != nil {
		return err
	}
	d.m = m
	r, err := o.Deps.Realm(o.Realm)
	if err != nil {
		return err
	}
	d.r = r
	if err := r.CheckManifest(m); err != nil {
		return err
	}
	release, src, err := m.Release(o.Release, o.GitDescribe)
	if err != nil {
		return cmdutil.InvalidInput(err)
	}
	d.res.Service, d.res.Realm, d.res.Release, d.res.ReleaseSource = m.Service, r.Realm, release, string(src)

	mc, err := o.Deps.Marathon(r)
	if err != nil {
		return err
	}
	d.mc = mc
	st, err := o.Deps.Store(ctx, r)
	if err != nil {
		return err
	}
	d.st = st
	defer st.Close()

	// The guard before the lock (its holder may be a rollout's driver:
	// say which rollout, not only who holds the lock) and again under it.
	// A refused deploy writes nothing, not even a history row.
	if _, err := engine.Guard(ctx, st, m.Service, engine.OpDeploy); err != nil {
		return err
	}
	holder := svcutil.Holder(o.Deps.Getenv, strings.Join(append([]string{"yodel"}, o.Args...), " "), d.now())
	lock, err := st.Lock(ctx, m.Service, holder)
	if err != nil {
		return err
	}
	if n := state.TakeoverNotice(lock); n != "" {
		fmt.Fprintf(io.ErrOut, "warning: %s\n", n)
	}
	d.lock = lock
	defer func() {
		rctx, cancel := engine.Background(10 * time.Second)
		defer cancel()
		if err := lock.Release(rctx); err != nil {
			fmt.Fprintf(io.ErrOut, "warning: releasing the deployment lock of %s: %v\n", m.Service, err)
		}
	}()
	if _, err := engine.Guard(ctx, st, m.Service, engine.OpDeploy); err != nil {
		return err
	}

	appID, rt, rtVer, err := engine.StableAppID(ctx, st, m.Service)
	if err != nil {
		return err
	}
	d.rt, d.rtVer, d.res.AppID = rt, rtVer, appID
	live, err := mc.App(ctx, appID)
	switch {
	case marathon.IsNotFound(err):
		live = nil
	case err != nil:
		return err
	}
	d.live = live
	d.res.FirstDeploy = live == nil
	if live != nil {
		d.res.PreviousRelease = live.Label(appdef.LabelRelease)
	}

	secrets := r.ManifestSecrets(m.Dir(), o.LookupEnv)
	gm, err := appdef.Build(m, appdef.Options{
		AppID: appID, Release: release, Realm: r.Realm, Secrets: secrets,
		Labels: svcutil.DeployLabels(o.Deps.Getenv, m.Dir()),
	})
	if err != nil {
		return cmdutil.InvalidInput(err)
	}
	d.app = &marathon.App{Application: *gm}
	d.build = func(id string) (*marathon.App, error) {
		gm, err := appdef.Build(m, appdef.Options{
			AppID: id, Release: release, Realm: r.Realm, Secrets: secrets,
			Labels: svcutil.DeployLabels(o.Deps.Getenv, m.Dir()),
		})
		if err != nil {
			return nil, err
		}
		return &marathon.App{Application: *gm}, nil
	}

	plan, err := diff.Apps(d.app, live, svcutil.DiffOptions(m, r.Realm, live))
	if err != nil {
		return err
	}
	d.res.Plan, d.planned = plan, true

	errOut := io.ErrOut
	st2 := ui.NewStyles(io, errOut)
	if !o.Output.IsJSON() || io.IsStderrTTY() {
		fmt.Fprintf(errOut, "Plan for %s in realm %s, release %s (from %s):\n", m.Service, r.Realm, release, src)
		ui.Diff(errOut, st2, plan)
	}
	if plan.Empty() && engine.Healthy(live) {
		d.res.Outcome = "unchanged"
		d.res.Version = live.Version
		if engine.RoutingBehind(rt, appID, engine.RoutingPorts(m, r)) {
			return d.repairRouting(ctx)
		}
		if !o.Output.IsJSON() {
			fmt.Fprintf(io.Out, "%s %s is already deployed in %s: nothing to do\n", m.Service, release, r.Realm)
		}
		return nil
	}
	verb := "Update"
	if live == nil {
		verb = "Create"
	}
	if err := svcutil.Confirm(io, o.Deps.Getenv, &o.Common, fmt.Sprintf("%s %s in realm %s?", verb, appID, r.Realm)); err != nil {
		d.res.Outcome = "cancelled"
		return err
	}
	if useCanary(o.Strategy, live) {
		return d.canary(ctx, release, secrets)
	}
	if o.Strategy == "" {
		o.Strategy, d.res.Strategy = StrategyRolling, StrategyRolling
	}

	d.record = state.Record{Service: m.Service, Release: release, User: holder.User, Host: holder.Host,
		Command: holder.Command, Started: d.now(), Outcome: state.OutcomeInProgress, Strategy: o.Strategy}
	if id, err := st.AppendHistory(ctx, m.Service, d.record); err != nil {
		fmt.Fprintf(errOut, "warning: history not recorded: %v\n", err)
	} else {
		d.record.ID, d.res.HistoryID = id, id
	}
	return d.apply(ctx)
}

func (d *deployer) apply(ctx context.Context) error {
	o, io := d.opts, d.opts.Deps.IO
	d.view = ui.NewProgress(io, io.ErrOut, ui.ViewOptions{
		Service: d.m.Service, Realm: d.r.Realm, Action: "deploy",
		OldRelease: d.res.PreviousRelease, NewRelease: d.res.Release,
		Now: d.now, Tick: time.Second, LineEvery: time.Second,
	})
	defer d.view.Close()
	since := d.now()
	var ref marathon.DeploymentRef
	var err error
	if d.surge == nil && d.live != nil && drain.Routed(ctx, d.st, d.m.Service, d.app.ID) {
		if err := d.surgeUp(ctx); err != nil {
			return err
		}
	}
	if d.live == nil {
		d.view.Step("creating " + d.app.ID)
		ref, err = d.mc.CreateApp(ctx, d.app)
	} else {
		d.view.Step("updating " + d.app.ID + " (rolling)")
		ref, err = d.mc.UpdateApp(ctx, d.app, false)
	}
	var le *marathon.LockedError
	if errors.As(err, &le) && d.live != nil {
		if own, ok := engine.OwnDeployment(ctx, d.mc, d.app, le); ok {
			d.view.Step(fmt.Sprintf("Marathon is already deploying this release (deployment %s, started by an earlier run): waiting for it", own.ID))
			ref, err = own, nil
		}
	}
	if err != nil {
		if errors.As(err, &le) {
			le.SeeCommand = fmt.Sprintf("yodel status %s --realm %s", d.m.Service, d.opts.Realm)
		}
		err = appdef.MapInvalid(err, d.m, d.r.Realm) // a 422: point at the manifest lines
		d.finish(state.OutcomeFailed, err.Error())
		return err
	}
	d.res.DeploymentID, d.res.Version = ref.ID, ref.Version
	d.view.Step("waiting for every new task to be healthy")
	spec := marathon.WaitSpec{AppID: d.app.ID, DeploymentID: ref.ID, Version: ref.Version, WantInstances: -1,
		ProgressDeadline: o.ProgressDeadline, Since: since}
	if !d.app.HasHealthChecks() {
		spec.Settle = o.Settle
	}
	out, ending, werr := svcutil.Wait(ctx, d.mc, spec, o.Timeout, d.view, d.lock.Lost())
	d.res.Progress = out.Progress
	switch ending {
	case engine.Done:
		if lost, live, lerr := engine.UpdateLost(ctx, d.mc, d.app); lerr != nil {
			d.finish(state.OutcomeFailed, lerr.Error())
			return lerr
		} else if lost {
			// A Marathon that restarted or failed over before persisting the
			// update answers with the old app, whose tasks all look current:
			// the wait "succeeds" on the previous release. Send it again once.
			if d.reapplied {
				err := fmt.Errorf("marathon lost the update of %s twice (leader changes or restarts during the deploy); %s still runs the previous release: run the deploy again", d.app.ID, d.r.Realm)
				d.finish(state.OutcomeFailed, err.Error())
				return err
			}
			d.reapplied = true
			d.view.Step("Marathon no longer has the update (a restart or leader change lost it); sending it again")
			d.view.Close()
			d.live = live
			return d.apply(ctx)
		}
		if err := d.surgeDown(ctx); err != nil {
			d.finish(state.OutcomeFailed, err.Error())
			return err
		}
		if o.marathonDone != nil {
			o.marathonDone(d.lock)
		}
		gen, err := engine.WriteLocked(ctx, d.lock, d.writeRouting)
		if errors.Is(err, engine.ErrLockLost) {
			return d.lockLost(out.Progress, true)
		}
		if err != nil {
			d.finish(state.OutcomeFailed, err.Error())
			return err
		}
		if err := d.waitRouted(ctx, gen); err != nil {
			d.res.Outcome, d.res.Reason = "timed-out", err.Error()
			d.finish(state.OutcomeSucceeded, err.Error())
			return err
		}
		d.finish(state.OutcomeSucceeded, "")
		d.view.Step("done")
		d.view.Close()
		if !o.Output.IsJSON() {
			fmt.Fprintf(io.Out, "Deployed %s %s to %s: %d/%d healthy (%s) in %s\n", d.m.Service, d.res.Release, d.r.Realm,
				out.Progress.Healthy, out.Progress.Wanted, d.app.ID, d.now().Sub(d.res.Started).Round(100*time.Millisecond))
		}
		return nil
	case engine.Stalled:
		return d.rollBack(ctx, engine.StallReason(werr))
	case engine.TimedOut:
		d.leaveSurge()
		msg := fmt.Sprintf("timed out after %s waiting for %s %s in %s: %s. The deployment was left running",
			o.Timeout, d.m.Service, d.res.Release, d.r.Realm, engine.Describe(out.Progress))
		d.res.Outcome, d.res.Reason = "timed-out", msg
		d.finish(state.OutcomeFailed, msg)
		return cmdutil.WithExit(cmdutil.ExitTimeout, errors.New(msg),
			fmt.Sprintf("follow it:  yodel status %[1]s --realm %[2]s --watch\n  undo it:    yodel rollback %[1]s --realm %[2]s", d.m.Service, o.Realm))
	case engine.Interrupted:
		return d.interrupted(out.Progress)
	}
	if errors.Is(werr, engine.ErrLockLost) {
		return d.lockLost(out.Progress, false)
	}
	d.finish(state.OutcomeFailed, werr.Error())
	return werr
}

// lockLost ends a deploy whose lock was lost: before Marathon was done
// (its deployment goes on by itself) or after it (the routing state was not
// written). Running the deploy again finishes either: it waits for its own
// deployment still running in Marathon (ownDeployment), and a release
// Marathon already runs gets its routing state written (routingBehind).
func (d *deployer) lockLost(p marathon.Progress, marathonDone bool) error {
	left := fmt.Sprintf("Marathon's deployment of %s was left running (%s); the routing state was not written", d.app.ID, engine.Describe(p))
	switch {
	case marathonDone && p.Wanted == 0: // repairRouting: no wait, no progress
		left = fmt.Sprintf("Marathon runs %s, but the routing state was not written", d.app.ID)
	case marathonDone:
		left = fmt.Sprintf("Marathon finished deploying %s (%s), but the routing state was not written", d.app.ID, engine.Describe(p))
	}
	again := d.lock.Holder().Command
	if again == "" {
		again = fmt.Sprintf("yodel deploy %s --realm %s --release %s", d.m.Service, d.opts.Realm, d.res.Release)
	}
	err := &engine.LockLostError{Doing: fmt.Sprintf("deploying %s %s", d.m.Service, d.res.Release), Left: left,
		Service: d.m.Service, Realm: d.opts.Realm, Again: again}
	d.view.Close()
	d.finish(state.OutcomeFailed, err.Error())
	return err
}

// interrupted handles Ctrl-C during the wait: on a terminal ask whether to
// roll back; off one, leave the deployment running and say so.
func (d *deployer) interrupted(p marathon.Progress) error {
	io := d.opts.Deps.IO
	d.view.Close()
	d.res.Outcome = "interrupted"
	if io.CanPrompt() {
		back, err := svcutil.AskYesNo(io, fmt.Sprintf("\nInterrupted. Roll %s back to %s?", d.m.Service, orFirst(d.res.PreviousRelease)), false)
		if err == nil && back {
			ctx, cancel := engine.Background(d.opts.Timeout)
			defer cancel()
			if err := d.rollBack(ctx, "interrupted by the user"); err != nil && cmdutil.ExitCode(err) != cmdutil.ExitRolledBack {
				return err
			}
			return cmdutil.WithExit(cmdutil.ExitInterrupted, errors.New("interrupted: rolled back"), "")
		}
	}
	d.leaveSurge()
	msg := fmt.Sprintf("interrupted: the deployment of %s %s was left running (%s)", d.m.Service, d.res.Release, engine.Describe(p))
	d.res.Reason = msg
	d.finish(state.OutcomeAborted, msg)
	return cmdutil.WithExit(cmdutil.ExitInterrupted, errors.New(msg),
		fmt.Sprintf("follow it:  yodel status %[1]s --realm %[2]s --watch\n  undo it:    yodel rollback %[1]s --realm %[2]s", d.m.Service, d.opts.Realm))
}

func orFirst(s string) string {
	if s == "" {
		return "nothing (remove the first deploy)"
	}
	return s
}

// rollBack undoes a stalled change: the previous app version again, or no app
// at all after a first deploy. It waits for that, then exits 3.
func (d *deployer) rollBack(parent context.Context, reason string) error {
	o := d.opts
	ctx := parent
	d.view.Step("rolling back: " + reason)
	var ref marathon.DeploymentRef
	var err error
	want := -1
	if d.live == nil {
		ref, err = d.mc.DeleteApp(ctx, d.app.ID, true)
		want = 0
	} else {
		ref, err = d.mc.RollbackApp(ctx, d.app.ID, d.live.Version, true)
	}
	if err != nil {
		msg := fmt.Sprintf("%s; rolling back failed too: %v", reason, err)
		d.finish(state.OutcomeFailed, msg)
		return fmt.Errorf("deploy of %s %s failed: %s", d.m.Service, d.res.Release, msg)
	}
	spec := marathon.WaitSpec{AppID: d.app.ID, DeploymentID: ref.ID, Version: ref.Version, WantInstances: want,
		ProgressDeadline: o.ProgressDeadline, Since: d.now()}
	out, ending, werr := svcutil.Wait(ctx, d.mc, spec, o.Timeout, d.view, nil)
	var surgeErr error
	if ending == engine.Done {
		surgeErr = d.surgeDown(ctx)
	}
	d.view.Close()
	if ending != engine.Done {
		msg := fmt.Sprintf("%s; the rollback did not finish (%s: %v): %s", reason, ending, werr, engine.Describe(out.Progress))
		d.finish(state.OutcomeFailed, msg)
		return fmt.Errorf("deploy of %s %s failed: %s", d.m.Service, d.res.Release, msg)
	}
	if err := surgeErr; err != nil {
		msg := fmt.Sprintf("%s; rolled back, but %v", reason, err)
		d.finish(state.OutcomeFailed, msg)
		return fmt.Errorf("deploy of %s %s failed: %s", d.m.Service, d.res.Release, msg)
	}
	to := "removed the new app (first deploy)"
	if d.live != nil {
		to = "rolled back to " + orFirst(d.res.PreviousRelease)
	}
	msg := fmt.Sprintf("deploy of %s %s to %s failed and was rolled back (%s): %s", d.m.Service, d.res.Release, d.r.Realm, to, reason)
	d.res.Outcome, d.res.Reason = state.OutcomeRolledBack, reason
	d.finish(state.OutcomeRolledBack, reason)
	return cmdutil.WithExit(cmdutil.ExitRolledBack, errors.New(msg),
		fmt.Sprintf("see what happened: yodel status %s --realm %s (task logs are in Marathon/Mesos)", d.m.Service, o.Realm))
}

// repairRouting writes the routing state of a release Marathon already
// runs, and waits for the lb agents to route it.
func (d *deployer) repairRouting(ctx context.Context) error {
	io := d.opts.Deps.IO
	d.view = ui.NewProgress(io, io.ErrOut, ui.ViewOptions{
		Service: d.m.Service, Realm: d.r.Realm, Action: "deploy",
		OldRelease: d.res.PreviousRelease, NewRelease: d.res.Release,
		Now: d.now, Tick: time.Second, LineEvery: time.Second,
	})
	defer d.view.Close()
	d.view.Step(fmt.Sprintf("Marathon already runs %s %s, but the routing state does not route it (an earlier deploy stopped before writing it): writing it", d.m.Service, d.res.Release))
	gen, err := engine.WriteLocked(ctx, d.lock, d.writeRouting)
	if errors.Is(err, engine.ErrLockLost) {
		return d.lockLost(marathon.Progress{}, true)
	}
	if err != nil {
		return err
	}
	d.res.Outcome = state.OutcomeSucceeded
	if err := d.waitRouted(ctx, gen); err != nil {
		d.res.Outcome, d.res.Reason = "timed-out", err.Error()
		return err
	}
	d.view.Close()
	if !d.opts.Output.IsJSON() {
		fmt.Fprintf(io.Out, "%s %s is deployed in %s (%s); its routing state is written now\n", d.m.Service, d.res.Release, d.r.Realm, d.app.ID)
	}
	return nil
}

// writeRouting records the service's routing state after a successful
// deploy: created on the first deploy, stable app and ports updated. It
// writes even when they did not change: the new generation is what the lb
// agents acknowledge once they have synced after this deploy, which is
// what waitRouted waits for. The canary issue owns later changes of the
// stable app.
func (d *deployer) writeRouting(ctx context.Context) (int64, error) {
	u, h := svcutil.Who(d.opts.Deps.Getenv)
	r := engine.StableRouting(d.rt, d.m.Service, d.app.ID, engine.RoutingPorts(d.m, d.r), u+"@"+h, d.now())
	v, err := d.st.PutRouting(ctx, r, d.rtVer)
	if err != nil {
		return 0, fmt.Errorf("%s is deployed, but writing its routing state failed (the load balancers will not route it): %w", d.m.Service, err)
	}
	return int64(v), nil
}

// waitRouted waits until every live lb agent has applied generation gen, so
// the deploy returns once HAProxy routes the new release. No agent: say so
// and carry on (a realm without load balancers). Agents lagging past the
// deadline: exit 4 naming them.
func (d *deployer) waitRouted(ctx context.Context, gen int64) error {
	o, errOut := d.opts, d.opts.Deps.IO.ErrOut
	timeout := o.ApplyTimeout
	if timeout <= 0 {
		timeout = DefaultApplyTimeout
	}
	d.view.Step("waiting for the lb agents to route it")
	err := d.st.WaitApplied(ctx, d.m.Service, gen, time.Now().Add(timeout))
	var na *state.NotAppliedError
	switch {
	case err == nil:
		return nil
	case errors.Is(err, state.ErrNoAgents):
		fmt.Fprintf(errOut, "note: no lb agent is registered in realm %s: nothing routes %s's service ports until one runs (yodel lb)\n", d.r.Realm, d.m.Service)
		return nil
	case errors.As(err, &na):
		why := agentReasons(ctx, d.r, d.opts.LookupEnv, d.m.Service, na.Lagging)
		if len(why) > 0 {
			err = fmt.Errorf("%w (%s)", err, strings.Join(why, "; "))
		}
		return cmdutil.WithExit(cmdutil.ExitTimeout,
			fmt.Errorf("%s %s is deployed and healthy, but not every lb agent routes it yet: %w", d.m.Service, d.res.Release, err),
			fmt.Sprintf("see each agent's errors and refusals for %s: %s, or the agent's log; HAProxy there still routes the previous state", d.m.Service, lbagents.Hint(d.opts.Realm)))
	}
	return fmt.Errorf("%s %s is deployed and healthy, but waiting for the lb agents failed: %w", d.m.Service, d.res.Release, err)
}

// agentReasons reads, best effort and briefly, what each lagging agent says
// about svc in its /v1/status (a refusal, HAProxy's error, HAProxy down, or
// why it could not be read): see lbagents.LaggingReasons.
func agentReasons(ctx context.Context, r *realm.Realm, lookupEnv func(string) (string, bool), svc string, lagging []state.AgentStatus) []string {
	c := lb.Client{}
	if ac, err := svcutil.AgentClient(r, lookupEnv); err == nil {
		c.Token = ac.Token
	}
	return lbagents.LaggingReasons(ctx, c, svc, lagging)
}

// finish records the outcome in history (best effort: the deploy itself is
// what matters, and the message says so).
func (d *deployer) finish(outcome, msg string) {
	if d.res.Outcome == "" {
		d.res.Outcome = outcome
		d.res.Reason = msg
	}
	if d.record.ID == "" {
		return
	}
	d.record.Finished, d.record.Outcome = d.now(), outcome
	d.record.Steps = append(d.record.Steps, state.Step{Name: "rolling", Started: d.record.Started, Finished: d.now(), Outcome: outcome, Message: msg})
	ctx, cancel := engine.Background(10 * time.Second)
	defer cancel()
	if err := d.st.UpdateHistory(ctx, d.m.Service, d.record); err != nil {
		fmt.Fprintf(d.opts.Deps.IO.ErrOut, "warning: history not updated: %v\n", err)
	}
	d.record.ID = "" // once
}
