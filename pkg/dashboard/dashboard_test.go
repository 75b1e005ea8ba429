package dashboard

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	gm "github.com/gambol99/go-marathon"

	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/jsondur"
	"github.com/yodeldeploy/yodel/pkg/lb"
	"github.com/yodeldeploy/yodel/pkg/manifest"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/realm"
	"github.com/yodeldeploy/yodel/pkg/state"
	"github.com/yodeldeploy/yodel/pkg/view"
)

var users = []realm.ServerCredential{
	{Name: "ann", Role: realm.RoleAdmin, Token: "ann-token"},
	{Name: "vic", Role: realm.RoleViewer, Token: "vic-token"},
}

// fixture is a file store holding n services (svc000…); the first has an
// active canary rollout with hostile text in its labels and history.
func fixture(t testing.TB, n int) state.Store {
	t.Helper()
	ctx := context.Background()
	st, err := state.Open(ctx, "file://"+t.TempDir(), state.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	for i := range n {
		svc := fmt.Sprintf("svc%03d", i)
		rt := state.Routing{Service: svc, Stable: "/" + svc + "-blue", UpdatedAt: now}
		if i == 0 {
			r := &canary.Rollout{Version: 1, Service: svc, Stable: canary.Track{App: "/svc000-blue", Release: "v1", Instances: 3},
				Canary: canary.Track{App: "/svc000-v2", Release: "v2", Instances: 1}, Settings: manifest.CanaryPlan{Steps: []int{10, 50}}, Step: canary.StepPartial, StepStarted: now, Weight: 10,
				Started: now, Steps: []canary.StepRecord{{Name: "isolated", Started: now, Finished: now, Outcome: state.OutcomeSucceeded}},
				Window: &canary.Window{Totals: map[string]canary.Counters{"stable": {Requests: 900, Responses5x: 9}, "canary": {Requests: 100, Responses5x: 1}}},
				Checks: []canary.Check{{Step: "partial[0]", Name: "error-rate", Verdict: "pass", Time: now, Message: "<script>alert(1)</script>"}},
				Source: &canary.Source{Manifest: "/srv/<b>web</b>.yaml", SHA: "abc", Labels: map[string]string{"who": "<img src=x onerror=alert(2)>"}}}
			raw, err := r.Encode()
			if err != nil {
				t.Fatal(err)
			}
			rt.Canary, rt.CanaryWeight, rt.Rollout = "/svc000-v2", 10, raw
		}
		if _, err := st.PutRouting(ctx, rt, state.NoVersion); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			if _, err := st.AppendHistory(ctx, svc, state.Record{Service: svc, Release: "v2", User: "<script>evil()</script>", Host: "h",
				Command: "yodel deploy", Started: now, Outcome: state.OutcomeInProgress}); err != nil {
				t.Fatal(err)
			}
			// The history table's message: a canary's reason is on the step
			// that failed.
			if _, err := st.AppendHistory(ctx, svc, state.Record{Service: svc, Release: "v0", User: "bob", Host: "h", Command: "yodel deploy",
				Started: now.Add(-time.Hour), Outcome: state.OutcomeRolledBack, Strategy: "canary",
				Steps: []state.Step{{Name: "partial[0]", Outcome: "failed", Message: "error-rate: <u>50.00%</u> > 1.00%"}, {Name: "rolled-back"}}}); err != nil {
				t.Fatal(err)
			}
		}
	}
	return st
}

