package rollout

import (
	"context"
	"encoding/csv"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/drain"
	"github.com/yodeldeploy/yodel/pkg/haproxy"
	"github.com/yodeldeploy/yodel/pkg/sandbox/emulator/emutest"
	"github.com/yodeldeploy/yodel/pkg/sandbox/sandboxtest"
)

// From the moment yodel decides to kill a task (drain.Drainer.Drain is
// called) to the moment HAProxy sends it no new request (its server in
// drain state, seen on the admin socket polled every millisecond), under
// 250 req/s, on plain 1.4 and 1.10. Logged as FIGURE lines for
// BENCHMARKS.md (YODEL_DRAIN_SAMPLES, default 20 per mode;
// YODEL_DRAIN_STORE=zookeeper for a real realm's store, default the
// sandbox's file store, polled every 20 ms); the test asserts only that a
// drained server gets no new session afterwards.
func TestDrainLatencyUnderLoad(t *testing.T) {
	samples := 20
	if v, err := strconv.Atoi(os.Getenv("YODEL_DRAIN_SAMPLES")); err == nil && v > 0 {
		samples = v
	}
	for _, m := range emutest.Modes {
		t.Run(m.Name, func(t *testing.T) {
			r := newRig(t, sandboxtest.Options{MarathonVersion: m.Version, DieOnTerm: true, Store: os.Getenv("YODEL_DRAIN_STORE")})
			load := r.DeployUnderLoad("v1", drainCanary)
			defer load.Stop()
			rt := r.Routing()
			be := haproxy.BackendName("hello", r.Port)
			var tasks struct {
				Tasks []struct {
					ID string `json:"id"`
				} `json:"tasks"`
			}
			require.NoError(t, sandboxtest.GetJSON(r.SB.MarathonURL+"/v2/apps"+rt.Stable+"/tasks", &tasks))
			require.Len(t, tasks.Tasks, 3)
			d := &drain.Drainer{Store: r.Store, Poll: 5 * time.Millisecond}
			ctx := context.Background()
			var lat, written []time.Duration
			for i := range samples {
				id := tasks.Tasks[i%len(tasks.Tasks)].ID
				srv := haproxy.ServerName(id)
				start := time.Now()
				done := make(chan error, 1)
				go func() {
					res, err := d.Drain(ctx, "hello", []string{id}, 5*time.Second, nil)
					written = append(written, res.Written)
					done <- err
				}()
				for !serverDraining(t, r.SB.AdminSocket, be, srv) {
					require.Less(t, time.Since(start), 30*time.Second, "server %s not drained", srv)
					time.Sleep(time.Millisecond) // polling the admin socket
				}
				lat = append(lat, time.Since(start))
				require.NoError(t, <-done)
				before := serverSessionsTotal(t, r.SB.AdminSocket, be, srv)
				sandboxtest.WaitRequests(t, load, 50)
				assert.Equal(t, before, serverSessionsTotal(t, r.SB.AdminSocket, be, srv), "a drained server got new requests")
				require.NoError(t, d.Forget(ctx, "hello", []string{id}))
				for serverDraining(t, r.SB.AdminSocket, be, srv) {
					time.Sleep(time.Millisecond) // polling the admin socket
				}
			}
			slices.Sort(lat)
			slices.Sort(written)
			pct := func(p float64) time.Duration { return lat[min(len(lat)-1, int(p*float64(len(lat))))] }
			t.Logf("FIGURE %s of which the routing state write: p50 %s, max %s", m.Name, written[len(written)/2].Round(100*time.Microsecond), written[len(written)-1].Round(100*time.Microsecond))
			rep := load.Stop()
			t.Logf("FIGURE %s (%s store) decide-to-kill -> no new request (drain in HAProxy), %d samples: p50 %s, p99 %s, max %s; %d requests, %d failed",
				m.Name, r.SB.StoreURL[:strings.Index(r.SB.StoreURL, ":")], len(lat), pct(0.5).Round(100*time.Microsecond), pct(0.99).Round(100*time.Microsecond), lat[len(lat)-1].Round(100*time.Microsecond), rep.Total, rep.Failed)
			assert.Zero(t, rep.Failed)
		})
	}
}

// serverDraining says whether HAProxy holds server srv of backend be in
// drain state (srv_admin_state has the forced-drain bit).
func serverDraining(t *testing.T, sock, be, srv string) bool {
	out := sandboxtest.HAProxyExec(t, sock, "show servers state "+be)
	var cols map[string]int
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(strings.TrimPrefix(line, "#"))
		if strings.HasPrefix(line, "#") {
			cols = map[string]int{}
			for i, n := range f {
				cols[n] = i
			}
			continue
		}
		if cols == nil || len(f) <= cols["srv_admin_state"] || f[cols["srv_name"]] != srv {
			continue
		}
		st, _ := strconv.Atoi(f[cols["srv_admin_state"]])
		return st&0x08 != 0
	}
	return false
}

// serverSessionsTotal is the server's stot in `show stat`.
func serverSessionsTotal(t *testing.T, sock, be, srv string) string {
	out := sandboxtest.HAProxyExec(t, sock, "show stat")
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "# "))).ReadAll()
	require.NoError(t, err)
	for _, row := range rows[1:] {
		if len(row) > 7 && row[0] == be && row[1] == srv {
			return row[7]
		}
	}
	t.Fatalf("no server %s/%s in show stat", be, srv)
	return ""
}
