package haproxy

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/yodeldeploy/yodel/third_party/haproxytech-client-native/configuration"
	cfgopt "github.com/yodeldeploy/yodel/third_party/haproxytech-client-native/configuration/options"
	"github.com/yodeldeploy/yodel/third_party/haproxytech-client-native/models"
)

// A service's HAProxy structure is written in two forms: as text
// (renderService, for whole-file writes and `haproxy -c` of one service)
// and as client-native model operations (createService, for changes to a
// file yodel committed). They must say the same thing, or the file would
// depend on which way it was last written. This renders each case both
// ways and compares what client-native's parser reads back: every
// frontend with its binds and routing rules, every backend with its
// request rules and servers, the frontends' sticky rules.
func TestTextAndModelFormsAgree(t *testing.T) {
	svc := func(s *Service) map[string]*Service { return map[string]*Service{s.Key(): fileModel(s)} }
	all := cnServices()
	byName := map[string]*Service{}
	for _, s := range all {
		byName[s.Name] = s
	}
	cases := map[string]map[string]*Service{
		"http-canary-header-health-check": svc(byName["web"]),
		"tcp-isolated-port-ipv6":          svc(byName["echo"]),
		"http-no-address-no-servers":      svc(&Service{Name: "api", Port: 10100, Mode: ModeHTTP}),
		"http-isolated-port-and-header": svc(&Service{Name: "shop", Port: 10110, Mode: ModeHTTP, IsolatedPort: 11110,
			CanaryHeader: Header{Name: "X-Yodel-Track", Value: "canary"}, HealthPath: "/ping",
			Servers: []Server{{Name: "shop-blue_a", Addr: "127.0.0.1", Port: 31020, Weight: 100},
				{Name: "shop-green_a", Addr: "127.0.0.1", Port: 31021, Weight: 1, Isolated: true}}}),
		"two-services": all,
	}
	// Names without blanks or commas: they end up in the temporary paths
	// of the base template, which HAProxy would misread.
	for name, services := range cases {
		t.Run(name, func(t *testing.T) {
			opts, base := cnFixture(t)
			text := filepath.Join(t.TempDir(), "text.cfg")
			if err := os.WriteFile(text, []byte(renderFile(base, stickyMapPath(opts.ConfigPath), services)), 0o600); err != nil {
				t.Fatal(err)
			}

			// The model form: a file yodel committed with no service, then
			// the services added by model operations (the file is not
			// foreign and its base is unchanged, so no raw write).
			f := committedEmpty(t, opts, base)
			if f.foreign || f.baseSHA != sha(base) {
				t.Fatal("the next write would be raw text, not model operations")
			}
			if err := f.writeStructure(base, services, structureHash(base, f.stickyMap, services)); err != nil {
				t.Fatal(err)
			}

			fromText, fromModel := structureOf(t, text), structureOf(t, opts.ConfigPath)
			want := 0
			for _, s := range services {
				want += 1 + len(backendsOf(s)) // the public frontend and the backends
				if s.IsolatedPort != 0 {
					want++
				}
			}
			if got := len(fromText); got != want {
				t.Fatalf("read %d sections from the text form, want %d: %v", got, want, fromText)
			}
			if d := cmp.Diff(fromText, fromModel, cmpopts.IgnoreFields(models.BindParams{}, "Name")); d != "" {
				t.Errorf("text form (-) and model form (+) differ:\n%s", d)
			}
			bindNamesDiffer(t, fromText, fromModel)
		})
	}
}

// bindNamesDiffer checks the one known difference, so that whoever removes
// it also removes this exception: the model form names each bind after its
// frontend (createService: BindParams.Name), the text form writes no
// `name` (renderService), and client-native reads the address instead.
// HAProxy uses a bind's name only for listener rows in stats and logs,
// which yodel does not read (serving() reads frontend rows), so the two
// forms behave the same. Writing `name <frontend>` in renderService would
// make them agree; it changes the structure hash, so every agent reloads
// once.
func bindNamesDiffer(t *testing.T, fromText, fromModel map[string]section) {
	t.Helper()
	for key, m := range fromModel {
		if m.Frontend == nil {
			continue
		}
		for i, b := range m.Binds {
			tb := fromText[key].Binds[i]
			port := strconv.FormatInt(*b.Port, 10)
			addr := b.Address + ":" + port
			if strings.Contains(b.Address, ":") {
				addr = "[" + b.Address + "]:" + port
			}
			if b.Name != m.Frontend.Name || (tb.Name != addr && tb.Name != ":"+port) {
				t.Errorf("%s: bind named %q in the model form and %q in the text form: if the forms now agree, remove bindNamesDiffer", key, b.Name, tb.Name)
			}
		}
	}
}

// section is what client-native reads of one frontend or backend.
type section struct {
	Frontend      *models.Frontend
	Binds         models.Binds
	UseBackends   models.BackendSwitchingRules
	ResponseRules models.HTTPResponseRules
	Backend       *models.Backend
	RequestRules  models.HTTPRequestRules
	Servers       models.Servers
}

// structureOf reads the services' sections of a configuration file with
// client-native (the base template's stats frontend left out).
func structureOf(t *testing.T, path string) map[string]section {
	t.Helper()
	cfg, err := configuration.New(context.Background(), cfgopt.ConfigurationFile(path), cfgopt.TransactionsDir(t.TempDir()))
	if err != nil {
		t.Fatalf("client-native cannot read %s: %v", path, err)
	}
	out := map[string]section{}
	_, fes, err := cfg.GetFrontends("")
	if err != nil {
		t.Fatal(err)
	}
	for _, fe := range fes {
		if !strings.HasPrefix(fe.Name, "fe_") {
			continue
		}
		s := section{Frontend: fe}
		if _, s.Binds, err = cfg.GetBinds("frontend", fe.Name, ""); err != nil {
			t.Fatal(err)
		}
		if _, s.UseBackends, err = cfg.GetBackendSwitchingRules(fe.Name, ""); err != nil {
			t.Fatal(err)
		}
		if _, s.RequestRules, err = cfg.GetHTTPRequestRules("frontend", fe.Name, ""); err != nil {
			t.Fatal(err)
		}
		if _, s.ResponseRules, err = cfg.GetHTTPResponseRules("frontend", fe.Name, ""); err != nil {
			t.Fatal(err)
		}
		out["frontend "+fe.Name] = s
	}
	_, bes, err := cfg.GetBackends("")
	if err != nil {
		t.Fatal(err)
	}
	for _, be := range bes {
		s := section{Backend: be}
		if _, s.RequestRules, err = cfg.GetHTTPRequestRules("backend", be.Name, ""); err != nil {
			t.Fatal(err)
		}
		if _, s.Servers, err = cfg.GetServers("backend", be.Name, ""); err != nil {
			t.Fatal(err)
		}
		out["backend "+be.Name] = s
	}
	return out
}
