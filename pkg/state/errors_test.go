package state_test

import (
	"strings"
	"testing"
	"time"

	"github.com/yodeldeploy/yodel/pkg/state"
)

// The lock's hint says who holds it in the words that fit: the realm's
// server holding it to autoscale the service lets it go once that scale
// ends, which "wait for that deployment to finish" did not tell.
func TestLockedHintNamesTheAutoscaler(t *testing.T) {
	server := state.Holder{User: "yodel", Host: "srv-1", Pid: 4242, Command: "yodel server --realm qa", StartedAt: time.Now().Add(-time.Hour)}
	le := &state.LockedError{Service: "web", Holder: server.Autoscaler(), Since: time.Now().Add(-3 * time.Second), Path: "/yodel/qa/locks/web", Store: "zk://zk-1:2181/yodel/qa"}
	hint := le.Hint()
	for _, want := range []string{
		"the realm's yodel server (pid 4242 on srv-1) holds it to autoscale web",
		"it is released once that scale step ends",
		"/yodel/qa/locks/web", "zk://zk-1:2181/yodel/qa",
	} {
		if !strings.Contains(hint, want) {
			t.Errorf("hint %q lacks %q", hint, want)
		}
	}
	if strings.Contains(hint, "wait for that deployment") {
		t.Errorf("hint %q is the generic one", hint)
	}

	// Anyone else: the generic hint, as before.
	le.Holder = state.Holder{User: "ann", Host: "laptop", Pid: 7, Command: "yodel deploy web --realm qa"}
	if hint := le.Hint(); !strings.Contains(hint, "wait for that deployment to finish, or check that pid 7 is still running on laptop") || strings.Contains(hint, "autoscal") {
		t.Errorf("hint %q", hint)
	}
}
