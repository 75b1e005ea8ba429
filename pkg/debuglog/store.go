package debuglog

import (
	"context"
	"time"

	"github.com/yodeldeploy/yodel/pkg/state"
)

// Store wraps s so that each call is logged when --debug is on. It returns
// s itself when the log is off, so a normal run pays nothing.
func Store(s state.Store) state.Store {
	if s == nil || !Enabled() {
		return s
	}
	return &loggedStore{s: s}
}

// loggedStore logs the store calls a command makes: which operation, on
// which service, how long it took and whether it failed. Values are not
// logged (history records name who deployed; routing is long).
type loggedStore struct{ s state.Store }

func done(ctx context.Context, op, svc string, start time.Time, err error) {
	attrs := []any{"took", time.Since(start).Round(time.Microsecond)}
	if svc != "" {
		attrs = append(attrs, "service", svc)
	}
	if err != nil {
		attrs = append(attrs, "err", err)
	}
	Call(ctx, "store", op, attrs...)
}

func (l *loggedStore) URL() string { return l.s.URL() }

func (l *loggedStore) GetRouting(ctx context.Context, svc string) (state.Routing, state.Version, error) {
	t := time.Now()
	r, v, err := l.s.GetRouting(ctx, svc)
	done(ctx, "GetRouting", svc, t, err)
	return r, v, err
}

func (l *loggedStore) PutRouting(ctx context.Context, r state.Routing, expected state.Version) (state.Version, error) {
	t := time.Now()
	v, err := l.s.PutRouting(ctx, r, expected)
	done(ctx, "PutRouting", r.Service, t, err)
	return v, err
}

func (l *loggedStore) DeleteRouting(ctx context.Context, svc string, expected state.Version) error {
	t := time.Now()
	err := l.s.DeleteRouting(ctx, svc, expected)
	done(ctx, "DeleteRouting", svc, t, err)
	return err
}

func (l *loggedStore) HistoryServices(ctx context.Context) ([]string, error) {
	t := time.Now()
	r, err := l.s.HistoryServices(ctx)
	done(ctx, "HistoryServices", "", t, err)
	return r, err
}

func (l *loggedStore) ListRouting(ctx context.Context) ([]state.Routing, error) {
	t := time.Now()
	r, err := l.s.ListRouting(ctx)
	done(ctx, "ListRouting", "", t, err)
	return r, err
}

func (l *loggedStore) WatchRouting(ctx context.Context) (<-chan state.RoutingEvent, error) {
	t := time.Now()
	ch, err := l.s.WatchRouting(ctx)
	done(ctx, "WatchRouting", "", t, err)
	return ch, err
}

func (l *loggedStore) RegisterAgent(ctx context.Context, a state.Agent) (state.AgentSession, error) {
	t := time.Now()
	s, err := l.s.RegisterAgent(ctx, a)
	done(ctx, "RegisterAgent "+a.ID, "", t, err)
	return s, err
}

func (l *loggedStore) ListAgents(ctx context.Context) ([]state.AgentStatus, error) {
	t := time.Now()
	a, err := l.s.ListAgents(ctx)
	done(ctx, "ListAgents", "", t, err)
	return a, err
}

func (l *loggedStore) WaitApplied(ctx context.Context, svc string, gen int64, deadline time.Time) error {
	t := time.Now()
	err := l.s.WaitApplied(ctx, svc, gen, deadline)
	done(ctx, "WaitApplied", svc, t, err)
	return err
}

func (l *loggedStore) Lock(ctx context.Context, svc string, h state.Holder) (state.Lock, error) {
	t := time.Now()
	lk, err := l.s.Lock(ctx, svc, h)
	done(ctx, "Lock", svc, t, err)
	return lk, err
}

func (l *loggedStore) AppendHistory(ctx context.Context, svc string, r state.Record) (string, error) {
	t := time.Now()
	id, err := l.s.AppendHistory(ctx, svc, r)
	done(ctx, "AppendHistory", svc, t, err)
	return id, err
}

func (l *loggedStore) UpdateHistory(ctx context.Context, svc string, r state.Record) error {
	t := time.Now()
	err := l.s.UpdateHistory(ctx, svc, r)
	done(ctx, "UpdateHistory", svc, t, err)
	return err
}

func (l *loggedStore) History(ctx context.Context, svc string, limit int) ([]state.Record, error) {
	t := time.Now()
	r, err := l.s.History(ctx, svc, limit)
	done(ctx, "History", svc, t, err)
	return r, err
}

func (l *loggedStore) Close() error { return l.s.Close() }

// ConnError keeps state.Connectivity visible through the wrapper.
func (l *loggedStore) ConnError() error {
	if c, ok := l.s.(state.Connectivity); ok {
		return c.ConnError()
	}
	return nil
}
