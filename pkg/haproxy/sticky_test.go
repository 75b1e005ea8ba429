package haproxy_test

import (
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/yodeldeploy/yodel/pkg/haproxy"
	"github.com/yodeldeploy/yodel/pkg/haproxy/haproxytest"
)

// stickyAnswer sends one request with the given sticky draw (""
// for none) and returns the answering backend and the Set-Cookie of the
// service's sticky cookie ("" for none).
func stickyAnswer(t *testing.T, e *env, port int, draw string) (string, string) {
	t.Helper()
	req, _ := http.NewRequestWithContext(e.ctx, http.MethodGet, "http://127.0.0.1:"+strconv.Itoa(port)+"/", nil)
	if draw != "" {
		req.Header.Set("Cookie", "session=1; "+haproxy.StickyCookie("web", port)+"="+draw)
	}
	resp, err := (&http.Client{Timeout: 5 * time.Second}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("draw %q: status %d", draw, resp.StatusCode)
	}
	set := ""
	for _, c := range resp.Header.Values("Set-Cookie") {
		if strings.HasPrefix(c, haproxy.StickyCookie("web", port)+"=") {
			if set != "" {
				t.Fatalf("draw %q: two sticky Set-Cookie headers: %q and %q", draw, set, c)
			}
			set = c
		}
	}
	return string(body), set
}

