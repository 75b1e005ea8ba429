package deploy

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/yodeldeploy/yodel/pkg/appdef"
	"github.com/yodeldeploy/yodel/pkg/drain"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// DestroyPlan is what a destroy of the service would remove, read before
// the caller asks for confirmation.
type DestroyPlan struct {
	// Apps are every Marathon app of the service.
	Apps []string
	// Routing: the service has routing state.
	Routing bool
	// Release is what the stable app ran (the history row's release).
	Release string
	// Force deletes the apps even while Marathon deploys them: the delete
	// cancels those deployments (Marathon's force=true). Without it such
	// a destroy is refused (Busy).
	Force bool
	// deploying is the first of Apps Marathon still deploys, nil for none.
	deploying *marathon.App
}

// Busy refuses the destroy (a *BusyError, exit 5) while Marathon still
// deploys one of its apps, unless p.Force: Marathon refuses the delete
// (409), and the destroy would have drained the service's tasks first for
// nothing. The caller holds the lock, so no yodel process drives that
// deployment. The caller asks before its prompt; Destroy asks again at
// the delete. realmArg is the realm as the caller named it.
func (p DestroyPlan) Busy(svc, realmArg string) error {
	if p.Force || p.deploying == nil {
		return nil
	}
	a := p.deploying
	return &BusyError{Op: OpDestroy, Service: svc, App: a.ID, Realm: realmArg,
		Release: a.Label(appdef.LabelRelease), Deployments: a.DeploymentIDs()}
}

// PlanDestroy reads what destroying the service removes. A service with
// neither an app nor routing state is an error: nothing to do.
func (s *Session) PlanDestroy(ctx context.Context) (DestroyPlan, error) {
	apps, err := s.MC.ServiceApps(ctx, s.Service)
	if err != nil {
		return DestroyPlan{}, err
	}
	p := DestroyPlan{Apps: make([]string, 0, len(apps)+1)}
	for i, a := range apps {
		p.Apps = append(p.Apps, a.ID)
		if p.deploying == nil && len(a.DeploymentIDs()) > 0 {
			p.deploying = &apps[i]
		}
	}
	stable, rt, _, err := StableAppID(ctx, s.Store, s.Service)
	if err != nil {
		return p, err
	}
	if len(p.Apps) == 0 {
		// An app whose labels were edited by hand still has its stable id.
		if a, err := s.MC.App(ctx, stable); err == nil {
			p.Apps = append(p.Apps, stable)
			if len(a.DeploymentIDs()) > 0 {
				p.deploying = a
			}
		}
	}
	p.Routing = rt != nil
	for _, a := range apps {
		if a.ID == stable || p.Release == "" {
			p.Release = a.Label(appdef.LabelRelease)
		}
	}
	if len(p.Apps) == 0 && !p.Routing {
		return p, fmt.Errorf("service %s has no app and no routing state in realm %s: nothing to destroy", s.Service, s.Realm.Realm)
	}
	return p, nil
}

