package dashboard

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/yodeldeploy/yodel/pkg/server"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// fakeActions records what it was asked; scale waits for release so the
// test sees the job running first.
type fakeActions struct {
	mu      sync.Mutex
	calls   []string
	release chan struct{}
}

func (f *fakeActions) record(s string) {
	f.mu.Lock()
	f.calls = append(f.calls, s)
	f.mu.Unlock()
}

func (f *fakeActions) Scale(_ context.Context, c server.Caller, svc string, n int) server.Outcome {
	f.record(fmt.Sprintf("scale %s %d by %s", svc, n, c.User))
	<-f.release
	return server.Outcome{}
}

func (f *fakeActions) Rollout(_ context.Context, c server.Caller, svc, action string, _ bool) server.Outcome {
	f.record(fmt.Sprintf("%s %s by %s", action, svc, c.User))
	return server.Outcome{ExitCode: 5, Error: "<b>locked</b>", Output: "Last lines of failed task t1:\n  <i>boom</i>\n"}
}

func (f *fakeActions) Rollback(_ context.Context, c server.Caller, svc, to string) server.Outcome {
	f.record(fmt.Sprintf("rollback %s to %q by %s", svc, to, c.User))
	return server.Outcome{}
}

func (f *fakeActions) Restart(_ context.Context, c server.Caller, svc string) server.Outcome {
	f.record(fmt.Sprintf("restart %s by %s", svc, c.User))
	return server.Outcome{}
}

func (f *fakeActions) seen() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.calls...)
}

// seenOnce waits for the first call: the action runs in a goroutine that
// the page's answer does not wait for.
func (f *fakeActions) seenOnce(t *testing.T) []string {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		if got := f.seen(); len(got) > 0 || time.Now().After(deadline) {
			return got
		}
		time.Sleep(5 * time.Millisecond) // polling a condition
	}
}

func actionServer(t *testing.T) (*httptest.Server, *fakeActions, state.Store) {
	t.Helper()
	f := &fakeActions{release: make(chan struct{})}
	t.Cleanup(func() { close(f.release) })
	st := fixture(t, 2)
	d := New(Config{Realm: "test", Source: Source{Store: st, Apps: apps(2)}, Users: users, Actions: f})
	ts := httptest.NewServer(d.Handler())
	t.Cleanup(ts.Close)
	return ts, f, st
}