// apps lists n services' apps, filtered by id as Marathon's /v2/apps?id=
// filters them (contains, in any case).
func apps(n int) func(context.Context, string) ([]marathon.App, error) {
	var out []marathon.App
	for i := range n {
		svc := fmt.Sprintf("svc%03d", i)
		a := marathon.App{}
		a.ID = "/" + svc + "-blue"
		inst := 3 + i%5
		a.Instances = &inst
		a.Labels = &map[string]string{marathon.LabelService: svc, marathon.LabelRelease: "v1"}
		if i == 0 {
			a.HealthChecks = &[]gm.HealthCheck{{Protocol: "HTTP"}} // the others have none
			// Running for months without a result: Marathon no longer
			// checks it (marathon.App.Unchecked).
			a.Tasks = []*gm.Task{{ID: "svc000-blue.t1", AppID: a.ID, State: "TASK_RUNNING", StartedAt: "2026-01-01T00:00:00.000Z"}}
		}
		if i == 2 {
			// Its agent lost by Mesos, and one task back beside its
			// replacement: a surplus for Marathon's next scale check.
			one := 1
			a.Instances = &one
			a.Tasks = []*gm.Task{{ID: "svc002-blue.t1", AppID: a.ID, State: "TASK_UNREACHABLE", StartedAt: "2026-01-01T00:00:00.000Z"},
				{ID: "svc002-blue.t2", AppID: a.ID, State: "TASK_RUNNING", StartedAt: "2026-01-01T00:00:00.000Z"},
				{ID: "svc002-blue.t3", AppID: a.ID, State: "TASK_RUNNING", StartedAt: "2026-01-02T00:00:00.000Z"}}
		}
		if i == 1 {
			a.LastTaskFailure = &gm.LastTaskFailure{TaskID: "svc001-blue.t1", State: "TASK_FAILED", Message: "Command exited with status 3",
				Timestamp: "2026-12-06T19:55:16.000Z"}
		}
		out = append(out, a)
	}
	return func(_ context.Context, part string) ([]marathon.App, error) {
		var some []marathon.App
		for _, a := range out {
			if strings.Contains(strings.ToLower(a.ID), strings.ToLower(part)) {
				some = append(some, a)
			}
		}
		return some, nil
	}
}

func newServer(t *testing.T, n int) *httptest.Server {
	t.Helper()
	d := New(Config{Realm: "test", Source: Source{Store: fixture(t, n), Apps: apps(n)}, Users: users})
	ts := httptest.NewServer(d.Handler())
	t.Cleanup(ts.Close)
	return ts
}

// signIn returns a client holding a session of user, and the CSRF token
// of its pages.
func signIn(t *testing.T, ts *httptest.Server, user, secret string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	res, err := c.PostForm(ts.URL+"/ui/login", url.Values{"user": {user}, "password": {secret}, "next": {"/ui/"}})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(body), "Realm test") {
		t.Fatalf("sign in as %s: %d %s", user, res.StatusCode, body)
	}
	return c
}

func get(t *testing.T, c *http.Client, u string) (*http.Response, string) {
	t.Helper()
	res, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

// viewerPage is path of a realm of n services, read by a viewer.
func viewerPage(t *testing.T, n int, path string) (*http.Response, string) {
	t.Helper()
	ts := newServer(t, n)
	res, body := get(t, signIn(t, ts, "vic", "vic-token"), ts.URL+path)
	if res.StatusCode != 200 {
		t.Fatalf("GET %s: %d %s", path, res.StatusCode, body)
	}
	return res, body
}

func TestPagesNeedASession(t *testing.T) {
	ts := newServer(t, 2)
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, p := range []string{"/ui/", "/ui/services/svc000", "/ui/history"} {
		res, _ := get(t, c, ts.URL+p)
		if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/ui/login?next=") {
			t.Errorf("GET %s without a session: %d %q, want a redirect to the login page", p, res.StatusCode, res.Header.Get("Location"))
		}
	}
	res, err := c.PostForm(ts.URL+"/ui/logout", nil)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusUnauthorized {
		t.Errorf("POST without a session: %d, want 401", res.StatusCode)
	}
}

func TestLoginForm(t *testing.T) {
	ts := newServer(t, 1)
	res, body := get(t, http.DefaultClient, ts.URL+"/ui/login?next=/ui/services/svc000")
	for _, want := range []string{`<label for="user">`, `<label for="password">`, `name="next" value="/ui/services/svc000"`, "</html>"} {
		if !strings.Contains(body, want) {
			t.Errorf("login form (%d) lacks %q:\n%s", res.StatusCode, want, body)
		}
	}
	if strings.Contains(body, "Sign out") {
		t.Errorf("login form offers to sign out")
	}
}

