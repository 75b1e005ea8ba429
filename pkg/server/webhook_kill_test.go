package server_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/notify"
	"github.com/yodeldeploy/yodel/pkg/sandbox/sandboxtest"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// receiver is a webhook endpoint that records each delivery by its
// Idempotency-Key and whether it answered it, and holds the first delivery
// whose key ends with holdSuffix until the request is gone.
type receiver struct {
	holdSuffix string
	held       chan string
	mu         sync.Mutex
	got        []string // keys in arrival order, answered or not
	answered   map[string]int
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	id := r.Header.Get(notify.HeaderIdempotency)
	rc.mu.Lock()
	rc.got = append(rc.got, id)
	hold := rc.holdSuffix != "" && strings.HasSuffix(id, rc.holdSuffix)
	if hold {
		rc.holdSuffix = "" // only the first such delivery
	}
	rc.mu.Unlock()
	if hold {
		rc.held <- id
		<-r.Context().Done() // until the server that sent it is gone
		return
	}
	rc.mu.Lock()
	rc.answered[id]++
	rc.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

func (rc *receiver) snapshot() ([]string, map[string]int) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	ans := make(map[string]int, len(rc.answered))
	for k, v := range rc.answered {
		ans[k] = v
	}
	return slices.Clone(rc.got), ans
}

// TestServerKilledMidWebhookLosesNoEvent: the realm's `yodel server`
// drives a detached canary and delivers its events to a webhook; the
// receiver holds the "isolated reached" delivery and the server is killed
// with -9 while that request is in flight. A second server adopts the
// rollout, finishes it, and delivers the rest. Every event of the rollout
// is answered exactly once; the only one the receiver saw twice is the one
// in flight at the kill, sent again with the same Idempotency-Key (the
// at-least-once edge docs/notifications.md describes).
func TestServerKilledMidWebhookLosesNoEvent(t *testing.T) {
	t.Parallel()
	rig := sandboxtest.NewRig(t, sandboxtest.Options{})
	rc := &receiver{holdSuffix: ".step-reached.isolated", held: make(chan string, 1), answered: map[string]int{}}
	hook := httptest.NewServer(rc)
	t.Cleanup(hook.Close)

	addrs := []string{sandboxtest.FreeAddr(t), sandboxtest.FreeAddr(t)}
	raw, err := os.ReadFile(rig.SB.RealmFile)
	require.NoError(t, err)
	realmFile := filepath.Join(t.TempDir(), "local.yaml")
	require.NoError(t, os.WriteFile(realmFile, append(raw, fmt.Appendf(nil,
		"server:\n  url: http://%s\n  adoptAfter: %s\nnotifications:\n  - name: hooks\n    url: %s\n", addrs[0], e2eAdoptAfter, hook.URL)...), 0o600))

	load := rig.DeployUnderLoad("v1", sandboxtest.SmokedCanary("4s"))
	before := load.Snapshot()
	first := sandboxtest.StartProc(t, filepath.Join(t.TempDir(), "server-a.log"), nil, rig.SB.Bin, "server", "--realm", realmFile, "--listen", addrs[0])
	// A new receiver gets the events from its outbox's creation on: wait
	// for the leader's notifier to have made it before deploying.
	require.Eventually(t, func() bool {
		obs, err := rig.Store.ListOutboxes(context.Background())
		return err == nil && slices.ContainsFunc(obs, func(o state.Outbox) bool { return o.Receiver == "hooks" })
	}, time.Minute, 20*time.Millisecond, "the server's notifier never set up the receiver")
	code, out, errOut := rig.Run(rig.DeployArgs("v2", "--realm", realmFile, "--detach")...)
	require.Equal(t, 0, code, "%s\n%s", out, errOut)

	var heldID string
	select {
	case heldID = <-rc.held:
	case <-time.After(2 * time.Minute):
		t.Fatal("the server never delivered the isolated step")
	}
	first.Kill()
	sandboxtest.StartProc(t, filepath.Join(t.TempDir(), "server-b.log"), nil, rig.SB.Bin, "server", "--realm", realmFile, "--listen", addrs[1])

	r := waitEnded(t, rig, "v2")
	assert.Equal(t, canary.StepDone, r.Step, r.Reason)
	finished := notify.EventID("hello", r.ID, notify.KindFinished, "")
	require.Eventually(t, func() bool {
		_, ans := rc.snapshot()
		return ans[finished] > 0
	}, time.Minute, 50*time.Millisecond, "the finished event never arrived")
	time.Sleep(3 * notify.DefaultScanEvery) // more scans over the finished records: nothing more may come

	got, ans := rc.snapshot()
	want := []string{notify.EventID("hello", r.ID, notify.KindStarted, ""), heldID,
		notify.EventID("hello", r.ID, notify.KindStepReached, "partial[0]"), finished}
	for _, id := range want {
		assert.Equal(t, 1, ans[id], "%s answered once; arrivals: %v", id, got)
	}
	for id, n := range ans {
		assert.Equal(t, 1, n, "%s answered %d times", id, n)
	}
	seen := map[string]int{}
	for _, id := range got {
		if strings.Contains(id, r.ID) {
			seen[id]++
		}
	}
	for id, n := range seen {
		if id == heldID {
			assert.Equal(t, 2, n, "the delivery in flight at the kill is sent again, once")
		} else {
			assert.Equal(t, 1, n, "%s arrived %d times", id, n)
		}
	}
	during := load.Snapshot().Sub(before)
	assert.Zero(t, during.Failed, "failed requests: %v", during.FailureSamples)
}
