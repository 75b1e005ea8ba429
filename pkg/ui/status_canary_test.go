package ui

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/iostreams"
	"github.com/yodeldeploy/yodel/pkg/view"
)

// On a terminal, a line after the table says where each canary answers
// alone: its row's URL does not reach an isolated canary.
func TestStatusTableSaysWhereTheCanaryAnswers(t *testing.T) {
	rows := []view.App{
		{Service: "web", App: "/web-blue", Yodel: true, Track: "stable", URLs: []string{"http://127.0.0.1:10080"}},
		{Service: "web", App: "/web-green", Yodel: true, Track: "canary", Isolated: true, URLs: []string{"http://127.0.0.1:10080"},
			CanaryRoutes: []view.CanaryRoute{{URL: "http://127.0.0.1:10080", Header: "X-Yodel-Track: canary"}}},
		{Service: "echo", App: "/echo-green", Yodel: true, Track: "canary", CanaryWeight: 10, URLs: []string{"tcp://127.0.0.1:10090"},
			CanaryRoutes: []view.CanaryRoute{{URL: "tcp://127.0.0.1:11090"}, {URL: "tcp://127.0.0.1:11091"}}},
	}
	ios, _, _, _ := iostreams.Test()
	ios.SetStdoutTTY(true)
	ios.SetNoColor(true)
	var b bytes.Buffer
	require.NoError(t, StatusTable(ios, &b, rows, "qa", time.Time{}))
	assert.Contains(t, b.String(), "\nweb: canary /web-green answers at http://127.0.0.1:10080 with the header X-Yodel-Track: canary\n")
	assert.Contains(t, b.String(), "\necho: canary /echo-green answers at tcp://127.0.0.1:11090, tcp://127.0.0.1:11091\n")
	assert.Equal(t, 2, bytes.Count(b.Bytes(), []byte("answers at")))
}
