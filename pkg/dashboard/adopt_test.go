package dashboard

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/jsondur"
	"github.com/yodeldeploy/yodel/pkg/state"
	"github.com/yodeldeploy/yodel/pkg/view"
)

// driverless is a dashboard of fixture's svc000 whose rollout's driver ran
// on this host and exited, served by a realm server that adopts such
// rollouts after 45s; the line `yodel canary status` prints for it.
func driverless(t *testing.T) (*httptest.Server, string) {
	t.Helper()
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
	p := exec.Command("true")
	if err := p.Run(); err != nil { // exited and reaped: its pid names no process
		t.Fatal(err)
	}
	host, err := os.Hostname()
	if err != nil {
		t.Fatal(err)
	}
	r.Driver = &state.Holder{User: "ann", Host: host, Pid: p.Process.Pid, Command: "yodel deploy svc000 --realm test"}
	if rt.Rollout, err = r.Encode(); err != nil {
		t.Fatal(err)
	}
	if _, err := st.PutRouting(ctx, rt, ver); err != nil {
		t.Fatal(err)
	}
	adopter := &view.Adopter{URL: "https://yodel.test:9180", AdoptAfter: jsondur.Duration(45 * time.Second)}
	d := New(Config{Realm: "test", Source: Source{Store: st, Apps: apps(1)}, Users: users, Adopter: adopter})
	ts := httptest.NewServer(d.Handler())
	t.Cleanup(ts.Close)
	want := fmt.Sprintf(`its driver ann@%s (pid %d, "yodel deploy svc000 --realm test") has exited; the realm's server (https://yodel.test:9180) adopts the rollout and drives it on 45s after that, if it runs (server.adoptAfter)`,
		host, p.Process.Pid)
	return ts, want
}

// The service page says, as `yodel canary status` does, that the rollout's
// driver is gone and that the realm's server adopts it.
func TestServicePageSaysTheServerAdoptsADriverlessRollout(t *testing.T) {
	ts, want := driverless(t)
	res, body := get(t, signIn(t, ts, "vic", "vic-token"), ts.URL+"/ui/services/svc000")
	if res.StatusCode != 200 {
		t.Fatalf("GET /ui/services/svc000: %d", res.StatusCode)
	}
	if !strings.Contains(body, "No driver") || !strings.Contains(body, html.EscapeString(want)) {
		t.Fatalf("want %q in\n%s", want, body)
	}
}

// The same in chromium: the line is shown in the rollout's section.
func TestServicePageSaysTheServerAdoptsInABrowser(t *testing.T) {
	path, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("chromium is not installed; scripts/test.sh installs it (apt-get install chromium)")
		}
		t.Skip("chromium is not installed: apt-get install chromium (scripts/test.sh does) to run the dashboard's browser tests")
	}
	ts, want := driverless(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true), chromedp.Flag("disable-dev-shm-usage", true))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelA()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancelT := context.WithTimeout(ctx, 2*time.Minute)
	defer cancelT()
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/ui/login"),
		chromedp.SendKeys(chromedp.ID("user"), "vic"), chromedp.SendKeys(chromedp.ID("password"), "vic-token"),
		chromedp.Submit(chromedp.ID("password")), chromedp.WaitVisible(chromedp.ID("services")),
		chromedp.Navigate(ts.URL+"/ui/services/svc000"), chromedp.WaitVisible(chromedp.ID("rollout"))); err != nil {
		t.Fatal(err)
	}
	// Read in one evaluation in the page: the live section may be
	// replaced between a query and a read.
	q, _ := json.Marshal("#rollout")
	text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const e = document.querySelector(`+string(q)+`); return e ? e.innerText : ""; })()`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "No driver: "+want) {
		t.Fatalf("the rollout section shows\n%s\nwant %q", text, "No driver: "+want)
	}
	// The service's tasks are listed below its apps.
	q, _ = json.Marshal("#tasks")
	text, err = chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const e = document.querySelector(`+string(q)+`); return e ? e.innerText : ""; })()`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "svc000-blue.t1") || !strings.Contains(text, "not checked by Marathon") {
		t.Fatalf("the tasks section shows\n%s\nwant svc000-blue.t1, not checked by Marathon", text)
	}
}