// Sticky on, the share moved, sticky off: every change is a runtime map
// change (no reload); a draw below the share reaches the canary backend
// and the others the stable one, whatever the public weights say; a new
// client gets a draw; off, the cookie pins nobody and is expired; the map
// survives a reload; with no canary server left a drawn client is served
// by stable, not refused.
func TestStickyDrawsPinClientsAtRuntime(t *testing.T) {
	e := start(t)
	stable, canary := haproxytest.NewHTTPBackend(t, "stable"), haproxytest.NewHTTPBackend(t, "canary")
	hp := haproxytest.FreePort(t)
	web := httpService("web", hp, server(stable, 100))
	web.CanaryHeader = haproxy.Header{Name: "X-Yodel-Track", Value: "canary"}
	cs := server(canary, 0) // no public weight: only sticky draws reach it
	cs.Track = haproxy.TrackCanary
	web.Servers = append(web.Servers, cs)
	apply := func(sticky bool, share int) {
		t.Helper()
		w := web
		w.Sticky, w.StickyShare = sticky, share
		if res := e.apply(haproxy.Config{Services: []haproxy.Service{w}}); len(res.Errors) != 0 {
			t.Fatal(res.Errors)
		}
	}
	apply(false, 0)
	e.exactly(hp, nil, "stable")
	eventually(t, 10*time.Second, "the canary backend's server up", func() (bool, string) {
		got := e.hits(hp, 4, http.Header{"X-Yodel-Track": {"canary"}}, false)
		return got["canary"] == 4, formatHits(got)
	})
	base := e.reloads()

	type want struct {
		draw, backend string // backend "": either
		setCookie     string // "new" (a fresh draw), "expire", """"
	}
	check := func(phase string, cases ...want) {
		t.Helper()
		for _, c := range cases {
			got, set := stickyAnswer(t, e, hp, c.draw)
			if c.backend != "" && got != c.backend {
				t.Errorf("%s: draw %q reached %s, want %s", phase, c.draw, got, c.backend)
			}
			switch c.setCookie {
			case "":
				if set != "" {
					t.Errorf("%s: draw %q: unexpected Set-Cookie %q", phase, c.draw, set)
				}
			case "expire":
				if !strings.Contains(set, "=;") || !strings.Contains(set, "Max-Age=0") {
					t.Errorf("%s: draw %q: Set-Cookie %q, want it expired", phase, c.draw, set)
				}
			case "new":
				v, _, _ := strings.Cut(strings.TrimPrefix(set, haproxy.StickyCookie("web", hp)+"="), ";")
				n, err := strconv.Atoi(v)
				if err != nil || n < 0 || n >= haproxy.StickyScale || !strings.Contains(set, "Path=/") {
					t.Errorf("%s: draw %q: Set-Cookie %q, want a new draw 0-%d", phase, c.draw, set, haproxy.StickyScale-1)
				}
			}
		}
	}
	check("off", want{"0", "stable", "expire"}, want{"", "stable", ""})

	apply(true, 1000) // 10%
	check("10%",
		want{"0", "canary", ""}, want{"999", "canary", ""}, want{"1000", "stable", ""}, want{"9999", "stable", ""})
	// A request without a draw gets one, and lands where its draw says.
	for range 20 {
		got, set := stickyAnswer(t, e, hp, "")
		v, _, _ := strings.Cut(strings.TrimPrefix(set, haproxy.StickyCookie("web", hp)+"="), ";")
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n >= haproxy.StickyScale {
			t.Fatalf("no new draw: Set-Cookie %q", set)
		}
		if wantBE := map[bool]string{true: "canary", false: "stable"}[n < 1000]; got != wantBE {
			t.Errorf("new draw %d reached %s, want %s", n, got, wantBE)
		}
	}
	check("10%, bad draws", want{"abc", "", "new"}, want{"12345", "", "new"})

	apply(true, 5000) // 50%: the canary's clients stay, some stable ones join
	check("50%", want{"999", "canary", ""}, want{"4999", "canary", ""}, want{"5000", "stable", ""})
	if got := e.reloads(); got != base {
		t.Fatalf("%d reloads to turn stickiness on and move its share, want 0", got-base)
	}

	// A reload (another service added) keeps the map: the file holds it.
	other := httpService("other", haproxytest.FreePort(t), server(stable, 1))
	w := web
	w.Sticky, w.StickyShare = true, 5000
	if res := e.apply(haproxy.Config{Services: []haproxy.Service{w, other}}); len(res.Errors) != 0 {
		t.Fatal(res.Errors)
	}
	if e.reloads() == base {
		t.Fatal("adding a service did not reload")
	}
	check("50% after a reload", want{"4999", "canary", ""}, want{"5000", "stable", ""})
	text, err := os.ReadFile(e.in.Options().ConfigPath + ".sticky.map")
	if err != nil || !strings.Contains(string(text), haproxy.BackendName("web", hp)+" 5000\n") {
		t.Fatalf("sticky map file: %q, %v", text, err)
	}

	// No canary server left: a canary draw is served by stable.
	w.Servers = w.Servers[:1]
	if res := e.apply(haproxy.Config{Services: []haproxy.Service{w, other}}); len(res.Errors) != 0 {
		t.Fatal(res.Errors)
	}
	check("no canary server", want{"0", "stable", ""})

	// Off (promote or abort): the draw pins nobody and is expired.
	w.Servers = append(w.Servers, cs)
	w.Sticky, w.StickyShare = false, 0
	reloads := e.reloads()
	if res := e.apply(haproxy.Config{Services: []haproxy.Service{w, other}}); len(res.Errors) != 0 {
		t.Fatal(res.Errors)
	}
	check("off again", want{"0", "stable", "expire"}, want{"", "stable", ""})
	if e.reloads() != reloads {
		t.Fatal("turning stickiness off reloaded")
	}
	text, _ = os.ReadFile(e.in.Options().ConfigPath + ".sticky.map")
	if strings.Contains(string(text), haproxy.BackendName("web", hp)) {
		t.Fatalf("sticky map file still names the service: %q", text)
	}
}

func TestStickyValidation(t *testing.T) {
	tcp := haproxy.Service{Name: "db", Port: 5432, Mode: haproxy.ModeTCP, Sticky: true}
	if err := tcp.Validate(); err == nil || !strings.Contains(err.Error(), "sticky") {
		t.Errorf("a sticky TCP service: %v", err)
	}
	web := haproxy.Service{Name: "web", Port: 80, Mode: haproxy.ModeHTTP, CanaryHeader: haproxy.Header{Name: "X-T", Value: "canary"},
		Sticky: true, StickyShare: haproxy.StickyScale + 1}
	if err := web.Validate(); err == nil || !strings.Contains(err.Error(), "sticky share") {
		t.Errorf("share past the scale: %v", err)
	}
	web.StickyShare = haproxy.StickyScale
	if err := web.Validate(); err != nil {
		t.Error(err)
	}
}
