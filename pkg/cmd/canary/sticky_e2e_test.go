package canary_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/canary/loadgen"
	"github.com/yodeldeploy/yodel/pkg/haproxy"
	"github.com/yodeldeploy/yodel/pkg/sandbox/sandboxtest"
	"github.com/yodeldeploy/yodel/pkg/stattest"
)

// stickyBrowsers is how many cookie-jar clients the sticky test follows
// (BENCHMARKS.md, issue 19).
const stickyBrowsers = 200

// stickyClients: with partial.sticky, while the load runs, 200 browsers
// (cookie jars) visit at 10% and again at 50% (each step held by a long
// duration and ended by `yodel canary promote`): every browser on the
// canary at 10% is on it at 50% (exactly), half of them are on it at 50%,
// and after the rollout every browser reaches the new release with its
// sticky cookie expired. The load fails no request.
func stickyClients(t *testing.T, e *sandboxtest.Rig, load *loadgen.Load, rel string) {
	section := strings.Replace(fastCanary, "duration: 5s", "duration: 5m", 1)
	section = sandboxtest.ReplaceOnce(t, section, "    minRequests: 20\n", "    minRequests: 20\n    sticky: true\n")
	e.Manifest("", section)
	before := load.Snapshot()
	dep := e.Start(e.DeployArgs(rel)...)
	promote := func() {
		t.Helper()
		code, out, errOut := e.Run("canary", "promote", "hello", "--realm", e.SB.RealmFile)
		require.Equal(t, 0, code, "%s\n%s", out, errOut)
	}
	browsers := make([]*http.Client, stickyBrowsers)
	for i := range browsers {
		jar, _ := cookiejar.New(nil)
		browsers[i] = &http.Client{Timeout: loadgen.Timeout, Jar: jar, Transport: &http.Transport{DisableKeepAlives: true}}
	}
	u, _ := url.Parse(e.URL)
	cookie := haproxy.StickyCookie("hello", e.Port)
	held := func(c *http.Client) bool {
		for _, k := range c.Jar.Cookies(u) {
			if k.Name == cookie {
				return true
			}
		}
		return false
	}
	// visit has every browser send two requests (20 at a time) and
	// returns the release each reached; both must be the same.
	visit := func(phase string) []string {
		t.Helper()
		got := make([]string, len(browsers))
		var mu sync.Mutex
		var problems []string
		var wg sync.WaitGroup
		sem := make(chan struct{}, 20)
		for i, c := range browsers {
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer func() { <-sem; wg.Done() }()
				a, errA := releaseFor(c, e.URL)
				b, errB := releaseFor(c, e.URL)
				mu.Lock()
				defer mu.Unlock()
				switch {
				case errA != nil || errB != nil:
					problems = append(problems, phase+": "+errString(errA)+" "+errString(errB))
				case a != b:
					problems = append(problems, phase+": a browser reached "+a+", then "+b)
				}
				got[i] = a
			}()
		}
		wg.Wait()
		require.Empty(t, problems)
		return got
	}
	count := func(rs []string, r string) int {
		n := 0
		for _, x := range rs {
			if x == r {
				n++
			}
		}
		return n
	}

	e.WaitStep("partial[0]", 60*time.Second)
	rt := e.WaitApplied()
	at10 := visit("10%")
	require.True(t, e.Routed(rt), "the step moved on while the browsers visited")
	for i, c := range browsers {
		require.True(t, held(c), "browser %d has no sticky cookie at 10%%", i)
	}

	promote() // ends partial[0]
	e.WaitStep("partial[1]", 60*time.Second)
	rt = e.WaitApplied()
	at50 := visit("50%")
	require.True(t, e.Routed(rt), "the step moved on while the browsers visited")
	kept := 0
	for i := range at10 {
		if at10[i] == rel {
			assert.Equal(t, rel, at50[i], "browser %d was on the canary at 10%% and is not at 50%%", i)
			if at50[i] == rel {
				kept++
			}
		}
	}
	c10, c50 := count(at10, rel), count(at50, rel)
	t.Logf("FIGURE sticky browsers: %d of %d on the canary at 10%%, %d of those %d still on it at 50%%, %d of %d on it at 50%%",
		c10, stickyBrowsers, kept, c10, c50, stickyBrowsers)
	assert.Positive(t, c10, "no browser drew the canary at 10%")
	stattest.Share(t, c50, stickyBrowsers, 0.50, "browsers on the canary at 50%")

	promote() // ends partial[1]: full, then done
	code, out, errOut := dep.Wait(t)
	require.Equal(t, 0, code, "%s\n%s", out, errOut)
	e.WaitApplied()
	after := visit("after the rollout")
	assert.Equal(t, stickyBrowsers, count(after, rel), "browsers on the new release after promote")
	for i, c := range browsers {
		assert.False(t, held(c), "browser %d still holds its sticky cookie after promote", i)
	}

	during := load.Snapshot().Sub(before)
	t.Logf("FIGURE sticky rollout under load: %d requests, %d failed", during.Total, during.Failed)
	assert.Zero(t, during.Failed, "failed requests of the load: %v", during.FailureSamples)
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// releaseFor sends one GET with the browser's cookies and returns the
// release that answered.
func releaseFor(c *http.Client, url string) (string, error) {
	resp, err := c.Get(url)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var v struct {
		Version string `json:"version"`
	}
	if resp.StatusCode != http.StatusOK {
		return "", &statusError{resp.Status}
	}
	if err := json.Unmarshal(body, &v); err != nil {
		return "", err
	}
	return v.Version, nil
}

type statusError struct{ status string }

func (e *statusError) Error() string { return "status " + e.status }
