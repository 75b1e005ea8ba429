package notify

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/realm"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// nerdGraph is a local fake of New Relic's NerdGraph endpoint: it keeps
// every changeTrackingCreateDeployment mutation it is sent.
type nerdGraph struct {
	srv *httptest.Server
	mu  sync.Mutex
	got []nerdGraphCall
}

type nerdGraphCall struct {
	apiKey     string
	query      string
	deployment map[string]any
}

func newNerdGraph(t *testing.T) *nerdGraph {
	n := &nerdGraph{}
	n.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var req struct {
			Query     string                    `json:"query"`
			Variables map[string]map[string]any `json:"variables"`
		}
		if err := json.Unmarshal(body, &req); err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		n.mu.Lock()
		n.got = append(n.got, nerdGraphCall{apiKey: r.Header.Get("Api-Key"), query: req.Query, deployment: req.Variables["deployment"]})
		n.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"data":{"changeTrackingCreateDeployment":{"deploymentId":"d-1","entityGuid":"x","version":"v2"}}}`)
	}))
	t.Cleanup(n.srv.Close)
	return n
}

func (n *nerdGraph) calls() []nerdGraphCall {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]nerdGraphCall(nil), n.got...)
}

func TestNewRelicMarkersForStartAndFinish(t *testing.T) {
	st, _ := openStore(t)
	ng := newNerdGraph(t)
	nr := &NewRelic{APIKey: "NRAK-test", EntityGUID: AppEntityGUID(123, 456), NerdGraphURL: ng.srv.URL + "/graphql", Timeout: 2 * time.Second}
	start(t, &Worker{Store: st, Realm: "qa", Receivers: []Receiver{nr}, Backoff: fastBackoff, ScanEvery: 50 * time.Millisecond})
	ids := newDriver(t, st).runSuccessful("v2")
	eventually(t, "two markers", func() bool { return len(ng.calls()) >= 2 })
	time.Sleep(5 * 50 * time.Millisecond)
	calls := ng.calls()
	require.Len(t, calls, 2, "a marker for the start and one for the finish")
	for i, c := range calls {
		assert.Equal(t, "NRAK-test", c.apiKey)
		assert.Contains(t, c.query, "changeTrackingCreateDeployment")
		d := c.deployment
		assert.Equal(t, "MTIzfEFQTXxBUFBMSUNBVElPTnw0NTY", d["entityGuid"], "base64 of 123|APM|APPLICATION|456")
		assert.Equal(t, "v2", d["version"])
		assert.Equal(t, "abc123", d["commit"])
		assert.Equal(t, "alice@laptop", d["user"])
		assert.Equal(t, "CANARY", d["deploymentType"])
		ts, ok := d["timestamp"].(float64)
		require.True(t, ok, "timestamp %v", d["timestamp"])
		assert.InDelta(t, float64(time.Now().UnixMilli()), ts, float64(time.Hour.Milliseconds()), "milliseconds since the epoch")
		want := []string{"started", "finished: succeeded"}[i]
		assert.Contains(t, d["description"], want)
	}
	ds, err := st.ListDeliveries(context.Background(), realm.NewRelicReceiver)
	require.NoError(t, err)
	require.Len(t, ds, 2)
	assert.Equal(t, []string{ids[0], ids[len(ids)-1]}, []string{ds[0].ID, ds[1].ID})
	assert.Equal(t, state.DeliveryDelivered, ds[1].Status)
}

func TestFromRealm(t *testing.T) {
	r, err := realm.Parse("realms/qa.yaml", []byte(`realm: qa
marathon: {urls: ['http://127.0.0.1:1']}
state: file:///tmp/x
notifications:
  - {name: chat, url: 'http://127.0.0.1:2/hook', format: slack, events: [started]}
  - {name: audit, url: 'http://127.0.0.1:3/hook', secretEnv: AUDIT_SECRET}
newRelic: {apiKeyEnv: NR_KEY, accountID: 1, appID: 2}
`), "qa")
	require.NoError(t, err)
	_, err = FromRealm(r, func(string) (string, bool) { return "", false }, nil)
	require.Error(t, err)
	for _, want := range []string{"realms/qa.yaml", "notifications[1]", "AUDIT_SECRET", "newRelic", "NR_KEY"} {
		assert.Contains(t, err.Error(), want)
	}
	env := map[string]string{"AUDIT_SECRET": "k", "NR_KEY": "NRAK-1"}
	rcvs, err := FromRealm(r, func(k string) (string, bool) { v, ok := env[k]; return v, ok }, nil)
	require.NoError(t, err)
	require.Len(t, rcvs, 3)
	assert.Equal(t, []byte("k"), rcvs[1].(*Webhook).Secret)
	assert.True(t, rcvs[0].Wants(KindStarted))
	assert.False(t, rcvs[0].Wants(KindFinished))
	assert.Equal(t, AppEntityGUID(1, 2), rcvs[2].(*NewRelic).EntityGUID)
	assert.False(t, rcvs[2].Wants(KindStepReached))
}
