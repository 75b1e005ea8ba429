package crashtest_test

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/lb"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// slowAgent stands in for a second, lagging lb agent: it registers in the
// realm's store like `yodel lb` and acknowledges every routing generation
// of the service, except while a hold is set on a step: then it does not
// acknowledge a generation at that step (the CLI's wait for the agents
// holds the step); held at drain, it reports one session still open on the
// stable track (the drain holds until its timeout). This is a fault
// injected from outside, like the emulator's fault endpoints; the real
// agent and HAProxy keep serving meanwhile.
type slowAgent struct {
	svc  string
	sess state.AgentSession

	mu     sync.Mutex
	hold   string
	latest state.Routing
	kick   chan struct{}
}

func startSlowAgent(t testing.TB, st state.Store, svc string) *slowAgent {
	t.Helper()
	a := &slowAgent{svc: svc, kick: make(chan struct{}, 1)}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	srv := &http.Server{Handler: http.HandlerFunc(a.stats), ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	ctx, cancel := context.WithCancel(context.Background())
	// "zz" sorts after the sandbox's agent: smoke checks use the first
	// agent's host.
	// Registered from this host, as the real agent is: the CLI never reads
	// a loopback address that another host registered.
	here, err := os.Hostname()
	require.NoError(t, err)
	a.sess, err = st.RegisterAgent(ctx, state.Agent{ID: "zz-slow-agent", Address: l.Addr().String(), Host: here,
		Pid: os.Getpid(), StartedAt: time.Now()})
	require.NoError(t, err)
	ch, err := st.WatchRouting(ctx)
	require.NoError(t, err)
	done := make(chan struct{})
	go a.run(ctx, ch, done)
	t.Cleanup(func() { cancel(); <-done; _ = a.sess.Close(context.Background()) })
	return a
}

func (a *slowAgent) run(ctx context.Context, ch <-chan state.RoutingEvent, done chan struct{}) {
	defer close(done)
	for {
		select {
		case ev, ok := <-ch:
			if !ok {
				return
			}
			if ev.Kind == state.RoutingUpdated && ev.Service == a.svc {
				a.mu.Lock()
				a.latest = ev.Routing
				a.mu.Unlock()
			}
		case <-a.kick:
		case <-ctx.Done():
			return
		}
		a.mu.Lock()
		rt, hold := a.latest, a.hold
		a.mu.Unlock()
		if rt.Generation > 0 && (hold == "" || rt.Step != hold) {
			_ = a.sess.Ack(ctx, a.svc, rt.Generation)
		}
	}
}

// holdAt sets the step to hold ("" releases it).
func (a *slowAgent) holdAt(step string) {
	a.mu.Lock()
	a.hold = step
	a.mu.Unlock()
	select {
	case a.kick <- struct{}{}:
	default:
	}
}

func (a *slowAgent) stats(w http.ResponseWriter, r *http.Request) {
	// Held at drain, it plays a client whose connection to the old
	// release stays open: one stable session, from the hold on.
	a.mu.Lock()
	draining := a.hold == canary.StepDrain
	a.mu.Unlock()
	resp := lb.StatsResponse{Agent: "zz-slow-agent", Time: time.Now().UTC(), Services: map[string]lb.ServiceStats{}}
	if draining {
		resp.Services[a.svc] = lb.ServiceStats{Tracks: map[string]lb.TrackStats{canary.TrackStable: {Sessions: 1}}}
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(resp)
}