func csrfOf(t *testing.T, c *http.Client, u string) string {
	t.Helper()
	_, body := get(t, c, u)
	m := regexp.MustCompile(`name="csrf" value="([0-9a-f]+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no CSRF token on %s", u)
	}
	return m[1]
}

func post(t *testing.T, c *http.Client, u string, v url.Values) (*http.Response, string) {
	t.Helper()
	res, err := c.PostForm(u, v)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

func TestScaleIsConfirmedWithItsCapacityAndShowsItsProgress(t *testing.T) {
	ts, f, _ := actionServer(t)
	c := signIn(t, ts, "ann", "ann-token")
	res, body := get(t, c, ts.URL+"/ui/services/svc001/confirm/scale?instances=3000")
	if res.StatusCode != 200 {
		t.Fatalf("confirm: %d %s", res.StatusCode, body)
	}
	// svc001 wants 4 instances of 0 CPUs (the fixture's apps ask for none):
	// the preview names the counts and the command.
	for _, want := range []string{"from <strong>4</strong> to <strong>3000</strong>", "yodel scale svc001 3000", `name="instances" value="3000"`} {
		if !strings.Contains(body, want) {
			t.Errorf("confirmation lacks %q:\n%s", want, body)
		}
	}
	if len(f.seen()) != 0 {
		t.Fatalf("the confirmation page acted: %v", f.seen())
	}
	csrf := csrfOf(t, c, ts.URL+"/ui/services/svc001")
	res, body = post(t, c, ts.URL+"/ui/services/svc001/actions/scale", url.Values{"csrf": {csrf}, "instances": {"3000"}})
	if res.StatusCode != 200 || res.Request.URL.Path != "/ui/services/svc001" {
		t.Fatalf("scale: %d at %s", res.StatusCode, res.Request.URL)
	}
	if !strings.Contains(body, "scale to 3000") || !strings.Contains(body, "running…") {
		t.Errorf("the service page does not show the running scale:\n%s", body)
	}
	if got := f.seenOnce(t); len(got) != 1 || got[0] != "scale svc001 3000 by ann" {
		t.Errorf("actions called: %v", got)
	}
}

// A restart from the service page: confirmed with the count and release
// it replaces (and a warning for an app without health checks), then run
// as the API's restart.
func TestRestartIsConfirmedThenRun(t *testing.T) {
	ts, f, _ := actionServer(t)
	c := signIn(t, ts, "ann", "ann-token")
	_, page := get(t, c, ts.URL+"/ui/services/svc001")
	if !strings.Contains(page, `action="/ui/services/svc001/confirm/restart"`) {
		t.Fatalf("no restart on the service page:\n%s", page)
	}
	res, body := get(t, c, ts.URL+"/ui/services/svc001/confirm/restart")
	if res.StatusCode != 200 {
		t.Fatalf("confirm: %d %s", res.StatusCode, body)
	}
	for _, want := range []string{"a new task for each of its <strong>4</strong>", "yodel restart svc001",
		`id="unchecked">svc001 has no health checks`} {
		if !strings.Contains(body, want) {
			t.Errorf("confirmation lacks %q:\n%s", want, body)
		}
	}
	if _, body := get(t, c, ts.URL+"/ui/services/svc000/confirm/restart"); strings.Contains(body, `id="unchecked"`) || !strings.Contains(body, "yodel restart svc000") {
		t.Errorf("svc000 has health checks: no warning expected:\n%s", body)
	}
	if len(f.seen()) != 0 {
		t.Fatalf("the confirmation page acted: %v", f.seen())
	}
	csrf := csrfOf(t, c, ts.URL+"/ui/services/svc001")
	if res, _ := post(t, c, ts.URL+"/ui/services/svc001/actions/restart", url.Values{"csrf": {csrf}}); res.StatusCode != 200 {
		t.Fatalf("restart: %d", res.StatusCode)
	}
	if got := f.seenOnce(t); len(got) != 1 || got[0] != "restart svc001 by ann" {
		t.Errorf("actions called: %v", got)
	}
}

func TestActionOutcomeIsEscapedText(t *testing.T) {
	ts, f, st := actionServer(t)
	c := signIn(t, ts, "ann", "ann-token")
	csrf := csrfOf(t, c, ts.URL+"/ui/services/svc000")
	if res, _ := post(t, c, ts.URL+"/ui/services/svc000/actions/pause", url.Values{"csrf": {csrf}}); res.StatusCode != 200 {
		t.Fatalf("pause: %d", res.StatusCode)
	}
	for {
		_, body := get(t, c, ts.URL+"/ui/services/svc000")
		if strings.Contains(body, "failed (exit 5)") {
			if strings.Contains(body, "<b>locked") || !strings.Contains(body, "&lt;b&gt;locked") {
				t.Errorf("the outcome's error is not escaped text:\n%s", body)
			}
			// What the action printed (a failed task's last lines), as text.
			if !strings.Contains(body, "<summary>What it printed</summary><pre class=\"output\">Last lines of failed task t1:\n  &lt;i&gt;boom&lt;/i&gt;\n</pre>") {
				t.Errorf("the outcome's output is missing or not escaped text:\n%s", body)
			}
			break
		}
	}
	if got := f.seen(); len(got) != 1 || got[0] != "pause svc000 by ann" {
		t.Errorf("actions called: %v", got)
	}
	// The action's audit row: the user, the request, failed.
	for {
		h, err := st.History(context.Background(), "svc000", 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(h) == 1 && h[0].Strategy == "dashboard" {
			if h[0].User != "ann" || h[0].Outcome != state.OutcomeFailed || !strings.Contains(h[0].Command, "dashboard: pause svc000") {
				t.Errorf("audit row: %+v", h[0])
			}
			break
		}
	}
}

func TestActionsAreRefused(t *testing.T) {
	ts, f, _ := actionServer(t)
	ann := signIn(t, ts, "ann", "ann-token")
	vic := signIn(t, ts, "vic", "vic-token")
	annCSRF := csrfOf(t, ann, ts.URL+"/ui/services/svc000")
	vicCSRF := csrfOf(t, vic, ts.URL+"/ui/services/svc000")
	u := ts.URL + "/ui/services/svc000/actions/abort"
	for name, tc := range map[string]struct {
		c    *http.Client
		form url.Values
		code int
	}{
		"no session":      {http.DefaultClient, url.Values{"csrf": {annCSRF}}, http.StatusUnauthorized},
		"no CSRF token":   {ann, url.Values{}, http.StatusForbidden},
		"another's token": {ann, url.Values{"csrf": {vicCSRF}}, http.StatusForbidden},
		"viewer":          {vic, url.Values{"csrf": {vicCSRF}}, http.StatusForbidden},
	} {
		if res, _ := post(t, tc.c, u, tc.form); res.StatusCode != tc.code {
			t.Errorf("%s: %d, want %d", name, res.StatusCode, tc.code)
		}
	}
	if res, _ := get(t, vic, ts.URL+"/ui/services/svc000/confirm/abort"); res.StatusCode != http.StatusForbidden {
		t.Errorf("viewer's confirmation page: %d, want 403", res.StatusCode)
	}
	if res, _ := get(t, ann, ts.URL+"/ui/services/svc000/actions/abort"); res.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("an action through GET: %d, want 405", res.StatusCode)
	}
	if _, body := get(t, vic, ts.URL+"/ui/services/svc000"); strings.Contains(body, "/confirm/") {
		t.Errorf("the viewer's page offers actions")
	}
	if got := f.seen(); len(got) != 0 {
		t.Errorf("refused requests acted: %v", got)
	}
}