func TestLoginSetsAStrictHttpOnlyCookie(t *testing.T) {
	ts := newServer(t, 1)
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.PostForm(ts.URL+"/ui/login", url.Values{"user": {"ann"}, "password": {"ann-token"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	sc := res.Header.Get("Set-Cookie")
	for _, want := range []string{"HttpOnly", "SameSite=Strict", "Path=/ui/"} {
		if !strings.Contains(sc, want) {
			t.Errorf("Set-Cookie %q lacks %s", sc, want)
		}
	}
	if strings.Contains(sc, "Secure") {
		t.Errorf("Set-Cookie %q is Secure over plain HTTP: the browser would never send it back", sc)
	}
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/ui/" {
		t.Errorf("login: %d to %q, want 303 to /ui/", res.StatusCode, res.Header.Get("Location"))
	}
}

func TestLoginCookieIsSecureOverTLS(t *testing.T) {
	d := New(Config{Realm: "test", Source: Source{Store: fixture(t, 1)}, Users: users})
	ts := httptest.NewTLSServer(d.Handler())
	defer ts.Close()
	c := ts.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	res, err := c.PostForm(ts.URL+"/ui/login", url.Values{"user": {"ann"}, "password": {"ann-token"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if sc := res.Header.Get("Set-Cookie"); !strings.Contains(sc, "Secure") {
		t.Errorf("Set-Cookie over TLS %q is not Secure", sc)
	}
}

func TestFailedLoginsAreRateLimited(t *testing.T) {
	ts := newServer(t, 1)
	try := func(pw string) int {
		res, err := http.PostForm(ts.URL+"/ui/login", url.Values{"user": {"ann"}, "password": {pw}})
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	for i := range loginFailures {
		if code := try("wrong"); code != http.StatusUnauthorized {
			t.Fatalf("failure %d: %d, want 401", i+1, code)
		}
	}
	if code := try("ann-token"); code != http.StatusTooManyRequests {
		t.Errorf("right password after %d failures: %d, want 429 (limited)", loginFailures, code)
	}
}

func TestLoginRedirectStaysOnTheDashboard(t *testing.T) {
	for in, want := range map[string]string{"/ui/services/x": "/ui/services/x", "https://evil.example/": "/ui/", "//evil.example/ui/": "/ui/", "/v1/overview": "/ui/", "/ui/\\evil": "/ui/"} {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestOverviewShowsEveryServiceAndTheRollout(t *testing.T) {
	res, body := viewerPage(t, 3, "/ui/")
	for _, want := range []string{`href="/ui/services/svc000"`, `href="/ui/services/svc001"`, `href="/ui/services/svc002"`,
		"canary v2 10%", "stable v1 90%", "partial[0]", "1.00%", "3 of 3", `data-field="healthy">0/4<`} {
		if !strings.Contains(body, want) {
			t.Errorf("overview lacks %q", want)
		}
	}
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP %q must allow scripts from the server only", csp)
	}
	if strings.Contains(body, "<script>") || regexp.MustCompile(`<script[^>]*>[^<]`).MatchString(body) {
		t.Errorf("the page has an inline script")
	}
}

func TestOverviewFiltersAndSorts(t *testing.T) {
	ts := newServer(t, 12)
	c := signIn(t, ts, "vic", "vic-token")
	_, body := get(t, c, ts.URL+"/ui/?q=svc01")
	if !strings.Contains(body, "svc010") || !strings.Contains(body, "svc011") || strings.Contains(body, `"/ui/services/svc001"`) || !strings.Contains(body, "2 of 12") {
		t.Errorf("filter svc01 kept the wrong services:\n%s", body)
	}
	_, body = get(t, c, ts.URL+"/ui/?sort=instances")
	// 3 + i%5 instances: svc004 and svc009 want 7, the most; then by name.
	i4, i9, i0 := strings.Index(body, `data-service="svc004"`), strings.Index(body, `data-service="svc009"`), strings.Index(body, `data-service="svc000"`)
	if !(i4 >= 0 && i4 < i9 && i9 < i0) {
		t.Errorf("sort=instances: svc004 at %d, svc009 at %d, svc000 at %d; want 004 < 009 < 000", i4, i9, i0)
	}
	_, body = get(t, c, ts.URL+"/ui/?sort=rollout")
	if strings.Index(body, `data-service="svc000"`) > strings.Index(body, `data-service="svc001"`) {
		t.Errorf("sort=rollout does not put the service with a rollout first")
	}
}

func TestHostileTextShowsAsText(t *testing.T) {
	_, body := viewerPage(t, 1, "/ui/services/svc000")
	for _, bad := range []string{"<script>alert(1)", "<script>evil()", "<img src=x", "<b>web</b>", "<u>50"} {
		if strings.Contains(body, bad) {
			t.Errorf("service page holds %q unescaped", bad)
		}
	}
	for _, want := range []string{"&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;script&gt;evil()&lt;/script&gt;", "&lt;img src=x onerror=alert(2)&gt;",
		`aria-current="step"`, `<polyline class="share" points="`, `role="img"`, "isolated <span class=\"outcome\">succeeded</span>", "Rollout v1 → v2", "error-rate", "error-rate: &lt;u&gt;50.00%&lt;/u&gt; &gt; 1.00%"} {
		if !strings.Contains(body, want) {
			t.Errorf("service page lacks %q", want)
		}
	}
}

// A service's page asks Marathon for the apps whose id holds its name
// only; the overview for every app, once for every page within LiveEvery.
func TestServicePageReadsItsOwnApps(t *testing.T) {
	var mu sync.Mutex
	var asked []string
	all := apps(3)
	read := func(ctx context.Context, part string) ([]marathon.App, error) {
		mu.Lock()
		asked = append(asked, part)
		mu.Unlock()
		return all(ctx, part)
	}
	ts := httptest.NewServer(New(Config{Realm: "test", Source: Source{Store: fixture(t, 3), Apps: read}, Users: users, LiveEvery: time.Hour}).Handler())
	t.Cleanup(ts.Close)
	c := signIn(t, ts, "vic", "vic-token") // lands on the overview
	res, body := get(t, c, ts.URL+"/ui/services/svc002")
	if res.StatusCode != 200 {
		t.Fatalf("GET /ui/services/svc002: %d %s", res.StatusCode, body)
	}
	// svc002's app: one wanted task, two running beside an unreachable one.
	if !strings.Contains(body, "/svc002-blue") || strings.Contains(body, "/svc001-blue") {
		t.Errorf("the service page does not show svc002's app alone:\n%s", body)
	}
	if res, _ := get(t, c, ts.URL+"/ui/"); res.StatusCode != 200 {
		t.Fatalf("GET /ui/: %d", res.StatusCode)
	}
	mu.Lock()
	defer mu.Unlock()
	// The second overview within LiveEvery of the first shares its read.
	if !slices.Equal(asked, []string{"", "svc002"}) {
		t.Errorf("apps read with %q, want the overview's [\"\"] then the service page's [svc002]", asked)
	}
}

// The history page: the realm's changes, newest first, each service
// linked, a record's steps below its row, its text escaped.
func TestHistoryPageListsTheRealmsChanges(t *testing.T) {
	st := fixture(t, 2)
	// A destroyed service: its routing state gone, its history kept.
	if _, err := st.AppendHistory(context.Background(), "gone", state.Record{Service: "gone", Release: "g9", User: "bob", Host: "h",
		Strategy: "destroy", Started: time.Date(2026, 12, 3, 11, 0, 0, 0, time.UTC), Outcome: state.OutcomeSucceeded}); err != nil {
		t.Fatal(err)
	}
	// Two releases of svc001 whose definitions differ: the newer one
	// says what it changed.
	for i, cmd := range []string{"serve --old", "serve --<new>"} {
		if _, err := st.AppendHistory(context.Background(), "svc001", state.Record{Service: "svc001", Release: fmt.Sprintf("a%d", i+1), User: "bob", Host: "h",
			Strategy: "rolling", Started: time.Date(2026, 12, 3, 10, i, 0, 0, time.UTC), Outcome: state.OutcomeSucceeded,
			App: []byte(`{"id":"/svc001-blue","instances":3,"cmd":"` + cmd + `"}`)}); err != nil {
			t.Fatal(err)
		}
	}
	ts := httptest.NewServer(New(Config{Realm: "test", Source: Source{Store: st, Apps: apps(2)}, Users: users}).Handler())
	t.Cleanup(ts.Close)
	res, body := get(t, signIn(t, ts, "vic", "vic-token"), ts.URL+"/ui/history")
	if res.StatusCode != 200 {
		t.Fatalf("GET /ui/history: %d %s", res.StatusCode, body)
	}
	for _, bad := range []string{"<script>evil()", "<u>50"} {
		if strings.Contains(body, bad) {
			t.Errorf("history page holds %q unescaped", bad)
		}
	}
	v2, v0 := strings.Index(body, "<td>v2</td>"), strings.Index(body, "<td>v0</td>")
	if v2 < 0 || v0 < 0 || v2 > v0 {
		t.Errorf("want svc000's v2 then v0, newest first:\n%s", body)
	}
	for _, want := range []string{`<a href="/ui/services/svc000">svc000</a>`, "&lt;script&gt;evil()&lt;/script&gt;@h",
		"<summary>Steps and checks</summary>", "error-rate: &lt;u&gt;50.00%&lt;/u&gt; &gt; 1.00%", "yodel history --realm test -n 50",
		`gone <span class="meta">(no longer in the realm)</span>`, "<td>g9</td>",
		"What it changed from a1 (rolling, 2026-12-03 10:00:00Z):", "~ cmd: &#34;serve --old&#34; =&gt; &#34;serve --&lt;new&gt;&#34;",
		`<a href="/ui/history">History</a>`} {
		if !strings.Contains(body, want) {
			t.Errorf("history page lacks %q", want)
		}
	}
}

// The rollout section: the time left in a partial step (through the dur
// template func: a template checks its argument's type only when it
// runs), a promoted step's final judgement, a failed task.
func TestServicePageRolloutSection(t *testing.T) {
	ctx := context.Background()
	st := fixture(t, 1)
	rt, ver, err := st.GetRouting(ctx, "svc000")
	if err != nil {
		t.Fatal(err)
	}
	r, err := canary.Decode(rt.Rollout)
	if err != nil {
		t.Fatal(err)
	}
	r.Settings.Duration = jsondur.Duration(5 * time.Minute)
	now := r.StepStarted.Add(time.Minute + 300*time.Millisecond)
	page := func() string {
		t.Helper()
		if rt.Rollout, err = r.Encode(); err != nil {
			t.Fatal(err)
		}
		if ver, err = st.PutRouting(ctx, rt, ver); err != nil {
			t.Fatal(err)
		}
		d := New(Config{Realm: "test", Source: Source{Store: st, Apps: apps(1)}, Users: users, Now: func() time.Time { return now }})
		ts := httptest.NewServer(d.Handler())
		t.Cleanup(ts.Close)
		res, body := get(t, signIn(t, ts, "vic", "vic-token"), ts.URL+"/ui/services/svc000")
		if res.StatusCode != 200 {
			t.Fatalf("GET /ui/services/svc000: %d", res.StatusCode)
		}
		return body
	}
	if body := page(); !strings.Contains(body, "; 3m59s left in this step") {
		t.Fatalf("want \"3m59s left in this step\" in\n%s", body)
	}
	// Promoted, the step's clock means nothing: its final judgement comes
	// an interval after the last one.
	r.PromoteStep, r.LastJudged = true, now.Add(-10*time.Second)
	r.Settings.Interval = jsondur.Duration(30 * time.Second)
	if body := page(); !strings.Contains(body, "; promoted, final judgement in 20s.") || strings.Contains(body, "left in this step") {
		t.Fatalf("want \"promoted, final judgement in 20s\" in\n%s", body)
	}
	// A rollout rolled back for dying tasks names the last one and where
	// its output is shown.
	r.FailedTask = &marathon.TaskRef{ID: "svc000-v2.t3", Host: "agent-4"}
	if body := page(); !strings.Contains(body, "The last task that died: <code>svc000-v2.t3</code> on agent-4; what it wrote: <code>yodel canary status svc000 --realm test</code>") {
		t.Fatalf("no failed task in\n%s", body)
	}
}

// An app Marathon does not health-check is marked on its service page.
func TestServicePageMarksAnAppWithoutHealthChecks(t *testing.T) {
	ts := newServer(t, 3)
	c := signIn(t, ts, "vic", "vic-token")
	_, body := get(t, c, ts.URL+"/ui/services/svc001")
	if !strings.Contains(body, `/svc001-blue <span class="warn" title="Marathon counts its tasks healthy as soon as they run">(no health checks)</span>`) {
		t.Errorf("svc001 has no health checks, its page does not say so:\n%s", body)
	}
	_, body0 := get(t, c, ts.URL+"/ui/services/svc000")
	if strings.Contains(body0, "(no health checks)") {
		t.Errorf("svc000 has health checks:\n%s", body0)
	}
	if !strings.Contains(body0, `(1 not checked by Marathon)</span>`) {
		t.Errorf("svc000's task has had no health result for months, its page does not say so:\n%s", body0)
	}
	if strings.Contains(body0, "unreachable)") {
		t.Errorf("svc000 has no unreachable task:\n%s", body0)
	}
	if _, body2 := get(t, c, ts.URL+"/ui/services/svc002"); !strings.Contains(body2, `data-field="unreachable"`) || !strings.Contains(body2, "(1 unreachable)</span>") {
		t.Errorf("svc002's task is TASK_UNREACHABLE, its page does not say so:\n%s", body2)
	} else if !strings.Contains(body2, `data-field="surplus"`) || !strings.Contains(body2, "(1 surplus)</span>") {
		t.Errorf("svc002 runs 2 tasks for 1 instance, its page does not say so:\n%s", body2)
	}
	if strings.Contains(body0, "surplus)") {
		t.Errorf("svc000 has no surplus:\n%s", body0)
	}
	// Its last failure says when: Marathon keeps it for ever.
	if !strings.Contains(body, `<td><time datetime="2026-12-06T19:55:16Z">2026-12-06 19:55:16Z</time>: TASK_FAILED Command exited with status 3</td>`) {
		t.Errorf("svc001's last failure without its time:\n%s", body)
	}
}

// A service's page lists its tasks: state, health, whether Marathon still
// checks them, a surplus, and how to read one's output.
func TestServicePageListsTasks(t *testing.T) {
	ts := newServer(t, 3)
	c := signIn(t, ts, "vic", "vic-token")
	_, body := get(t, c, ts.URL+"/ui/services/svc000")
	for _, want := range []string{`<section aria-labelledby="tasks-h" id="tasks">`,
		`<tr data-task="svc000-blue.t1"><th scope="row"><code>svc000-blue.t1</code></th><td>/svc000-blue</td><td></td><td>running</td><td data-field="health"><span class="warn">not checked by Marathon</span></td><td data-field="haproxy">—</td>`,
		"<code>yodel logs svc000 --realm test --task svc000-blue.t1</code>"} {
		if !strings.Contains(body, want) {
			t.Errorf("svc000's page lacks %q:\n%s", want, body)
		}
	}
	_, body = get(t, c, ts.URL+"/ui/services/svc002")
	for _, want := range []string{`<tr data-task="svc002-blue.t1">`, `<td>unreachable</td><td data-field="health">—</td>`,
		`<td>running <span class="warn">(surplus)</span></td><td data-field="health">no health checks</td>`} {
		if !strings.Contains(body, want) {
			t.Errorf("svc002's page lacks %q:\n%s", want, body)
		}
	}
	if n := strings.Count(body, "<tr data-task="); n != 3 {
		t.Errorf("svc002 runs 3 tasks, its page lists %d", n)
	}
	_, body = get(t, c, ts.URL+"/ui/services/svc001")
	if !strings.Contains(body, `id="tasks"`) || strings.Contains(body, "<tr data-task=") || strings.Contains(body, "yodel logs svc001") {
		t.Errorf("svc001's app has no tasks: an empty list wanted:\n%s", body)
	}

	// With the agents read: what each one's HAProxy does with the task.
	servers := func(_ context.Context, svc string) (map[string]view.ServersRead, error) {
		return map[string]view.ServersRead{
			"lb-2": {Servers: lb.ServersResponse{Service: svc, Routed: true, Servers: []lb.ServerState{{Server: "svc000-blue.t1", Port: 10080, Status: "UP", Weight: 1}}}},
			"lb-1": {Servers: lb.ServersResponse{Service: svc, Routed: true, Servers: []lb.ServerState{{Server: "svc000-blue.t1", Port: 10080, Status: "DOWN", Check: "L4CON", Weight: 1}}}},
		}, nil
	}
	ts2 := httptest.NewServer(New(Config{Realm: "test", Source: Source{Store: fixture(t, 3), Apps: apps(3), Servers: servers}, Users: users}).Handler())
	t.Cleanup(ts2.Close)
	_, body = get(t, signIn(t, ts2, "vic", "vic-token"), ts2.URL+"/ui/services/svc000")
	want := `<td data-field="haproxy"><span class="outcome-failed">down: connection refused (L4CON)</span> on lb-1; <span class="outcome-succeeded">serving</span> on lb-2</td>`
	if !strings.Contains(body, want) {
		t.Errorf("svc000's page lacks %q:\n%s", want, body)
	}
}

func TestUnknownServiceIs404(t *testing.T) {
	ts := newServer(t, 1)
	c := signIn(t, ts, "vic", "vic-token")
	if res, _ := get(t, c, ts.URL+"/ui/services/nope"); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown service: %d, want 404", res.StatusCode)
	}
	if res, _ := get(t, c, ts.URL+"/ui/services/Bad_Name"); res.StatusCode != http.StatusBadRequest {
		t.Errorf("invalid service name: %d, want 400", res.StatusCode)
	}
}

func TestLogoutNeedsTheCSRFToken(t *testing.T) {
	ts := newServer(t, 1)
	c := signIn(t, ts, "ann", "ann-token")
	res, err := c.PostForm(ts.URL+"/ui/logout", url.Values{"csrf": {"forged"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("logout with a wrong CSRF token: %d, want 403", res.StatusCode)
	}
	_, body := get(t, c, ts.URL+"/ui/")
	m := regexp.MustCompile(`name="csrf" value="([0-9a-f]+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no CSRF token on the page")
	}
	res, err = c.PostForm(ts.URL+"/ui/logout", url.Values{"csrf": {m[1]}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res, _ := get(t, c, ts.URL+"/ui/"); res.Request.URL.Path != "/ui/login" {
		t.Errorf("after logout GET /ui/ ended at %s, want the login page", res.Request.URL.Path)
	}
}

func TestAssetsAreEmbedded(t *testing.T) {
	ts := newServer(t, 1)
	res, body := get(t, http.DefaultClient, ts.URL+"/ui/assets/dash.css")
	if res.StatusCode != 200 || !strings.Contains(body, "prefers-color-scheme: dark") {
		t.Errorf("dash.css: %d", res.StatusCode)
	}
}

// An app of the service Marathon's answer was too large to read is on its
// page, saying so, not missing (its labels unread, the routing state names
// it).
func TestServicePageMarksAnAppTooLargeToRead(t *testing.T) {
	unread := func(context.Context, string) ([]marathon.App, error) {
		a := marathon.App{TooLarge: &marathon.AppTooLargeError{ID: "/svc000-blue", Limit: 64 << 20}}
		a.ID = "/svc000-blue"
		return []marathon.App{a}, nil
	}
	d := New(Config{Realm: "test", Source: Source{Store: fixture(t, 1), Apps: unread}, Users: users})
	ts := httptest.NewServer(d.Handler())
	t.Cleanup(ts.Close)
	c := signIn(t, ts, "vic", "vic-token")
	_, body := get(t, c, ts.URL+"/ui/services/svc000")
	if !strings.Contains(body, `/svc000-blue <span class="warn" data-field="unread">(not read: larger than 64 MiB, the most yodel reads of one app (check its labels, environment and command))</span>`) {
		t.Errorf("svc000's app was too large to read, its page does not say so:\n%s", body)
	}
	// The overview's row says its count leaves the app out.
	_, body = get(t, c, ts.URL+"/ui/")
	if !strings.Contains(body, `data-field="healthy">0/0 <span title="Marathon's answer for /svc000-blue was larger than yodel reads of one app: see the service's page">(not read)</span>`) {
		t.Errorf("the overview does not say svc000's app was not read:\n%s", body)
	}
}
