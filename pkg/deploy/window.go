package deploy

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/yodeldeploy/yodel/pkg/appdef"
	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/jsondur"
	"github.com/yodeldeploy/yodel/pkg/manifest"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/realm"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// The rollback window (manifest canary.keepPrevious, issue 19): after
// full, the rollout stays at step kept with the previous release running
// at its instance count, routed at weight 0 (health-checked, so a flip
// goes to healthy servers only), until Rollout.KeptUntil.
//
// Who ends it. The window is in the rollout record, so it is as durable
// as the rest of the rollout: a CLI (deploy, `canary resume`) records it
// and returns at kept with no driver recorded (canary.Driver.WaitWindow
// false). Then:
//   - the realm's server, when there is one, adopts the rollout at once
//     (no driver) and removes the previous release at KeptUntil;
//   - otherwise the next change of the service (deploy, scale, rollback
//     after the window) ends it first, under its lock (GuardAndLock,
//     EndWindow), as do `yodel canary resume` (once it is over) and
//     `yodel canary promote` (now);
//   - while the window is open, a deploy or a scale is refused
//     (RolloutActiveError names the window): it would change what a
//     rollback flips back to.
//
// `yodel rollback` inside the window is FlipBack: one write of share 0,
// applied by the lb agents at runtime (no reload, no Marathon
// deployment); then the rollout's driver drains and deletes the new
// release (rolling-back), ending rolled-back.

// WindowRollout reads the service's rollout when it is in its rollback
// window now (nil otherwise): `yodel rollback` is then a flip.
func (s *Session) WindowRollout(ctx context.Context) (*canary.Rollout, error) {
	_, r, err := canary.Load(ctx, s.Store, s.Service)
	if errors.Is(err, state.ErrNotFound) {
		return nil, nil
	}
	if err != nil || !r.WindowOpen(s.Now()) {
		return nil, err
	}
	return r, nil
}

// FlipResult is what FlipBack did.
type FlipResult struct {
	// Rollout is the record as written (rolling-back).
	Rollout *canary.Rollout
	// Applied is how long from the write's start until every live lb
	// agent applied share 0, the previous release then serving every new
	// request; ApplyErr says why that was not seen (state.ErrNoAgents:
	// none is registered; else the wait's error).
	Applied  time.Duration
	ApplyErr error
}

// FlipBack rolls the service back inside its rollback window: the new
// release's share goes to 0 in one write (canary.FlipBack) and FlipBack
// waits, up to applyTimeout, for the lb agents to apply it. The caller
// then has the rollout driven on (Continue, or WaitForDriver when its
// driver lives), which drains and deletes the new release. Outside the
// window it is a *canary.WindowClosedError.
func (s *Session) FlipBack(ctx context.Context, by string, applyTimeout time.Duration) (FlipResult, error) {
	start := time.Now() // wall clock: s.Now may be a test's fixed one
	rt, r, err := canary.FlipBack(ctx, s.Store, s.Service, by, s.Now())
	if err != nil {
		return FlipResult{Rollout: r}, err
	}
	res := FlipResult{Rollout: r}
	res.ApplyErr = s.Store.WaitApplied(ctx, s.Service, rt.Generation, time.Now().Add(applyTimeout))
	res.Applied = time.Since(start)
	return res, nil
}

// EndWindow ends the service's rollback window now and removes the
// previous release (cleanup), driving the rollout to done from this
// session, which holds the lock (so nobody else drives it). A rollout not
// at kept is left alone.
func (s *Session) EndWindow(ctx context.Context) (*canary.Rollout, error) {
	_, r, err := canary.Update(ctx, s.Store, s.Service, func(_ *state.Routing, r *canary.Rollout) error {
		if r.Step != canary.StepKept {
			return canary.ErrUnchanged
		}
		if r.PromoteStep || !r.WindowOpen(s.Now()) {
			return canary.ErrUnchanged
		}
		r.PromoteStep = true
		return nil
	})
	var none *canary.NoRolloutError
	if errors.As(err, &none) {
		return nil, nil
	}
	if err != nil || r.Step != canary.StepKept {
		return r, err
	}
	s.step(fmt.Sprintf("ending the rollback window of %s: removing %s (%s)", s.Service, r.Stable.App, orDash(r.Stable.Release)))
	agents, aerr := s.agents()
	if aerr != nil {
		s.warn("%v", aerr)
		agents = nil
	}
	return s.DriveRollout(ctx, DriveRequest{Agents: agents, WaitWindow: true}, nil)
}

// WindowCost is the capacity a rollback window holds: the previous
// release's instances, with their resources, for For after full.
type WindowCost struct {
	Release   string           `json:"release,omitempty"`
	App       string           `json:"app"`
	Instances int              `json:"instances"`
	CPUs      float64          `json:"cpus"`
	MemMiB    float64          `json:"memMiB"`
	For       jsondur.Duration `json:"for"`
}

func (c WindowCost) String() string {
	// Rounded: 3 x 0.1 CPU is 0.30000000000000004 in floating point.
	round := func(x float64) float64 { return math.Round(x*1000) / 1000 }
	return fmt.Sprintf("keeps %d instance(s) of %s (%g CPU, %g MiB) for %s after full", c.Instances, orDash(c.Release), round(c.CPUs), round(c.MemMiB), c.For)
}

// PlanWindow is the rollback window a canary of m beside the live stable
// app holds (nil when its settings keep none, or there is no stable app).
func PlanWindow(m *manifest.Manifest, rl *realm.Realm, live *marathon.App) *WindowCost {
	keep := canary.Settings(m, rl).KeepPrevious.D()
	if keep <= 0 || live == nil {
		return nil
	}
	n := live.WantedInstances()
	c := &WindowCost{Release: live.Label(appdef.LabelRelease), App: live.ID, Instances: n, CPUs: live.CPUs * float64(n), For: jsondur.Duration(keep)}
	if live.Mem != nil {
		c.MemMiB = *live.Mem * float64(n)
	}
	return c
}
