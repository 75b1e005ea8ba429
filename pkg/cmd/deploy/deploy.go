// Package deploy implements `yodel deploy`: flags, the plan shown and
// confirmed, the live view of the engine's events, the result (-o json),
// hints and exit codes. The deployment itself (guard and lock, plan,
// rolling update or surge, waits, undo, routing write, lb agents, history)
// is pkg/deploy's, the canary path too (Session.DeployCanary, presented by
// pkg/cmd/canary/shared).
package deploy

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/yodeldeploy/yodel/pkg/appdef"
	canarypkg "github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	engine "github.com/yodeldeploy/yodel/pkg/deploy"
	"github.com/yodeldeploy/yodel/pkg/diff"
	"github.com/yodeldeploy/yodel/pkg/manifest"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/realm"
	"github.com/yodeldeploy/yodel/pkg/state"
	"github.com/yodeldeploy/yodel/pkg/ui"
)

// DefaultApplyTimeout bounds the wait for every live lb agent to route a
// deploy (the engine's).
const DefaultApplyTimeout = engine.DefaultApplyTimeout

// Strategies (the engine's).
const (
	StrategyRolling = engine.StrategyRolling
	StrategyCanary  = engine.StrategyCanary
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
	// Detach records the canary rollout and returns: the realm's server
	// drives it (pkg/server).
	Detach bool

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
	Service       string `json:"service"`
	Realm         string `json:"realm"`
	AppID         string `json:"appId"`
	Release       string `json:"release"`
	ReleaseSource string `json:"releaseSource"`
	// RenamedFrom is the derived release name when the stable app already
	// ran a release of that name with another definition (Release is then
	// that name with -r2, -r3…).
	RenamedFrom     string            `json:"renamedFrom,omitempty"`
	PreviousRelease string            `json:"previousRelease,omitempty"`
	FirstDeploy     bool              `json:"firstDeploy"`
	Strategy        string            `json:"strategy"`
	Outcome         string            `json:"outcome"` // succeeded, unchanged, rolled-back, timed-out, interrupted, failed, cancelled; in-progress (--detach)
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

	// RollbackWindow is the capacity a canary's rollback window holds
	// (canary.keepPrevious); absent without one.
	RollbackWindow *engine.WindowCost `json:"rollbackWindow,omitempty"`
}