// Destroy removes the service: its active rollout is closed first (record
// and history row aborted, canary unrouted: nothing is left in progress),
// then every app of p is deleted and waited for, then the routing state is
// removed. History is kept. It reports whether the routing state was
// removed; realmArg is the realm as the caller named it.
func (s *Session) Destroy(ctx context.Context, p DestroyPlan, timeout time.Duration, realmArg string) (routingRemoved bool, err error) {
	if err := p.Busy(s.Service, realmArg); err != nil {
		return false, err
	}
	if s.Rollout.Active() {
		r, err := Close(ctx, s.Store, s.Service, "the service was destroyed by "+s.Holder.User+"@"+s.Holder.Host, s.Now())
		if err != nil {
			return false, err
		}
		if r != nil {
			s.step(fmt.Sprintf("%s: its canary rollout of %s was closed (aborted at %s)", s.Service, r.Canary.Release, r.Steps[len(r.Steps)-2].Name))
		}
	}
	s.Begin(ctx, p.Release, "destroy")
	s.emit(Event{Kind: EventBegin, Action: "destroy"})
	defer s.emit(Event{Kind: EventEnd})
	var drained []string
	if p.Routing {
		if drained, err = s.drainAll(ctx, p.Apps); err != nil {
			s.undrain(drained)
			s.End(state.OutcomeFailed, err.Error())
			return false, err
		}
	}
	for _, id := range p.Apps {
		s.step("destroying " + id)
		ref, err := s.MC.DeleteApp(ctx, id, p.Force)
		if marathon.IsNotFound(err) {
			continue
		}
		var le *marathon.LockedError
		if errors.As(err, &le) {
			// A deployment begun since the plan was read: refused as
			// Busy refuses one the plan saw.
			busy := &BusyError{Op: OpDestroy, Service: s.Service, App: id, Realm: realmArg, Deployments: le.DeploymentIDs}
			if a, aerr := s.MC.App(ctx, id); aerr == nil {
				busy.Release = a.Label(appdef.LabelRelease)
			}
			err = busy
		}
		if err != nil {
			if p.Routing {
				s.undrain(drained)
			}
			s.End(state.OutcomeFailed, err.Error())
			return false, err
		}
		spec := marathon.WaitSpec{AppID: id, DeploymentID: ref.ID, WantInstances: 0, Since: s.Now()}
		out, ending, werr := s.Wait(ctx, spec, timeout, true)
		if ending != Done {
			s.emit(Event{Kind: EventEnd})
			return false, s.Settle("destroying "+id, out.Progress, ending, werr, realmArg)
		}
	}
	s.emit(Event{Kind: EventEnd})
	// Read the version now: closing the rollout wrote the routing state.
	_, rt, ver, err := StableAppID(ctx, s.Store, s.Service)
	if err != nil {
		s.End(state.OutcomeFailed, err.Error())
		return false, err
	}
	if rt != nil {
		if err := s.Store.DeleteRouting(ctx, s.Service, ver); err != nil && !errors.Is(err, state.ErrNotFound) {
			s.End(state.OutcomeFailed, err.Error())
			return false, fmt.Errorf("the apps of %s are gone, but removing its routing state failed: %w", s.Service, err)
		}
		routingRemoved = true
	}
	s.End(state.OutcomeSucceeded, "")
	return routingRemoved, nil
}

// drainAll takes every task of apps out of traffic before they are
// deleted, as every kill yodel makes does (package drain): the routing
// state marks the service retiring, so the agents drain even its last
// tasks; their requests finish (up to the longest kill grace period of
// the apps), new ones find no server. It returns the tasks it drained.
func (s *Session) drainAll(ctx context.Context, apps []string) ([]string, error) {
	var ids []string
	grace := time.Duration(0)
	for _, id := range apps {
		app, err := s.MC.App(ctx, id)
		if err != nil {
			continue // gone already, or unreadable: its delete says which
		}
		ids = append(ids, drain.TaskIDs(app)...)
		grace = max(grace, drain.Grace(app))
	}
	if len(ids) == 0 {
		return nil, nil
	}
	_, err := s.Drainer().DrainWith(ctx, s.Service, ids, grace, nil, func(rt *state.Routing) { rt.Retiring = true })
	return ids, err
}

// undrain puts drained tasks back in traffic when the destroy stopped
// before their app was deleted (interrupted, or Marathon refused): the
// service serves as before. It runs on its own context: the change's may
// be what was cancelled.
func (s *Session) undrain(ids []string) {
	ctx, cancel := Background(30 * time.Second)
	defer cancel()
	if err := s.Drainer().ForgetWith(ctx, s.Service, ids, func(rt *state.Routing) { rt.Retiring = false }); err != nil {
		s.warn("%s: its tasks stay drained (the agents route no new request to them): %v; run the destroy again", s.Service, err)
	}
}
