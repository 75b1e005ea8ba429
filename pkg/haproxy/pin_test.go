package haproxy_test

import (
	"net/http"
	"testing"

	"github.com/yodeldeploy/yodel/pkg/haproxy"
	"github.com/yodeldeploy/yodel/pkg/haproxy/haproxytest"
)

// A tester pins a browser to the isolated canary with the yodel-track
// cookie, as with the canary header: 1000 requests each, every one to the
// canary; other cookies beside it do not matter; without it, or with
// another value, none reaches the canary.
func TestTrackCookieReachesTheIsolatedCanary(t *testing.T) {
	e := start(t)
	web, hp, _ := isolatedWeb(t)
	if res := e.apply(haproxy.Config{Services: []haproxy.Service{web}}); len(res.Errors) != 0 {
		t.Fatal(res.Errors)
	}
	cookie := http.Header{"Cookie": {"session=abc; " + haproxy.TrackCookie + "=canary; theme=dark"}}
	e.exactly(hp, cookie, "canary")
	for name, c := range map[string]struct {
		header http.Header
		want   string
	}{
		"cookie":         {cookie, "canary"},
		"header":         {http.Header{"X-Yodel-Track": {"canary"}}, "canary"},
		"stable cookie":  {http.Header{"Cookie": {haproxy.TrackCookie + "=stable"}}, "stable"},
		"no pin":         {nil, "stable"},
		"another cookie": {http.Header{"Cookie": {"yodel-trackx=canary"}}, "stable"},
	} {
		got := e.hits(hp, 1000, c.header, true)
		if got[c.want] != 1000 {
			t.Errorf("%s: %s, want all 1000 to %s", name, formatHits(got), c.want)
		}
	}
}

// isolatedWeb is an HTTP service on a free port with a stable server and
// an isolated canary behind the canary header; it returns the service,
// its port and the canary's server.
func isolatedWeb(t *testing.T) (haproxy.Service, int, haproxy.Server) {
	stable, canary := haproxytest.NewHTTPBackend(t, "stable"), haproxytest.NewHTTPBackend(t, "canary")
	hp := haproxytest.FreePort(t)
	web := httpService("web", hp, server(stable, 1))
	web.CanaryHeader = haproxy.Header{Name: "X-Yodel-Track", Value: "canary"}
	ic := server(canary, 1)
	ic.Isolated, ic.Track = true, haproxy.TrackCanary
	web.Servers = append(web.Servers, ic)
	return web, hp, ic
}
