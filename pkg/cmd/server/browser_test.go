package server_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/state"
)

// chromium is the browser's path. Without chromium the test is skipped,
// except in CI (scripts/test.sh installs it), where it fails.
func chromium(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("chromium is not installed; scripts/test.sh installs it (apt-get install chromium)")
		}
		t.Skip("chromium is not installed: apt-get install chromium (scripts/test.sh does) to run the dashboard's browser tests")
	}
	return path
}

// browser starts a headless Debian chromium driven by chromedp.
func browser(t *testing.T) context.Context {
	t.Helper()
	path := chromium(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true), chromedp.Flag("disable-dev-shm-usage", true), chromedp.WindowSize(1280, 900))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelB := chromedp.NewContext(actx)
	ctx, cancelT := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(func() { cancelT(); cancelB(); cancelA() })
	return ctx
}

// screenshot saves the page into docs/images when YODEL_SCREENSHOTS is
// set (how the docs' pictures are made).
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	if os.Getenv("YODEL_SCREENSHOTS") == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)) // 100: PNG
	require.NoError(t, err)
	_, here, _, _ := runtime.Caller(0) // the tests change directory
	require.NoError(t, os.WriteFile(filepath.Join(filepath.Dir(here), "..", "..", "..", "docs", "images", name), png, 0o644))
}