func NewCmdDeploy(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{GitDescribe: manifest.GitDescribe, LookupEnv: os.LookupEnv}
	cmd := &cobra.Command{
		Use:   "deploy " + svcutil.ManifestArgUse + " --realm <realm> [--release <name>] [--strategy rolling] [--yes]",
		Short: "Deploy a service to a realm and wait until it is healthy",
		Long: `Deploy a service: validate the manifest against the realm, take the service's
deployment lock, show the plan (a typed diff of the Marathon app), ask for
confirmation, apply, and wait until every new task is running and healthy and
the old ones are gone, then until every live lb agent routes it (30s at most:
a lagging agent exits 4, naming it; with no agent in the realm yodel says so
and succeeds).

` + svcutil.ManifestArgHelp + `

The first deploy of a service creates its stable app (/<service>-blue) and its
routing state. Later deploys update the stable app in place (rolling).

Marathon never fails a deployment by itself: when new tasks keep failing, or
nothing moves within --progress-deadline, yodel rolls back to the previous
version (or removes a first deploy) and exits 3 with the reason. When
--timeout passes first, the deployment is left running and yodel exits 4,
saying what state the service is in and what to run; a routed service's
deploy stopped while the new release still starts beside the stable app
(the other colour's app, before it gets traffic) removes that app instead:
nothing is left running and the stable app was never touched.

A Marathon deployment a stopped deploy left running on the stable app (timed
out, Ctrl-C, killed) is waited for by a rolling deploy of the same release;
any other deploy, a canary of any release included, exits 5 before changing
anything: roll it back (yodel rollback) or wait for it to end.

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
			if opts.Detach && (opts.Strategy == StrategyRolling || opts.JUnit != "") {
				return cmdutil.FlagErrorf("--detach runs a canary rollout on the realm's server: it cannot be combined with --strategy rolling or --junit")
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
	cmd.Flags().StringVar(&opts.Strategy, "strategy", "", "Deployment strategy: canary (the default when a stable release serves and the service has ports; not of one scaled to 0) or rolling")
	cmd.Flags().BoolVar(&opts.SkipIsolated, "skip-isolated", false, "Canary: skip the isolated step and its smoke checks (emergencies; recorded in history)")
	cmd.Flags().BoolVar(&opts.SkipPartial, "skip-partial", false, "Canary: skip the partial steps and their checks (emergencies; recorded in history)")
	cmd.Flags().BoolVar(&opts.Detach, "detach", false, "Canary: record the rollout and return at once; the realm's server (server.url) drives it")
	cmd.Flags().StringVar(&opts.JUnit, "junit", "", "Write each step and check as a JUnit test case to this file, whatever the strategy and outcome")
	svcutil.AddWaitFlags(cmd, &opts.Timeout, &opts.ProgressDeadline, "the deployment", "Roll back")
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
	// Hints built from records (a rollout in progress) name the realm as
	// the user did (realm.Arg, once it is loaded).
	err = d.run(ctx)
	realmArg := opts.Realm
	if d.r != nil {
		realmArg = d.r.Arg()
	}
	err = cmdutil.RealmAsNamed(err, d.res.Realm, realmArg)
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
		var steps []state.Step
		if d.s != nil {
			steps = d.s.HistorySteps()
		}
		sum := canarypkg.Summary{Service: d.res.Service, Realm: d.res.Realm, Release: d.res.Release, Strategy: d.res.Strategy,
			Outcome: d.res.Outcome, Reason: d.res.Reason, Started: d.res.Started, Finished: d.res.Finished, Steps: steps}
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

// deployer is one run of the command: the engine's session and planned
// deployment, and the command's result.
type deployer struct {
	opts    *Options
	now     func() time.Time
	res     Result
	planned bool

	s   *svcutil.Session
	dep *engine.Deployment
	// The canary path's inputs (canary.go).
	m    *manifest.Manifest
	r    *realm.Realm
	mc   *marathon.Client
	live *marathon.App
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
	// Before the check: a misspelt override may be why it fails.
	for _, w := range r.ManifestWarnings(m) {
		fmt.Fprintln(io.ErrOut, w)
	}
	if err := r.CheckManifest(m); err != nil {
		return err
	}
	release, src, err := m.Release(o.Release, o.GitDescribe)
	if err != nil {
		return cmdutil.InvalidInput(err)
	}
	d.res.Service, d.res.Realm, d.res.Release, d.res.ReleaseSource = m.Service, r.Realm, release, string(src)

	deps := o.Deps
	deps.Now = d.now
	s, err := svcutil.OpenRealm(ctx, deps, r, m.Service, o.Args, o.LookupEnv)
	if err != nil {
		return err
	}
	d.s, d.mc = s, s.Client
	defer s.Close()
	// A refused deploy writes nothing, not even a history row.
	if err := s.GuardAndLock(ctx, engine.OpDeploy); err != nil {
		return err
	}

	secrets := r.ManifestSecrets(m.Dir(), o.LookupEnv)
	dep, err := s.PlanDeploy(ctx, engine.DeployRequest{
		Manifest: m, Release: release, DistinctRelease: src != manifest.ReleaseFromFlag,
		Secrets: secrets, Labels: svcutil.DeployLabels(o.Deps.Getenv, m.Dir()),
		Timeout: o.Timeout, ProgressDeadline: o.ProgressDeadline, Settle: o.Settle, ApplyTimeout: o.ApplyTimeout,
		RealmArg: r.Arg(), RollBackOnInterrupt: d.askRollBack, MarathonDone: o.marathonDone,
	})
	if err != nil {
		return err
	}
	d.dep, d.live, d.planned = dep, dep.Live, true
	d.take()
	from := string(src)
	switch {
	case dep.Result.RenamedFrom != "":
		from = fmt.Sprintf("%s %s, which %s runs now with another definition", src, dep.Result.RenamedFrom, dep.Live.ID)
	case dep.Result.Release != release:
		from = fmt.Sprintf("%s %s, deployed as %s", src, release, dep.Result.Release)
	}
	release, d.res.Release, d.res.RenamedFrom = dep.Result.Release, dep.Result.Release, dep.Result.RenamedFrom

	// A canary creates the other colour's app beside the stable one: the
	// plan, the prompt and the JSON name it (the changes are still against
	// the stable app, which is what the release changes).
	canaryID := ""
	// (--strategy canary of a first deploy: no stable app, refused below.)
	if !dep.Unchanged() && engine.UseCanary(o.Strategy, dep.Live, m) && dep.Live != nil {
		canaryID = appdef.OtherColour(m.Service, dep.Live.ID)
		d.res.AppID, d.res.Plan.AppID = canaryID, canaryID
		d.res.RollbackWindow = engine.PlanWindow(m, r, dep.Live)
	}
	errOut := io.ErrOut
	if !o.Output.IsJSON() || io.IsStderrTTY() {
		if canaryID != "" {
			fmt.Fprintf(errOut, "Plan for %s in realm %s, release %s (from %s): a canary %s beside %s, which it changes like this:\n", m.Service, r.Realm, release, from, canaryID, dep.Live.ID)
		} else {
			fmt.Fprintf(errOut, "Plan for %s in realm %s, release %s (from %s):\n", m.Service, r.Realm, release, from)
		}
		ui.Diff(errOut, ui.NewStyles(io, errOut), d.res.Plan)
		if w := d.res.RollbackWindow; w != nil {
			fmt.Fprintf(errOut, "Rollback window: %s (%s at weight 0: a rollback inside it is a weight flip)\n", w, w.App)
		}
	}
	if dep.Unchanged() {
		defer d.take()
		if dep.RoutingBehind() {
			err := dep.RepairRouting(ctx)
			if err == nil && !o.Output.IsJSON() {
				fmt.Fprintf(io.Out, "%s %s is deployed in %s (%s); its routing state is written now\n", m.Service, release, r.Realm, dep.App.ID)
			}
			return err
		}
		if !o.Output.IsJSON() {
			fmt.Fprintf(io.Out, "%s %s is already deployed in %s: nothing to do\n", m.Service, release, r.Realm)
		}
		return nil
	}
	// Refused before the prompt: nothing it asks about would happen.
	if err := dep.Busy(engine.UseCanary(o.Strategy, dep.Live, m)); err != nil {
		var busy *engine.BusyError
		if errors.As(err, &busy) && busy.SameRelease {
			busy.Again = rollingAgain(o, m.Service, r.Arg(), release)
		}
		return err
	}
	verb, what := "Update", dep.App.ID
	switch {
	case dep.Live == nil:
		verb = "Create"
	case canaryID != "":
		verb, what = "Create", fmt.Sprintf("%s (a canary of %s beside %s)", canaryID, release, dep.Live.ID)
	}
	if err := svcutil.Confirm(io, o.Deps.Getenv, &o.Common, fmt.Sprintf("%s %s in realm %s?", verb, what, r.Realm)); err != nil {
		d.res.Outcome = "cancelled"
		return err
	}
	if engine.UseCanary(o.Strategy, dep.Live, m) {
		return d.canary(ctx, release, secrets)
	}
	if o.Detach {
		return detachRefused(m.Service, r.Realm)
	}
	if o.Strategy == "" {
		o.Strategy, d.res.Strategy = StrategyRolling, StrategyRolling
	}
	err = dep.Rolling(ctx)
	d.take()
	svcutil.PrintWhyTasksFailed(ctx, io.ErrOut, d.mc, r, err)
	var le *marathon.LockedError
	if errors.As(err, &le) {
		le.SeeCommand = fmt.Sprintf("yodel status %s --realm %s", m.Service, r.Arg())
		le.CancelCommand = fmt.Sprintf("yodel rollback %s --realm %s  (cancels it and puts the previous release back)", m.Service, r.Arg())
	}
	if err == nil && !o.Output.IsJSON() {
		p := dep.Result.Progress
		fmt.Fprintf(io.Out, "Deployed %s %s to %s: %d/%d healthy (%s) in %s\n", m.Service, release, r.Realm,
			p.Healthy, p.Wanted, dep.App.ID, d.now().Sub(d.res.Started).Round(100*time.Millisecond))
	}
	return err
}

// take copies what the engine planned and did into the command's result.
func (d *deployer) take() {
	e := d.dep.Result
	d.res.AppID, d.res.FirstDeploy, d.res.PreviousRelease, d.res.Plan = e.AppID, e.FirstDeploy, e.PreviousRelease, e.Plan
	d.res.Outcome, d.res.Reason = e.Outcome, e.Reason
	d.res.DeploymentID, d.res.Version, d.res.Progress, d.res.HistoryID = e.DeploymentID, e.Version, e.Progress, e.HistoryID
}

// askRollBack asks, on a terminal, whether a deploy interrupted by Ctrl-C
// is rolled back; off one, it is left running.
func (d *deployer) askRollBack(to string) bool {
	io := d.opts.Deps.IO
	if !io.CanPrompt() {
		return false
	}
	back, err := svcutil.AskYesNo(io, fmt.Sprintf("\nInterrupted. Roll %s back to %s?", d.m.Service, to), false)
	return err == nil && back
}

// rollingAgain is the rolling deploy of release, the one a Marathon
// deployment left running deploys (it goes on with that deployment and
// waits for it), from the manifest this deploy read, to the realm as the
// user named it; --yes kept (off a terminal it is required).
func rollingAgain(o *Options, svc, realmArg, release string) string {
	target := svc
	if o.File != "" {
		target = "-f " + cmdutil.ShellWord(o.File)
	}
	c := "yodel deploy " + target + " --realm " + cmdutil.ShellWord(realmArg) + " --release " + cmdutil.ShellWord(release) + " --strategy rolling"
	if o.Yes {
		c += " --yes"
	}
	return c
}
