package svcutil

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/drain"
	"github.com/yodeldeploy/yodel/pkg/lb"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/realm"
	"github.com/yodeldeploy/yodel/pkg/state"
	"github.com/yodeldeploy/yodel/pkg/ui"
)

// Session is an open realm for a command that changes one service: the
// Marathon client, the store, and (for changes) the service's lock and its
// history record.
type Session struct {
	Deps    Deps
	Service string
	Realm   *realm.Realm
	MC      *marathon.Client
	Store   state.Store
	Lock    state.Lock // nil unless taken
	Holder  state.Holder
	// Rollout is the service's rollout record as the guard read it once
	// the lock was held (OpenService); nil when there is none.
	Rollout *canary.Rollout
	record  state.Record
}

// Open resolves the realm, builds the Marathon client, opens the store and,
// when lock is set, takes svc's deployment lock (a *state.LockedError, exit
// 5, when someone holds it). Close releases everything.
func Open(ctx context.Context, d Deps, realmName, svc string, args []string, lock bool) (*Session, error) {
	if d.Now == nil {
		d.Now = time.Now
	}
	s := &Session{Deps: d, Service: svc}
	r, err := d.Realm(realmName)
	if err != nil {
		return nil, err
	}
	s.Realm = r
	if s.MC, err = d.Marathon(r); err != nil {
		return nil, err
	}
	if s.Store, err = d.Store(ctx, r); err != nil {
		return nil, err
	}
	s.Holder = Holder(d.Getenv, strings.Join(append([]string{"yodel"}, args...), " "), d.Now())
	if lock {
		if s.Lock, err = s.Store.Lock(ctx, svc, s.Holder); err != nil {
			s.Store.Close()
			return nil, err
		}
		if n := state.TakeoverNotice(s.Lock); n != "" {
			fmt.Fprintf(d.IO.ErrOut, "warning: %s\n", n)
		}
	}
	return s, nil
}

// Drainer drains tasks of the session's service before they are killed,
// reporting on stderr.
func (s *Session) Drainer() *drain.Drainer {
	agents, err := AgentClient(s.Realm, func(k string) (string, bool) { v := s.Deps.Getenv(k); return v, v != "" })
	if err != nil {
		// Without the token the session counts cannot be read: the drain
		// then waits its bound (the kill grace) before the kill.
		fmt.Fprintf(s.Deps.IO.ErrOut, "warning: %v\n", err)
		agents = &lb.Client{}
	}
	return &drain.Drainer{Store: s.Store, Client: agents, Progress: func(line string) {
		fmt.Fprintln(s.Deps.IO.ErrOut, line)
	}}
}

// Surge prepares a drained change of the service's stable app id
// (drain.Surge), reporting in view.
func (s *Session) Surge(view *ui.Progress, app string) *drain.Surge {
	dr := s.Drainer()
	dr.Progress = func(line string) { view.Step(line) }
	return drain.NewSurge(dr, s.MC, s.Service, app)
}

// Close releases the lock and closes the store.
func (s *Session) Close() {
	if s.Lock != nil {
		ctx, cancel := Background(10 * time.Second)
		defer cancel()
		if err := s.Lock.Release(ctx); err != nil {
			fmt.Fprintf(s.Deps.IO.ErrOut, "warning: releasing the deployment lock of %s: %v\n", s.Service, err)
		}
	}
	s.Store.Close()
}

// Lost is the lock's Lost channel, nil without a lock.
func (s *Session) Lost() <-chan struct{} {
	if s.Lock == nil {
		return nil
	}
	return s.Lock.Lost()
}

// Begin records an in-progress history entry (best effort).
func (s *Session) Begin(ctx context.Context, release, strategy string) {
	s.record = state.Record{Service: s.Service, Release: release, User: s.Holder.User, Host: s.Holder.Host,
		Command: s.Holder.Command, Started: s.Deps.Now(), Outcome: state.OutcomeInProgress, Strategy: strategy}
	id, err := s.Store.AppendHistory(ctx, s.Service, s.record)
	if err != nil {
		fmt.Fprintf(s.Deps.IO.ErrOut, "warning: history not recorded: %v\n", err)
		return
	}
	s.record.ID = id
}

// End completes the history entry with an outcome.
func (s *Session) End(outcome, msg string) {
	if s.record.ID == "" {
		return
	}
	now := s.Deps.Now()
	s.record.Finished, s.record.Outcome = now, outcome
	s.record.Steps = append(s.record.Steps, state.Step{Name: s.record.Strategy, Started: s.record.Started, Finished: now, Outcome: outcome, Message: msg})
	ctx, cancel := Background(10 * time.Second)
	defer cancel()
	if err := s.Store.UpdateHistory(ctx, s.Service, s.record); err != nil {
		fmt.Fprintf(s.Deps.IO.ErrOut, "warning: history not updated: %v\n", err)
	}
	s.record.ID = ""
}

// View starts the live view for an action on the service.
func (s *Session) View(action, oldRelease, newRelease string) *ui.Progress {
	return ui.NewProgress(s.Deps.IO, s.Deps.IO.ErrOut, ui.ViewOptions{
		Service: s.Service, Realm: s.Realm.Realm, Action: action, OldRelease: oldRelease, NewRelease: newRelease,
		Now: s.Deps.Now, Tick: time.Second, LineEvery: time.Second,
	})
}

// Settle turns a wait's ending into the command's error for changes that
// are not rolled back automatically (scale, rollback, destroy): a stall
// exits 1 with the reason, a timeout 4, Ctrl-C 130 (left running, said so).
// It records the outcome in history.
func (s *Session) Settle(what string, p marathon.Progress, ending Ending, err error, realmArg string) error {
	follow := s.follow(realmArg)
	switch ending {
	case Done:
		s.End(state.OutcomeSucceeded, "")
		return nil
	case TimedOut:
		msg := fmt.Sprintf("timed out waiting for %s: %s; it was left running", what, Describe(p))
		s.End(state.OutcomeFailed, msg)
		return cmdutil.WithExit(cmdutil.ExitTimeout, errors.New(msg), follow)
	case Interrupted:
		msg := fmt.Sprintf("interrupted: %s was left running (%s)", what, Describe(p))
		s.End(state.OutcomeAborted, msg)
		return cmdutil.WithExit(cmdutil.ExitInterrupted, errors.New(msg), follow)
	}
	if errors.Is(err, ErrLockLost) {
		le := &LockLostError{Doing: what, Left: fmt.Sprintf("Marathon was left as it is (%s)", Describe(p)),
			Service: s.Service, Realm: realmArg, Again: s.Holder.Command}
		if le.Again == "" {
			le.Again = "run the same command again"
		}
		s.End(state.OutcomeFailed, le.Error())
		return le
	}
	msg := fmt.Sprintf("%s failed: %v", what, err)
	s.End(state.OutcomeFailed, msg)
	return cmdutil.WithExit(cmdutil.ExitFailure, errors.New(msg), follow)
}
