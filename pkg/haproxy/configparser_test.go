package haproxy

import (
	"strings"
	"testing"

	parser "github.com/haproxytech/config-parser/v5"
	"github.com/haproxytech/config-parser/v5/options"
	"github.com/haproxytech/config-parser/v5/types"
)

// The applier renders the configuration itself instead of going through
// client-native transactions (see the package doc for why). What it writes
// must still be a configuration that HAProxy's own Go tooling reads the same
// way — client-native, the Data Plane API, config-parser — so operators can
// inspect or manage the file with them. This test parses a rendered file
// with config-parser v5 (client-native's parser) and checks that it sees
// every frontend, backend and server with the weights yodel meant.
func TestRenderedConfigReadsBackWithConfigParser(t *testing.T) {
	base, err := RenderBase(BaseParams{StatsSocket: "/run/yodel/admin.sock", ServerStateFile: "/run/yodel/server-state", MonitorBind: "127.0.0.1:9000"})
	if err != nil {
		t.Fatal(err)
	}
	services := []Service{
		{Name: "web", Port: 10080, Mode: ModeHTTP, BindAddress: "127.0.0.1", HealthPath: "/health",
			CanaryHeader: Header{Name: "X-Yodel-Track", Value: "canary"},
			Servers: []Server{
				{Name: "web-blue_a", Addr: "127.0.0.1", Port: 31001, Weight: 90},
				{Name: "web-blue_b", Addr: "127.0.0.1", Port: 31002, Weight: 90},
				{Name: "web-green_a", Addr: "127.0.0.1", Port: 31003, Weight: 20, Track: TrackCanary, Isolated: true},
			}},
		{Name: "echo", Port: 10090, Mode: ModeTCP, IsolatedPort: 11090,
			Servers: []Server{{Name: "echo-blue_a", Addr: "127.0.0.2", Port: 31010, Weight: 1}}},
	}
	blocks := map[string]string{}
	for i := range services {
		if err := services[i].Validate(); err != nil {
			t.Fatalf("%s: %v", services[i].Name, err)
		}
		blocks[BackendName(services[i].Name, services[i].Port)] = renderService(&services[i])
	}
	text, _ := renderFile(base, blocks, nil)

	p, err := parser.New(options.String(text))
	if err != nil {
		t.Fatalf("config-parser refuses the rendered file: %v\n%s", err, text)
	}
	frontends, err := p.SectionsGet(parser.Frontends)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{frontendName("web", 10080), frontendName("echo", 10090), isolatedFrontendName("echo", 10090)} {
		if !hasName(frontends, want) {
			t.Errorf("frontend %s missing; config-parser sees %v", want, frontends)
		}
	}

	wantServers := map[string]map[string]string{ // backend -> server -> "addr weight"
		BackendName("web", 10080):        {"web-blue_a": "127.0.0.1:31001 90", "web-blue_b": "127.0.0.1:31002 90"},
		CanaryBackendName("web", 10080):  {"web-green_a": "127.0.0.1:31003 20"},
		BackendName("echo", 10090):       {"echo-blue_a": "127.0.0.2:31010 1"},
		CanaryBackendName("echo", 10090): {},
	}
	backends, err := p.SectionsGet(parser.Backends)
	if err != nil {
		t.Fatal(err)
	}
	for be, want := range wantServers {
		if !hasName(backends, be) {
			t.Errorf("backend %s missing; config-parser sees %v", be, backends)
			continue
		}
		got := map[string]string{}
		data, err := p.Get(parser.Backends, be, "server")
		if err == nil {
			for _, s := range data.([]types.Server) {
				weight := ""
				for _, o := range s.Params {
					if f := strings.Fields(o.String()); len(f) == 2 && f[0] == "weight" {
						weight = f[1]
					}
				}
				got[s.Name] = s.Address + " " + weight
			}
		}
		if len(got) != len(want) {
			t.Errorf("backend %s: servers %v, want %v", be, got, want)
		}
		for name, w := range want {
			if got[name] != w {
				t.Errorf("backend %s server %s: %q, want %q", be, name, got[name], w)
			}
		}
	}
}

func hasName(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
