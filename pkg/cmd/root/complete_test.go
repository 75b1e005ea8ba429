package root

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/iostreams"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// complete runs cobra's hidden __complete command, what the shell scripts
// call on <TAB>, and returns the candidates without their descriptions.
func complete(t *testing.T, args ...string) []string {
	t.Helper()
	ios, _, out, _ := iostreams.Test()
	require.Equal(t, 0, Run(NewFactory(ios), append([]string{"__complete"}, args...)))
	var names []string
	for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		if l == "" || strings.HasPrefix(l, ":") || strings.HasPrefix(l, "Completion ended") {
			continue
		}
		name, _, _ := strings.Cut(l, "\t")
		names = append(names, name)
	}
	return names
}

// lastAppsQuery is the query of completionRig's Marathon's last /v2/apps.
var lastAppsQuery atomic.Value

// A working directory with services/*.yaml, a realm whose Marathon (a stub
// serving /v2/apps) runs one more service, and a file store with history.
func completionRig(t *testing.T) {
	isolate(t)
	dir := t.TempDir()
	t.Chdir(dir)
	require.NoError(t, os.MkdirAll("services", 0o755))
	for _, s := range []string{"web", "worker"} {
		require.NoError(t, os.WriteFile(filepath.Join("services", s+".yaml"), []byte("service: "+s+"\n"), 0o644))
	}
	apps := map[string]string{"/api-blue": `"labels":{"YODEL_SERVICE":"api"}`, "/web-blue": `"labels":{"YODEL_SERVICE":"web"}`, "/other": "",
		// Labelled as services, but not their ids: no service names.
		"/evil/phish-blue": `"labels":{"YODEL_SERVICE":"phish"}`, "/spoof": `"labels":{"YODEL_SERVICE":"spoof"}`}
	m := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v2/apps" {
			http.NotFound(w, r)
			return
		}
		lastAppsQuery.Store(r.URL.RawQuery)
		// Marathon's id filter: a substring of the id, in any case.
		part := strings.ToLower(r.URL.Query().Get("id"))
		var some []string
		for id, rest := range apps {
			if strings.Contains(id, part) {
				some = append(some, `{"id":"`+id+`"`+strings.TrimSuffix(","+rest, ",")+`}`)
			}
		}
		fmt.Fprint(w, `{"apps":[`+strings.Join(some, ",")+`]}`)
	}))
	t.Cleanup(m.Close)
	storeDir := filepath.Join(dir, "store")
	require.NoError(t, os.MkdirAll("realms", 0o755))
	realmYAML := fmt.Sprintf("realm: qa\nmarathon:\n  urls: [%s]\nstate: file://%s\n", m.URL, storeDir)
	require.NoError(t, os.WriteFile(filepath.Join("realms", "qa.yaml"), []byte(realmYAML), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join("realms", "prod.yaml"), []byte(strings.Replace(realmYAML, "qa", "prod", 1)), 0o644))

	st, err := state.Open(context.Background(), "file://"+storeDir, state.Options{})
	require.NoError(t, err)
	defer st.Close()
	for i, rel := range []string{"v1", "v2", "v3"} {
		_, err := st.AppendHistory(context.Background(), "web", state.Record{Service: "web", Release: rel,
			Started: time.Date(2026, 1, 1, i, 0, 0, 0, time.UTC), Outcome: state.OutcomeSucceeded})
		require.NoError(t, err)
	}
}

func TestDynamicCompletion(t *testing.T) {
	completionRig(t)
	assert.Equal(t, []string{"prod", "qa"}, complete(t, "deploy", "--realm", ""), "realm names")
	assert.Equal(t, []string{"web", "worker"}, complete(t, "status", ""), "services/*.yaml without a realm")
	assert.Equal(t, []string{"api", "web", "worker"}, complete(t, "deploy", "--realm", "qa", ""), "plus the realm's Marathon apps")
	assert.Equal(t, []string{"worker"}, complete(t, "destroy", "--realm", "qa", "wo"), "the prefix filters")
	assert.Equal(t, []string{"api"}, complete(t, "destroy", "--realm", "qa", "a"), "a running service by its prefix")
	q, _ := url.ParseQuery(lastAppsQuery.Load().(string))
	assert.Equal(t, "/a", q.Get("id"), "Marathon lists only the ids holding /<prefix>")
	assert.Equal(t, []string{"v3", "v2", "v1"}, complete(t, "history", "web", "--realm", "qa", ""), "history <service> <release>")
	assert.Empty(t, complete(t, "history", "web", "v3", "--realm", "qa", ""), "one record only")
	assert.Equal(t, []string{"api", "web", "worker"}, complete(t, "logs", "--realm", "qa", ""), "logs <service>")
	assert.Equal(t, []string{"prod", "qa"}, complete(t, "lb", "status", "--realm", ""), "lb status --realm")
	assert.Equal(t, []string{"prod", "qa"}, complete(t, "realms", "show", ""), "realms show <realm>")
	assert.Empty(t, complete(t, "realms", "show", "qa", ""), "one realm only")

	t.Setenv("YODEL_REALM", "qa")
	assert.Equal(t, []string{"api", "web", "worker"}, complete(t, "scale", ""), "the default realm is used")
	assert.Equal(t, []string{"v3", "v2", "v1"}, complete(t, "rollback", "web", "--to", ""), "releases from history, newest first")
}

// A realm's marathon.timeout reaches the client: a Marathon still sending
// /v2/apps when it runs out is said to be slow, with the setting to raise.
func TestRealmMarathonTimeout(t *testing.T) {
	isolate(t)
	dir := t.TempDir()
	t.Chdir(dir)
	m := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"apps":[{"id":"/a-blue","labels":{"YODEL_SERVICE":"a"}},`)
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	}))
	t.Cleanup(m.Close)
	require.NoError(t, os.MkdirAll("realms", 0o755))
	realmYAML := fmt.Sprintf("realm: qa\nmarathon:\n  urls: [%s]\n  timeout: 1s\nstate: file://%s\n", m.URL, filepath.Join(dir, "store"))
	require.NoError(t, os.WriteFile(filepath.Join("realms", "qa.yaml"), []byte(realmYAML), 0o644))
	ios, _, _, errOut := iostreams.Test()
	require.Equal(t, 1, Run(NewFactory(ios), []string{"status", "--realm", "qa"}), errOut.String())
	assert.Contains(t, errOut.String(), "was still sending its answer to GET /v2/apps when the request timeout (1s) ran out")
	assert.Contains(t, errOut.String(), "needs a longer marathon.timeout in the realm file")
}
