package server_test

import (
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/sandbox"
	"github.com/yodeldeploy/yodel/pkg/sandbox/sandboxtest"
)

// TestDashboardCanaryAbortInABrowser: in a sandbox with its server, under
// load, a detached canary deploy is driven by the server; in chromium the
// sandbox's login sees the rollout's timeline reach partial[0] and aborts
// it through the confirmation page; the timeline ends at aborted, live.
func TestDashboardCanaryAbortInABrowser(t *testing.T) {
	chromium(t) // before the sandbox starts
	rig := sandboxtest.NewRig(t, sandboxtest.Options{Server: true})
	rig.DeployUnderLoad("v1", sandboxtest.SmokedCanary("10m"))
	code, out, errOut := rig.Run(rig.DeployArgs("v2", "--detach")...)
	require.Equal(t, 0, code, "%s\n%s", out, errOut)
	token, err := os.ReadFile(sandbox.Layout{Dir: rig.SB.Dir}.ServerTokenFile())
	require.NoError(t, err)

	ctx := browser(t)
	do := func(steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		require.NoError(t, chromedp.Do(ctx, steps...))
	}
	do(chromedp.Navigate(rig.SB.ServerURL+"/ui/services/hello"),
		chromedp.WaitVisible(chromedp.ID("user")),
		chromedp.SendKeys(chromedp.ID("user"), sandbox.ServerUser),
		chromedp.SendKeys(chromedp.ID("password"), strings.TrimSpace(string(token))),
		chromedp.Submit(chromedp.ID("password")),
		chromedp.WaitVisible(chromedp.ID("apps")))
	_, err = chromedp.Run(ctx, chromedp.Evaluate[string](`window.yodelMark = "kept"`))
	require.NoError(t, err)
	// The timeline advances live to the partial step, where the abort
	// button is offered.
	do(chromedp.WaitVisible(chromedp.Search(`//li[@aria-current="step"][starts-with(normalize-space(.), "partial[0]")]`)))
	mark, err := chromedp.Run(ctx, chromedp.Evaluate[string](`window.yodelMark`))
	require.NoError(t, err)
	require.Equal(t, "kept", mark, "the page reloaded instead of updating live")
	do(chromedp.Navigate(rig.SB.ServerURL+"/ui/services/hello"),
		chromedp.Click(chromedp.CSS(`form[action="/ui/services/hello/confirm/abort"] button`)),
		chromedp.WaitVisible(chromedp.ID("confirm")),
		chromedp.Click(chromedp.ID("confirm")),
		chromedp.WaitVisible(chromedp.ID("jobs")))
	// The heading says "at <step>" while the rollout runs, its outcome
	// once it ended (the timeline lists "aborted" ahead as soon as it
	// rolls back).
	do(chromedp.WaitVisible(chromedp.Search(`//h2[@id="rollout-h"]/span[not(starts-with(normalize-space(.), "at "))]`)))
	r := rig.Rollout()
	require.False(t, r.Active(), "the page shows the rollout ended while it runs")
	require.Equal(t, canary.StepAborted, r.Step, r.Reason)
}
