package svcutil

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	engine "github.com/yodeldeploy/yodel/pkg/deploy"
	"github.com/yodeldeploy/yodel/pkg/lb"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/realm"
	"github.com/yodeldeploy/yodel/pkg/state"
	"github.com/yodeldeploy/yodel/pkg/ui"
)

// Session is the engine's session of one service (pkg/deploy) with the
// command's streams: the engine's events are rendered on stderr, in the
// live view while a change runs.
type Session struct {
	*engine.Session
	Deps Deps
	// Client is the realm's Marathon client (the engine's MC), for the
	// callers that still take the concrete client (the canary path).
	Client *marathon.Client
	view   *ui.Progress
}

// GuardAndLock is the engine's, and from there on the change finishes
// even when its output is closed (cmdutil.KeepRunningOnClosedOutput).
func (s *Session) GuardAndLock(ctx context.Context, op engine.Op) error {
	if err := s.Session.GuardAndLock(ctx, op); err != nil {
		return err
	}
	cmdutil.KeepRunningOnClosedOutput()
	return nil
}

// Open resolves the realm, builds the Marathon client, opens the store and,
// when lock is set, takes svc's deployment lock (a *state.LockedError, exit
// 5, when someone holds it). Close releases everything.
func Open(ctx context.Context, d Deps, realmName, svc string, args []string, lock bool) (*Session, error) {
	r, err := d.Realm(realmName)
	if err != nil {
		return nil, err
	}
	s, err := OpenRealm(ctx, d, r, svc, args, func(k string) (string, bool) { v := d.Getenv(k); return v, v != "" })
	if err != nil {
		return nil, err
	}
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

// OpenRealm builds the Marathon client of the loaded realm r and opens its
// store, for the service svc; args is the command line after "yodel" (the
// lock's holder and history), lookupEnv finds the lb agents' token.
func OpenRealm(ctx context.Context, d Deps, r *realm.Realm, svc string, args []string, lookupEnv func(string) (string, bool)) (*Session, error) {
	if d.Now == nil {
		d.Now = time.Now
	}
	s := &Session{Session: &engine.Session{Service: svc, Realm: r, Now: d.Now}, Deps: d}
	s.Report = s.render
	s.Agents = func() (*lb.Client, error) { return AgentClient(r, lookupEnv) }
	var err error
	if s.Client, err = d.Marathon(r); err != nil {
		return nil, err
	}
	s.MC = s.Client
	if s.Store, err = d.Store(ctx, r); err != nil {
		return nil, err
	}
	s.Holder = Holder(d.Getenv, strings.Join(append([]string{"yodel"}, args...), " "), d.Now())
	return s, nil
}

// render shows an engine event: the live view while a change runs, plain
// lines on stderr otherwise.
func (s *Session) render(e engine.Event) {
	errOut := s.Deps.IO.ErrOut
	switch e.Kind {
	case engine.EventBegin:
		s.view = s.View(e.Action, e.OldRelease, e.NewRelease)
	case engine.EventEnd:
		if s.view != nil {
			s.view.Close()
		}
	case engine.EventProgress:
		if s.view != nil {
			s.view.Update(e.Progress)
		}
	case engine.EventStep:
		if s.view != nil {
			s.view.Step(e.Text)
		} else {
			fmt.Fprintln(errOut, e.Text)
		}
	case engine.EventWarning:
		fmt.Fprintf(errOut, "warning: %s\n", e.Text)
	case engine.EventNote:
		fmt.Fprintf(errOut, "note: %s\n", e.Text)
	}
}

// View starts the live view for an action on the service.
func (s *Session) View(action, oldRelease, newRelease string) *ui.Progress {
	return ui.NewProgress(s.Deps.IO, s.Deps.IO.ErrOut, ui.ViewOptions{
		Service: s.Service, Realm: s.Realm.Realm, Action: action, OldRelease: oldRelease, NewRelease: newRelease,
		Now: s.Deps.Now, Tick: time.Second, LineEvery: time.Second,
	})
}