// TestDashboardInABrowser: in chromium, a viewer is offered no action; a
// deployer signs in, sees web on the overview, scales it 2 -> 4 through
// the confirmation page (which names the capacity) and watches the live
// count reach 4/4 without the page reloading.
func TestDashboardInABrowser(t *testing.T) {
	e, base := startServer(t, "    - {name: dee, role: deployer, token: {env: DEE_TOKEN}}\n    - {name: vic, role: viewer, token: {env: VIC_TOKEN}}\n")
	ctx := browser(t)
	// A hostile history row: its text must show as text, never run.
	hostile := state.Record{Service: "web", Release: "v1", User: "<script>window.pwned=1</script>", Host: "h",
		Command: "<img src=x onerror=window.pwned=2>", Started: time.Now(), Outcome: state.OutcomeFailed}
	_, err := e.Store.AppendHistory(context.Background(), "web", hostile)
	require.NoError(t, err)
	do := func(steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		require.NoError(t, chromedp.Do(ctx, steps...))
	}
	// text reads an element's text in one evaluation in the page: the
	// live tables are re-rendered, and a query then a read (chromedp.Text)
	// can meet a node replaced in between ("No node with given id found",
	// seen on a busy machine). "" when there is no such element yet.
	text := func(sel chromedp.CSS) string {
		t.Helper()
		q, err := json.Marshal(string(sel))
		require.NoError(t, err)
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const e = document.querySelector(`+string(q)+`); return e ? e.innerText : ""; })()`))
		require.NoError(t, err)
		return s
	}
	signIn := func(user, token string) {
		t.Helper()
		do(chromedp.Navigate(base+"/"),
			chromedp.WaitVisible(chromedp.ID("user")),
			chromedp.SendKeys(chromedp.ID("user"), user),
			chromedp.SendKeys(chromedp.ID("password"), token),
			chromedp.Submit(chromedp.ID("password")),
			chromedp.WaitVisible(chromedp.ID("services")))
	}

	// The overview follows the server's view live (server-sent events); a
	// server just started may not have read the realm yet when the page
	// loads: the row comes without a reload.
	waitText := func(sel chromedp.CSS, want string) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for got := text(sel); !strings.Contains(got, want); got = text(sel) {
			if time.Now().After(deadline) {
				t.Fatalf("%s never showed %q in 30s (shows %q)", sel, want, got)
			}
			time.Sleep(50 * time.Millisecond) // polling a condition
		}
	}

	signIn("vic", "t-vic")
	waitText("#services", "web")
	do(chromedp.Navigate(base+"/ui/services/web"), chromedp.WaitVisible(chromedp.ID("apps")))
	// The history table can come after the page is visible (it was empty
	// once in a quiet CI run): wait for its rows, then read them.
	waitText("#history", hostile.User)
	history := text("#history")
	assert.Contains(t, history, hostile.User)
	assert.Contains(t, history, hostile.Command)
	pwned, err := chromedp.Run(ctx, chromedp.Evaluate[string](`String(window.pwned)`))
	require.NoError(t, err)
	assert.Equal(t, "undefined", pwned, "hostile history text ran as script")
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#actions').length`))
	require.NoError(t, err)
	assert.Zero(t, n, "a viewer is offered actions")
	// The service's tasks are listed, each with its state.
	waitText("#tasks", "web-blue.")
	assert.Contains(t, text("#tasks"), "running")
	do(chromedp.Click(chromedp.CSS(".who button")), chromedp.WaitVisible(chromedp.ID("user")))

	signIn("dee", "t-dee")
	screenshot(t, ctx, "dashboard-overview.png")
	// The filter applies in place: the table follows what is typed, the
	// address bar keeps the query, the page is not reloaded.
	_, err = chromedp.Run(ctx, chromedp.Evaluate[string](`window.yodelMark = "kept"`))
	require.NoError(t, err)
	do(chromedp.SendKeys(chromedp.ID("q"), "nothing-here"),
		chromedp.WaitVisible(chromedp.Search(`//section[@id="services"]//td[contains(., "No service matches")]`)))
	search, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.search`))
	require.NoError(t, err)
	assert.Contains(t, search, "q=nothing-here")
	do(chromedp.SetValue(chromedp.ID("q"), "we"), chromedp.Click(chromedp.CSS(`form.filter button`)),
		chromedp.WaitVisible(chromedp.CSS(`#services tr[data-service="web"]`)))
	mark, err := chromedp.Run(ctx, chromedp.Evaluate[string](`window.yodelMark`))
	require.NoError(t, err)
	assert.Equal(t, "kept", mark, "filtering reloaded the page")
	// The overview links the service; followed by address, not by a
	// click: the live table may be swapped between finding the link and
	// clicking it ("No node with given id found", seen on a busy machine).
	do(chromedp.WaitVisible(chromedp.CSS(`#services a[href="/ui/services/web"]`)),
		chromedp.Navigate(base+"/ui/services/web"),
		chromedp.WaitVisible(chromedp.ID("instances")),
		chromedp.SetValue(chromedp.ID("instances"), "4"),
		chromedp.Submit(chromedp.ID("instances")),
		chromedp.WaitVisible(chromedp.ID("confirm")))
	preview := text("main")
	assert.Contains(t, preview, "from 2 to 4 instances")
	assert.Contains(t, preview, "0.4 CPUs and 128 MiB", "the preview names the capacity 4 instances ask for")
	do(chromedp.Click(chromedp.ID("confirm")), chromedp.WaitVisible(chromedp.ID("jobs")))
	// A mark on the page: still there once the count changed means the
	// page was updated in place, not reloaded.
	_, err = chromedp.Run(ctx, chromedp.Evaluate[string](`window.yodelMark = "kept"`))
	require.NoError(t, err)
	do(chromedp.WaitVisible(chromedp.Search(`//td[@data-field="healthy"][text()="4/4"]`)),
		chromedp.WaitVisible(chromedp.Search(`//span[@class="outcome-succeeded"][text()="done"]`)))
	screenshot(t, ctx, "dashboard-service.png")
	mark, err = chromedp.Run(ctx, chromedp.Evaluate[string](`window.yodelMark`))
	require.NoError(t, err)
	assert.Equal(t, "kept", mark, "the page reloaded instead of updating live")
	assert.Equal(t, "4/4", strings.TrimSpace(text(`td[data-field="healthy"]`)))
	// What the scale printed, opened by the user: it stays open while the
	// restart below updates the page.
	scaleOutput := `(() => { const r = [...document.querySelectorAll('#jobs tr[data-job]')].find(r => r.cells[2].textContent.trim().startsWith('scale')); const d = r && r.querySelector('details'); return d ? d.open : null; })()`
	do(chromedp.Click(chromedp.Search(`//section[@id="jobs"]//tr[td[3][starts-with(normalize-space(.), "scale")]]//summary`)))
	assert.Contains(t, text(`#jobs details[open] pre.output`), "scaling /web-blue", "the scale's output")
	// A rollout rolled back, in history: its steps and checks open below
	// its row.
	markerAt := time.Now()
	marker, err := e.Store.AppendHistory(context.Background(), "web", state.Record{Service: "web", Release: "v1", User: "marker", Host: "h",
		Started: markerAt, Finished: markerAt.Add(75 * time.Second), Outcome: state.OutcomeRolledBack, Strategy: "canary",
		Steps: []state.Step{{Name: "partial[0]", Started: markerAt, Finished: markerAt.Add(70 * time.Second), Outcome: state.OutcomeFailed, Message: "error-rate: canary error rate 50.00% > 1.00%"},
			{Name: "rolled-back", Started: markerAt.Add(75 * time.Second), Finished: markerAt.Add(75 * time.Second), Outcome: state.OutcomeRolledBack}},
		Checks:     []state.Check{{Name: "partial[0]: error-rate", Verdict: "fail", Message: "canary error rate 50.00% > 1.00% (61 errors in 122 requests)"}},
		FailedTask: &state.TaskRef{ID: "web-green.t9", Host: "127.0.0.1"}})
	require.NoError(t, err)
	waitText("#history", "marker@h")
	open, err := chromedp.Run(ctx, chromedp.Evaluate[any](scaleOutput))
	require.NoError(t, err)
	assert.Equal(t, true, open, "the scale's output closed when the page updated")
	recordRow := `#history tr[data-record="` + marker + `"]`
	// Clicked in one evaluation in the page: the live table may replace
	// the row between a query and a click.
	_, err = chromedp.Run(ctx, chromedp.Evaluate[any](`document.querySelector('`+recordRow+` summary').click()`))
	require.NoError(t, err)
	record := text(chromedp.CSS(recordRow + ` details[open]`))
	assert.Contains(t, record, "partial[0]")
	assert.Contains(t, record, "1m10s", "how long the step took")
	assert.Contains(t, record, "canary error rate 50.00% > 1.00% (61 errors in 122 requests)", "the check")
	assert.Contains(t, record, "yodel logs web --realm test --task web-green.t9 --stderr", "where the failed task's output is")
	_, err = e.Store.AppendHistory(context.Background(), "web", state.Record{Service: "web", Release: "v1", User: "marker2", Host: "h",
		Started: time.Now(), Outcome: state.OutcomeSucceeded})
	require.NoError(t, err)
	waitText("#history", "marker2@h")
	open, err = chromedp.Run(ctx, chromedp.Evaluate[any](`document.querySelector('`+recordRow+` details').open`))
	require.NoError(t, err)
	assert.Equal(t, true, open, "the history record's steps closed when the page updated")

	// Restart: confirmed with what it replaces, then followed to its end.
	do(chromedp.Click(chromedp.CSS(`form[action="/ui/services/web/confirm/restart"] button`)),
		chromedp.WaitVisible(chromedp.ID("confirm")))
	assert.Contains(t, text("main"), "a new task for each of its 4")
	do(chromedp.Click(chromedp.ID("confirm")),
		chromedp.WaitVisible(chromedp.Search(`//section[@id="jobs"]//tr[td[contains(., "restart")]]//span[@class="outcome-succeeded"][text()="done"]`)))

	// The realm's history, from the header: every service's changes, the
	// rolled-back one's steps below its row.
	do(chromedp.Click(chromedp.CSS(`nav a[href="/ui/history"]`)), chromedp.WaitVisible(chromedp.ID("history")))
	realmHistory := text("#history")
	assert.Contains(t, realmHistory, "marker@h")
	assert.Contains(t, realmHistory, "restart", "the restart just made")
	_, err = chromedp.Run(ctx, chromedp.Evaluate[any](`document.querySelector('`+recordRow+` summary').click()`))
	require.NoError(t, err)
	assert.Contains(t, text(chromedp.CSS(recordRow+` details[open]`)), "canary error rate 50.00% > 1.00% (61 errors in 122 requests)")
}
