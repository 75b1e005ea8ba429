package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/iostreams"
	"github.com/yodeldeploy/yodel/pkg/view"
)

func TestEscapeShowsControlCharacters(t *testing.T) {
	for in, want := range map[string]string{
		"v1.2 café ✓ C:\\path":     "v1.2 café ✓ C:\\path",
		"a\x1b[31mred":             `a\x1b[31mred`,
		"\x1b]0;pwned\arel":        `\x1b]0;pwned\x07rel`,
		"row\nfake\trow\r":         `row\nfake\trow\r`,
		"del\x7f nul\x00":          `del\x7f nul\x00`,
		"c1 \u009b31m \u0085":      `c1 \u009b31m \u0085`,
		"bidi \u202egnp.exe\u202c": `bidi \u202egnp.exe\u202c`,
		"iso \u2066x\u2069 \u200f": `iso \u2066x\u2069 \u200f`,
		"raw \x9b31m byte":         `raw \x9b31m byte`,
	} {
		assert.Equal(t, want, Escape(in), "%q", in)
		assert.Equal(t, want, Escape(Escape(in)), "%q escaped twice", in)
	}
}

// Escaped reaches every string of a model (nested, in slices, maps and
// pointers) and leaves the model it was given exact: -o json writes that.
func TestEscapedCopiesTheModel(t *testing.T) {
	type inner struct {
		S  string
		M  map[string]string
		Is []string
	}
	type model struct {
		A     string
		P     *inner
		L     []inner
		B     []byte
		T     time.Time
		I     any
		plain string
	}
	bad := "x\x1by"
	m := model{A: bad, P: &inner{S: bad}, L: []inner{{M: map[string]string{bad: bad}, Is: []string{bad}}}, B: []byte(bad), I: bad, plain: bad}
	e := Escaped(m)
	assert.Equal(t, `x\x1by`, e.A)
	assert.Equal(t, `x\x1by`, e.P.S)
	assert.Equal(t, map[string]string{`x\x1by`: `x\x1by`}, e.L[0].M)
	assert.Equal(t, []string{`x\x1by`}, e.L[0].Is)
	assert.Equal(t, `x\x1by`, e.I)
	assert.Equal(t, []byte(bad), e.B, "bytes are not text")
	assert.Equal(t, bad, e.plain, "unexported: copied as it is")

	assert.Equal(t, bad, m.A)
	assert.Equal(t, bad, m.P.S)
	assert.Equal(t, map[string]string{bad: bad}, m.L[0].M)
	assert.Equal(t, []string{bad}, m.L[0].Is)
	assert.Equal(t, bad, m.I)
}

// A label or a message may be any length: on a terminal the release and
// the last failure are cut, with an ellipsis, at a rune boundary.
func TestStatusCellsCutLongValues(t *testing.T) {
	a := view.App{Service: "web", App: "/web-blue", Yodel: true, Release: strings.Repeat("é", 100), LastFailure: "TASK_FAILED " + strings.Repeat("ü", 100)}
	cells := StatusCells(a, true, time.Time{})
	assert.Equal(t, strings.Repeat("é", 39)+"…", cells[4])
	assert.Equal(t, "TASK_FAILED "+strings.Repeat("ü", 47)+"…", cells[len(cells)-1])
	plain := StatusCells(a, false, time.Time{})
	assert.Equal(t, a.Release, plain[4], "off a terminal, scripts get it whole")
}

// lb status, canary status and a deploy's progress print what Marathon's
// users wrote (task failures, health causes, releases) escaped too.
func TestOtherRenderersEscape(t *testing.T) {
	bad := "v2\x1b[2K\r\nFAKE\u202e"
	for _, tty := range []bool{false, true} {
		ios, _, out, _ := iostreams.Test()
		ios.SetStdoutTTY(tty)
		ios.SetNoColor(true)
		agents := []view.Agent{{ID: "lb-1", Address: "10.0.0.1:9190", HAProxyUp: true, Services: []view.AgentService{
			{Service: "web", Refused: bad, Problems: []string{bad}}}}}
		require.NoError(t, LBStatusTable(ios, out, agents))
		assert.NotContains(t, out.String(), "\x1b", "tty=%v", tty)
		assert.NotContains(t, out.String(), "\u202e", "tty=%v", tty)
		assert.NotContains(t, out.String(), "\r", "tty=%v", tty)
		assert.Equal(t, bad, agents[0].Services[0].Refused, "the model is not changed")
	}

	st := NewStyles(func() *iostreams.IOStreams { ios, _, _, _ := iostreams.Test(); ios.SetNoColor(true); return ios }(), nil)
	v := view.Canary{Rollout: canary.Rollout{Service: "web", Stable: canary.Track{App: "/web-blue", Release: bad}, Canary: canary.Track{App: "/web-green", Release: bad}, Reason: bad}}
	for _, s := range []string{CanaryStatus(st, v), CanaryBlock(st, v, []string{bad}),
		DeployBlock(st, view.Deploy{Service: "web", NewRelease: bad, Step: bad, Tasks: &view.DeployTasks{LastFailure: bad, HealthCheckFailure: bad}})} {
		assert.NotContains(t, s, "\x1b")
		assert.NotContains(t, s, "\r")
		assert.NotContains(t, s, "\u202e")
		assert.Contains(t, s, `v2\x1b[2K\r\nFAKE\u202e`)
	}
}
