package manifest

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLatencyKeysParseAndResolve(t *testing.T) {
	m, err := Parse("services/x.yaml", []byte(base+"canary:\n  partial:\n    maxLatencyP99: 500ms\n    maxLatencyIncrease: 50ms\n    maxExtension: 2m\n"))
	require.NoError(t, err)
	p := ResolveCanary(m.Canary)
	assert.Equal(t, 500*time.Millisecond, p.MaxLatencyP99.D())
	assert.Equal(t, LatencyIncrease{By: 50 * time.Millisecond}, p.MaxLatencyIncrease)
	assert.Equal(t, 2*time.Minute, p.MaxExtension.D())

	// The realm's defaults fill what the manifest leaves out.
	m, err = Parse("services/x.yaml", []byte(base+"canary:\n  partial:\n    maxLatencyIncrease: 1.2x\n"))
	require.NoError(t, err)
	realm := &Canary{Partial: &Partial{MaxLatencyP99: ptrTo(Duration(time.Second)), MaxLatencyIncrease: &LatencyIncrease{By: time.Second}}}
	p = ResolveCanary(m.Canary, realm)
	assert.Equal(t, LatencyIncrease{Ratio: 1.2}, p.MaxLatencyIncrease)
	assert.Equal(t, time.Second, p.MaxLatencyP99.D())

	// Off by default; the record's JSON round-trips.
	p = ResolveCanary()
	assert.Zero(t, p.MaxLatencyP99)
	assert.True(t, p.MaxLatencyIncrease.IsZero())
	b, err := json.Marshal(ResolveCanary(m.Canary))
	require.NoError(t, err)
	assert.Contains(t, string(b), `"maxLatencyIncrease":"1.2x"`)
	var back CanaryPlan
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, LatencyIncrease{Ratio: 1.2}, back.MaxLatencyIncrease)
	b, _ = json.Marshal(ResolveCanary())
	assert.NotContains(t, string(b), "maxLatency", "unset checks stay out of older records' shape")
}

func ptrTo[T any](v T) *T { return &v }

func TestLatencyKeysBadInput(t *testing.T) {
	cases := []struct{ name, src, want string }{
		{"p99 not a time", "    maxLatencyP99: 500\n", `services/x.yaml:8:20: canary.partial.maxLatencyP99: "500" is not a duration`},
		{"p99 zero", "    maxLatencyP99: 0s\n", "services/x.yaml:8:5: canary.partial.maxLatencyP99: must be a time from 1ms to 10m"},
		{"increase neither", "    maxLatencyIncrease: fast\n", `canary.partial.maxLatencyIncrease: "fast" is neither a time nor a ratio: write it like "50ms" or "1.2x"`},
		{"increase ratio below one", "    maxLatencyIncrease: 0.8x\n", "services/x.yaml:8:5: canary.partial.maxLatencyIncrease: ratio 0.8x must be above 1x"},
		{"increase bad ratio", "    maxLatencyIncrease: ax\n", `canary.partial.maxLatencyIncrease: "ax" is not a ratio`},
		{"increase negative", "    maxLatencyIncrease: -5ms\n", "canary.partial.maxLatencyIncrease: must be a time from 1ms to 10m"},
		{"increase ratio zero", "    maxLatencyIncrease: 0x\n", `canary.partial.maxLatencyIncrease: ratio "0x" must be above 1x`},
		{"increase under a millisecond", "    maxLatencyIncrease: 500us\n", "canary.partial.maxLatencyIncrease: must be a time from 1ms to 10m"},
		{"p99 under a millisecond", "    maxLatencyP99: 0.5ms\n", "canary.partial.maxLatencyP99: must be a time from 1ms to 10m"},
		{"extension too long", "    maxExtension: 48h\n", "canary.partial.maxExtension: must be from 0s to 24h"},
		{"misspelt", "    maxLatencyP95: 1s\n", `canary.partial.maxLatencyP95: unknown key; did you mean "maxLatencyP99"?`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Contains(t, parseErr(t, base+"canary:\n  partial:\n"+c.src), c.want)
		})
	}
}

func TestStickyKey(t *testing.T) {
	m, err := Parse("services/x.yaml", []byte(base+"canary:\n  partial:\n    steps: [10, 50]\n    sticky: true\n"))
	require.NoError(t, err)
	assert.True(t, ResolveCanary(m.Canary).Sticky)
	assert.False(t, ResolveCanary().Sticky, "off by default")

	// A realm's default applies unless the manifest says otherwise.
	realm := &Canary{Partial: &Partial{Sticky: ptrTo(true)}}
	m, err = Parse("services/x.yaml", []byte(base+"canary:\n  partial:\n    weight: 5\n"))
	require.NoError(t, err)
	assert.True(t, ResolveCanary(m.Canary, realm).Sticky)
	m, err = Parse("services/x.yaml", []byte(base+"canary:\n  partial:\n    sticky: false\n"))
	require.NoError(t, err)
	assert.False(t, ResolveCanary(m.Canary, realm).Sticky, "the manifest's false wins over the realm's true")

	assert.Contains(t, parseErr(t, base+"canary:\n  partial:\n    sticky: yes please\n"), "canary.partial.sticky")
	tcp := base + "ports:\n  - name: db\n    servicePort: 10000\n    protocol: tcp\n"
	assert.Contains(t, parseErr(t, tcp+"canary:\n  partial:\n    sticky: true\n"), "canary.partial.sticky: needs an HTTP port")
	_, err = Parse("services/x.yaml", []byte(tcp+"  - name: web\n    servicePort: 10001\ncanary:\n  partial:\n    sticky: true\n"))
	assert.NoError(t, err, "one HTTP port is enough")
}
