package svcutil

import (
	"context"
	"fmt"
	"strings"
	"time"

	engine "github.com/yodeldeploy/yodel/pkg/deploy"
	"github.com/yodeldeploy/yodel/pkg/lb"
	"github.com/yodeldeploy/yodel/pkg/state"
	"github.com/yodeldeploy/yodel/pkg/ui"
)

// Session is the engine's session of one service (pkg/deploy) with the
// command's streams: the engine's events are rendered on stderr, in the
// live view while a change runs.
type Session struct {
	*engine.Session
	Deps Deps
	view *ui.Progress
}

// Open resolves the realm, builds the Marathon client, opens the store and,
// when lock is set, takes svc's deployment lock (a *state.LockedError, exit
// 5, when someone holds it). Close releases everything.
func Open(ctx context.Context, d Deps, realmName, svc string, args []string, lock bool) (*Session, error) {
	if d.Now == nil {
		d.Now = time.Now
	}
	r, err := d.Realm(realmName)
	if err != nil {
		return nil, err
	}
	s := &Session{Session: &engine.Session{Service: svc, Realm: r, Now: d.Now}, Deps: d}
	s.Report = s.render
	s.Agents = func() *lb.Client {
		agents, err := AgentClient(r, func(k string) (string, bool) { v := d.Getenv(k); return v, v != "" })
		if err != nil {
			// Without the token the session counts cannot be read: a
			// drain then waits its bound (the kill grace) before the kill.
			fmt.Fprintf(d.IO.ErrOut, "warning: %v\n", err)
			return &lb.Client{}
		}
		return agents
	}
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
	}
}

// View starts the live view for an action on the service.
func (s *Session) View(action, oldRelease, newRelease string) *ui.Progress {
	return ui.NewProgress(s.Deps.IO, s.Deps.IO.ErrOut, ui.ViewOptions{
		Service: s.Service, Realm: s.Realm.Realm, Action: action, OldRelease: oldRelease, NewRelease: newRelease,
		Now: s.Deps.Now, Tick: time.Second, LineEvery: time.Second,
	})
}
