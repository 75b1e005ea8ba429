package deploy

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/drain"
	"github.com/yodeldeploy/yodel/pkg/lb"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/metrics"
	"github.com/yodeldeploy/yodel/pkg/metrics/nrql"
	"github.com/yodeldeploy/yodel/pkg/realm"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// DriveRequest says how to run a canary rollout: whoever drives it (the
// deploying CLI, `canary resume`, the realm's server) wires the same
// Driver through DriveRollout, and only the sink of its events differs.
type DriveRequest struct {
	// App is the canary app definition (a deploy); nil when continuing a
	// recorded rollout (the Driver rebuilds it from the recorded manifest
	// when it was never created).
	App *marathon.App
	// Dir is where isolated.command runs.
	Dir string
	// Agents reads the lb agents' counters and sessions (with the realm's
	// agent token).
	Agents *lb.Client
	// LookupEnv resolves env: secrets when the canary app is rebuilt
	// (default os.LookupEnv).
	LookupEnv        func(string) (string, bool)
	ProgressDeadline time.Duration
	Settle           time.Duration
	// Poll overrides the driver's control poll (tests).
	Poll time.Duration
	// RealmArg is the realm as the user named it, for the commands the
	// driver's messages suggest.
	RealmArg string
	// Report receives the rollout's events (the CLI's live view, the
	// server's log); nil drops them.
	Report func(canary.Event)
	// WaitWindow: wait out the rollback window and remove the previous
	// release at its end (the realm's server, EndWindow); false hands the
	// rollout over at kept and returns it (a CLI). See window.go.
	WaitWindow bool
}

// DriveRollout runs the service's rollout with s, which holds the lock:
// start is a new rollout to begin (it is recorded with this session as its
// driver), nil to continue the recorded one. It returns the final record
// (its Driver cleared once the rollout ended) and the Driver's error: a
// *canary.RolledBackError when it rolled back, a *canary.LeftError when it
// stopped half-way.
func (s *Session) DriveRollout(ctx context.Context, req DriveRequest, start *canary.Rollout) (*canary.Rollout, error) {
	rt, _, err := s.Store.GetRouting(ctx, s.Service)
	if err != nil {
		return nil, fmt.Errorf("routing state of %s: %w", s.Service, err)
	}
	agents := req.Agents
	if agents == nil {
		agents = &lb.Client{}
	}
	d := &canary.Driver{
		Store: s.Store, Marathon: s.MC, Stats: canary.AgentStats{Store: s.Store, Client: agents},
		Lock: s.Lock, App: req.App, BuildApp: RebuildApp(s.Realm, req.LookupEnv), Target: SmokeTarget(ctx, s.Store, s.Realm, rt), Dir: req.Dir,
		Report: req.Report, Now: s.Now, Poll: req.Poll, RealmArg: req.RealmArg,
		ProgressDeadline: req.ProgressDeadline, Settle: req.Settle,
		Drain:      &drain.Drainer{Store: s.Store, Client: agents},
		Metrics:    MetricProviders(s.Realm, req.LookupEnv),
		WaitWindow: req.WaitWindow,
	}
	var r *canary.Rollout
	if start != nil {
		start.Realm = s.Realm.Realm
		start.Driver = &s.Holder
		r, err = d.Start(ctx, start)
	} else {
		// A finished record (the previous driver ended it meanwhile) is not
		// an error here: the Driver reports how it ended.
		var none *canary.NoRolloutError
		if uerr := canary.SetDriver(ctx, s.Store, s.Service, &s.Holder); uerr != nil && !errors.As(uerr, &none) {
			return nil, uerr
		}
		r, err = d.Drive(ctx, s.Service)
	}
	if r != nil && r.Driver != nil && !r.Active() {
		r.Driver = nil
	}
	return r, err
}

// RecordRollout records start as the service's new rollout without
// driving it (`deploy --detach`): no driver is recorded, so the realm's
// server adopts it as soon as this session releases the lock.
func (s *Session) RecordRollout(ctx context.Context, start *canary.Rollout, report func(canary.Event)) error {
	start.Realm = s.Realm.Realm
	start.Driver = nil
	d := &canary.Driver{Store: s.Store, Marathon: s.MC, Report: report, Now: s.Now}
	return d.Record(ctx, start)
}

// TryLock takes the service's lock for driving its rollout when nobody
// else drives it: the lock is free, or its holder is provably dead (the
// driver died, was stopped, or never was: a detached deploy). When another
// live process holds it, TryLock returns false and that process carries
// on. This is the one liveness rule for a rollout's driver: `canary
// resume` and the realm's server both use it before DriveRollout.
func (s *Session) TryLock(ctx context.Context) (bool, error) {
	lock, err := s.Store.Lock(ctx, s.Service, s.Holder)
	if err != nil {
		var le *state.LockedError
		if errors.As(err, &le) {
			return false, nil
		}
		return false, err
	}
	s.Lock = lock
	if n := state.TakeoverNotice(lock); n != "" {
		s.warn("%s", n)
	}
	return true, nil
}

// MetricProvider builds the realm's named metric provider on this machine,
// reading the New Relic key from the environment or its file. (Here, not
// in pkg/realm: the lb agent reads realms and must not link the clients.)
func MetricProvider(rl *realm.Realm, name string, lookupEnv func(string) (string, bool)) (metrics.Measurer, error) {
	switch name {
	case metrics.Prometheus:
		if p := rl.Metrics.Prometheus; p != nil {
			return &metrics.PrometheusClient{Address: p.Address, Timeout: p.Timeout.D(), Client: &http.Client{}}, nil
		}
	case metrics.NewRelic:
		if n := rl.Metrics.NewRelic; n != nil {
			key, err := rl.NewRelicMetricsKey(lookupEnv)
			if err != nil {
				return nil, err
			}
			return &nrql.Client{AccountID: int(n.AccountID), APIKey: key, Region: n.Region, Endpoint: n.Endpoint, Timeout: n.Timeout.D()}, nil
		}
	default:
		return nil, fmt.Errorf("unknown metric provider %q", name)
	}
	return nil, rl.NoMetricProvider(name)
}

// MetricProviders sets up the realm's metric providers for a driver. One
// that cannot be set up on this machine (its API key unset) fails every
// query, which leaves its checks inconclusive: never a pass.
func MetricProviders(rl *realm.Realm, lookupEnv func(string) (string, bool)) metrics.Set {
	if rl == nil {
		return nil
	}
	out := metrics.Set{}
	for name, ok := range rl.MetricProviders() {
		if !ok {
			continue
		}
		m, err := MetricProvider(rl, name, lookupEnv)
		if err != nil {
			m = metrics.Failing{Err: err}
		}
		out[name] = m
	}
	return out
}
