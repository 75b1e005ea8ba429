package appdef

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// leaves lists the JSON pointer of every leaf of v ("/env/A",
// "/portDefinitions/0/name").
func leaves(prefix string, v any, out *[]string) {
	switch x := v.(type) {
	case map[string]any:
		for k, c := range x {
			leaves(prefix+"/"+k, c, out)
		}
	case []any:
		for i, c := range x {
			leaves(fmt.Sprintf("%s/%d", prefix, i), c, out)
		}
	default:
		*out = append(*out, prefix)
	}
}

// yodelOwn reports whether yodel sets an app field itself, whatever the
// manifest says.
func yodelOwn(p string) bool {
	for _, own := range []string{"/labels/YODEL_", "/env/YODEL_"} {
		if strings.HasPrefix(p, own) {
			return true
		}
	}
	switch p {
	case "/ports", "/requirePorts", "/dependencies":
		return true
	}
	return false
}

func parent(f string) string {
	if i := strings.LastIndexByte(f, '.'); i > 0 {
		return f[:i]
	}
	return f
}

// defaulted are manifest fields Build applies a default for when absent.
var defaulted = map[string]bool{"killGracePeriodSeconds": true}

// ManifestField is Build read backwards: every field of an app Build makes
// maps to a manifest field that is really there (the realm's override when
// it set the value), or to nothing when yodel set it itself. A field added
// to Build without its mapping fails here, before a Marathon 422 on it
// points nowhere.
func TestManifestFieldRoundTrip(t *testing.T) {
	for name, src := range map[string]string{
		"cmd": `service: web
cmd: ./serve --port $PORT0
instances: 2
resources: {cpus: 0.1, mem: 32, disk: 10}
ports:
  - {name: http, servicePort: 10080}
  - {name: raw, servicePort: 10081, protocol: tcp}
health:
  path: /healthz
  port: http
  intervalSeconds: 2
  timeoutSeconds: 1
  gracePeriodSeconds: 30
  maxConsecutiveFailures: 3
env: {GREETING: hello}
secrets: {DB_PASSWORD: env:DB_PASSWORD}
labels: {team: core}
killGracePeriodSeconds: 30
constraints:
  - [hostname, UNIQUE]
upgrade:
  minimumHealthCapacity: 0.5
  maximumOverCapacity: 0.2
realms:
  qa:
    instances: 1
    resources: {mem: 64}
    env: {GREETING: hi}
`,
		"docker": `service: api
image: registry.example/api:1.2
args: [--verbose]
instances: 1
resources: {cpus: 0.5, mem: 128}
ports:
  - {name: http, servicePort: 10090, containerPort: 8080}
health:
  command: "true"
`,
	} {
		t.Run(name, func(t *testing.T) {
			m := parse(t, src)
			for _, realm := range []string{"", "qa"} {
				app, err := Build(m, Options{AppID: "/" + m.Service + "-blue", Release: "v1", Realm: realm,
					Labels: map[string]string{"YODEL_DEPLOYED_BY": "ann@h"}})
				require.NoError(t, err)
				var doc any
				raw, err := json.Marshal(app)
				require.NoError(t, err)
				require.NoError(t, json.Unmarshal(raw, &doc))
				var paths []string
				leaves("", doc, &paths)
				sort.Strings(paths)
				for _, p := range paths {
					f := ManifestField(m, realm, p)
					switch {
					case f == "":
						assert.True(t, yodelOwn(p), "%s (realm %q): Build sets it from the manifest, but ManifestField does not know from which field", p, realm)
					case !m.Doc().Has(f) && !m.Doc().Has(parent(f)) && !defaulted[f]:
						// A defaulted sub-field (health.intervalSeconds) is
						// pointed at in its section.
						t.Errorf("%s (realm %q) maps to %q, which the manifest does not have", p, realm, f)
					}
				}
			}
		})
	}
}
