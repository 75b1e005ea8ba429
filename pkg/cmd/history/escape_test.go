package history

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/iostreams"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// A step's message may quote Marathon (a task's failure, written by whoever
// posted the app): in the table and in one record it is escaped, so it
// neither rewrites the terminal nor fakes a row.
func TestHistoryEscapesMessages(t *testing.T) {
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	rec := state.Record{Service: "web", Release: "v2\u202e", Strategy: "rolling", Outcome: state.OutcomeFailed, Started: at,
		Steps: []state.Step{{Name: "wait", Started: at, Outcome: state.OutcomeFailed, Message: "TASK_FAILED \x1b]0;pwned\a\n2026-01-01T00:00:00Z\tweb"}}}
	for _, tty := range []bool{false, true} {
		ios, _, out, _ := iostreams.Test()
		ios.SetStdoutTTY(tty)
		ios.SetNoColor(true)
		require.NoError(t, Render(ios, []state.Record{rec}, at, true))
		require.NoError(t, renderRecord(ios, rec, nil, 0, "qa", at))
		assert.NotContains(t, out.String(), "\x1b", "tty=%v", tty)
		assert.NotContains(t, out.String(), "\u202e", "tty=%v", tty)
		assert.NotContains(t, out.String(), "\n2026-01-01", "tty=%v: a faked row", tty)
		assert.Contains(t, out.String(), `TASK_FAILED \x1b]0;pwned\x07\n2026-01-01T00:00:00Z\tweb`, "tty=%v", tty)
	}
}
