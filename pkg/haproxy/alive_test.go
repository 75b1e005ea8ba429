package haproxy_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/yodeldeploy/yodel/pkg/haproxy"
	"github.com/yodeldeploy/yodel/pkg/haproxy/haproxytest"
)

// Issue 14: after a reload the agent logged "keeps serving" while HAProxy
// was dead. A reload counts once the new worker has every frontend open,
// and Alive tells a dead HAProxy from one that refused a change.
func TestAliveAndServing(t *testing.T) {
	e := start(t)
	port := haproxytest.FreePort(t)
	b := haproxytest.NewHTTPBackend(t, "a")
	e.apply(haproxy.Config{Services: []haproxy.Service{httpService("web", port, server(b, 1))}})
	if err := e.h.Alive(e.ctx); err != nil {
		t.Fatalf("Alive on a running HAProxy: %v", err)
	}
	fe := "fe_web_" + strconv.Itoa(port)
	if err := haproxy.Serving(e.h, e.ctx, []string{fe}); err != nil {
		t.Fatalf("frontend %s not open after the apply: %v", fe, err)
	}
	err := haproxy.Serving(e.h, e.ctx, []string{fe, "fe_gone_1"})
	if err == nil || !strings.Contains(err.Error(), "fe_gone_1 missing") {
		t.Fatalf("a frontend the worker lacks: err = %v", err)
	}

	if err := e.in.Stop(); err != nil {
		t.Fatal(err)
	}
	err = e.h.Alive(e.ctx)
	if err == nil || !strings.Contains(err.Error(), "HAProxy is not running") {
		t.Fatalf("Alive on a stopped HAProxy: err = %v", err)
	}
	if _, err := e.h.Apply(e.ctx, haproxy.Config{Services: []haproxy.Service{httpService("web", port, server(b, 2))}}); err == nil {
		t.Fatal("Apply to a stopped HAProxy succeeded")
	}
}
