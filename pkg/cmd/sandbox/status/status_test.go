package status

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/iostreams"
	"github.com/yodeldeploy/yodel/pkg/sandbox"
)

// On a terminal the coloured STATE column does not shift the columns after
// it: every row's SINCE starts where the header's does.
func TestRenderAlignsColouredColumns(t *testing.T) {
	ios, _, out, _ := iostreams.Test()
	ios.SetStdoutTTY(true)
	at := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	r := &sandbox.StatusReport{Dir: "/tmp/sb", Components: []sandbox.ComponentStatus{
		{Component: sandbox.Component{Name: "marathon", PID: 12, Addr: "127.0.0.1:8080", StartedAt: at, Log: "m.log"}, Alive: true},
		{Component: sandbox.Component{Name: "haproxy", PID: 3456, StartedAt: at, Log: "h.log"}, Alive: false},
	}}
	render(ios, r)
	require.Contains(t, out.String(), "\x1b[", "styled on a terminal")
	plain := regexp.MustCompile("\x1b\\[[0-9;]*m").ReplaceAllString(out.String(), "")
	lines := strings.Split(plain, "\n")
	var table []string
	for i, l := range lines {
		if strings.HasPrefix(l, "COMPONENT") && i+2 < len(lines) {
			table = lines[i : i+3]
		}
	}
	require.Len(t, table, 3, plain)
	col := strings.Index(table[0], "SINCE")
	for _, l := range table[1:] {
		assert.Equal(t, col, strings.Index(l, at.Local().Format("15:04:05")), "misaligned:\n%s", plain)
	}
}

// With a server, status names the dashboard and where its login is.
func TestRenderNamesTheDashboardLogin(t *testing.T) {
	ios, _, out, _ := iostreams.Test()
	ios.SetStdoutTTY(true)
	render(ios, &sandbox.StatusReport{Dir: "/tmp/sb", ServerURL: "http://127.0.0.1:40001"})
	assert.Contains(t, out.String(), "dashboard:      http://127.0.0.1:40001/ui/ (user yodel, password in /tmp/sb/server-token)")
}

// The sandbox's record is local data, but its directory (--dir,
// $YODEL_SANDBOX_DIR) and an edited sandbox.json can hold control
// characters: shown escaped, on a terminal or not.
func TestRenderEscapesControlCharacters(t *testing.T) {
	for _, tty := range []bool{false, true} {
		ios, _, out, _ := iostreams.Test()
		ios.SetStdoutTTY(tty)
		dir := "/tmp/sb\x1b]0;title\x07"
		render(ios, &sandbox.StatusReport{Dir: dir, RealmFile: dir + "/realm.yaml", MarathonURL: "http://127.0.0.1:1/\x1b[2J",
			ServerURL: "http://127.0.0.1:2\r", MarathonVersion: "1.4\n", MarathonFeatures: []string{"a\x1b[31m"},
			Components: []sandbox.ComponentStatus{{Component: sandbox.Component{Name: "mara\x1b[1mthon", PID: 12, Addr: "127.0.0.1:8080\x1b[K",
				Log: dir + "/m.log"}, Alive: true}}})
		// The table's own styles (SGR) go; the injected SGR must be in the
		// text escaped, as the other injected sequences.
		text := regexp.MustCompile("\x1b\\[[0-9;]*m").ReplaceAllString(out.String(), "")
		assert.NotContains(t, text, "\x1b", "tty %v: %q", tty, text)
		assert.NotContains(t, text, "\x07", "tty %v: %q", tty, text)
		assert.NotContains(t, text, "\r", "tty %v: %q", tty, text)
		assert.Contains(t, text, `mara\x1b[1mthon`)
		assert.Contains(t, text, `/tmp/sb\x1b]0;title\x07/m.log`)
		if tty {
			assert.Contains(t, text, `marathon:       http://127.0.0.1:1/\x1b[2J`+"\n")
			assert.Contains(t, text, `modelled:       Marathon 1.4\n, features a\x1b[31m`+"\n")
			assert.Contains(t, text, `(user yodel, password in /tmp/sb\x1b]0;title\x07/server-token)`)
		}
	}
}
