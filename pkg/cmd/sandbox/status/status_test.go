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
