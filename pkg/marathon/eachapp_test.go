package marathon

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEachAppStreams: apps are handed over one at a time in order, keys
// beside "apps" are skipped, null tasks dropped, and an answer that is not
// one JSON object (or stops half-way) is an error, as with json.Unmarshal.
func TestEachAppStreams(t *testing.T) {
	for _, tt := range []struct {
		name, body string
		want       []string
		err        string
	}{
		{name: "apps", body: `{"before":{"x":[1,2]},"apps":[{"id":"/a","tasks":[null,{"id":"a.1"}]},{"id":"/b"}],"after":null}`, want: []string{"/a", "/b"}},
		{name: "null list", body: `{"apps":null}`},
		{name: "empty", body: `{"apps":[]}  ` + "\n"},
		{name: "trailing data", body: `{"apps":[{"id":"/a"}]} {"apps":[]}`, want: []string{"/a"}, err: "after the answer"},
		{name: "truncated", body: `{"apps":[{"id":"/a"},{"id":"/b"`, want: []string{"/a"}, err: "decoding the answer"},
		{name: "not a list", body: `{"apps":{"id":"/a"}}`, err: "not a list"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				assert.Equal(t, "/v2/apps", r.URL.Path)
				assert.Equal(t, appsEmbed["embed"], r.URL.Query()["embed"])
				_, _ = io.WriteString(w, tt.body)
			}))
			defer srv.Close()
			c, err := New(Config{URLs: []string{srv.URL}})
			require.NoError(t, err)
			var got []string
			err = c.EachApp(context.Background(), func(a *App) error {
				got = append(got, a.ID)
				for _, tk := range a.Tasks {
					assert.NotNil(t, tk)
				}
				return nil
			})
			assert.Equal(t, tt.want, got)
			if tt.err == "" {
				assert.NoError(t, err)
			} else {
				assert.ErrorContains(t, err, tt.err)
			}
		})
	}
}

// TestEachAppStopsOnCallbackError: the callback's error ends the read and
// comes back as it was, not as a decoding error, and no other member is
// asked (the callback acted on part of the answer).
func TestEachAppStopsOnCallbackError(t *testing.T) {
	hits := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits++
		_, _ = io.WriteString(w, `{"apps":[{"id":"/a"},{"id":"/b"},{"id":"/c"}]}`)
	}))
	defer srv.Close()
	c, err := New(Config{URLs: []string{srv.URL, srv.URL}})
	require.NoError(t, err)
	stop := errors.New("enough")
	n := 0
	err = c.EachApp(context.Background(), func(a *App) error {
		n++
		if a.ID == "/b" {
			return stop
		}
		return nil
	})
	assert.Same(t, stop, err)
	assert.Equal(t, 2, n)
	assert.Equal(t, 1, hits)
}

// appsBody1000 is a /v2/apps answer of 1000 apps × 3 healthy tasks, as
// 1.4 writes them.
func appsBody1000() string {
	var b strings.Builder
	b.WriteString(`{"apps":[`)
	for i := range 1000 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":"/svc%04d-blue","cmd":"serve --port $PORT0","args":null,"user":null,"env":{"YODEL_RELEASE":"v1"},"instances":3,"cpus":0.1,"mem":64,"disk":0,"gpus":0,"executor":"","constraints":[],"uris":[],"fetch":[],"storeUrls":[],"backoffSeconds":1,"backoffFactor":1.15,"maxLaunchDelaySeconds":3600,"container":null,"healthChecks":[{"gracePeriodSeconds":5,"intervalSeconds":1,"timeoutSeconds":1,"maxConsecutiveFailures":3,"portIndex":0,"path":"/health","protocol":"HTTP","ignoreHttp1xx":false}],"readinessChecks":[],"dependencies":[],"upgradeStrategy":{"minimumHealthCapacity":1,"maximumOverCapacity":1},"labels":{"yodel.service":"svc%04d","yodel.track":"blue"},"ipAddress":null,"version":"2026-12-05T00:00:00.000Z","versionInfo":{"lastScalingAt":"2026-12-05T00:00:00.000Z","lastConfigChangeAt":"2026-12-05T00:00:00.000Z"},"residency":null,"secrets":{},"taskKillGracePeriodSeconds":null,"unreachableStrategy":{"inactiveAfterSeconds":300,"expungeAfterSeconds":600},"killSelection":"YOUNGEST_FIRST","portDefinitions":[{"port":%d,"protocol":"tcp","name":"http","labels":{}}],"requirePorts":false,"tasksStaged":0,"tasksRunning":3,"tasksHealthy":3,"tasksUnhealthy":0,"deployments":[],"tasks":[`, i, i, 20000+i)
		for k := range 3 {
			if k > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `{"id":"svc%04d-blue.%08d-f0c2-11f1-9d74-e2508e12edfd","slaveId":"agent-1","host":"127.0.0.1","state":"TASK_RUNNING","startedAt":"2026-12-05T00:00:01.000Z","stagedAt":"2026-12-05T00:00:00.500Z","ports":[%d],"version":"2026-12-05T00:00:00.000Z","ipAddresses":[{"ipAddress":"127.0.0.1","protocol":"IPv4"}],"appId":"/svc%04d-blue","servicePorts":[%d],"healthCheckResults":[{"alive":true,"consecutiveFailures":0,"firstSuccess":"2026-12-05T00:00:02.000Z","lastFailure":null,"lastSuccess":"2026-12-05T00:01:00.000Z","lastFailureCause":null,"instanceId":"svc%04d-blue.marathon-%08d-f0c2-11f1-9d74-e2508e12edfd"}]}`, i, 3*i+k, 30000+3*i+k, i, 20000+i, i, 3*i+k)
		}
		b.WriteString(`]}`)
	}
	b.WriteString(`]}`)
	return b.String()
}

// BenchmarkFullRead1000: the lb agent's full read of 1000 apps × 3 tasks,
// decoding whole Apps (EachApp) or only what routing takes
// (EachRoutedApp).
func BenchmarkFullRead1000(b *testing.B) {
	body := appsBody1000()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, body)
	}))
	defer srv.Close()
	c, err := New(Config{URLs: []string{srv.URL}})
	require.NoError(b, err)
	for _, m := range []struct {
		name string
		each func(context.Context, func(*App) error) error
	}{{"EachApp", c.EachApp}, {"EachRoutedApp", c.EachRoutedApp}} {
		b.Run(m.name, func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				n := 0
				if err := m.each(context.Background(), func(*App) error { n++; return nil }); err != nil || n != 1000 {
					b.Fatal(n, err)
				}
			}
		})
	}
}
