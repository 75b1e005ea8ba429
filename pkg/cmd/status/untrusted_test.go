package status

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	gm "github.com/gambol99/go-marathon"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil"
	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil/svctest"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/view"
)

// Anyone who can post to Marathon chooses an app's id and labels. In the
// text of status, on a terminal or not, their control characters are
// escaped (no escape sequence reaches the operator's terminal, no newline
// fakes a row) and an app merely labelled YODEL_SERVICE=hello is not
// listed as hello's; -o json keeps every string exact.
func TestStatusOfAppsAnyoneCanPost(t *testing.T) {
	e := svctest.Start(t)
	ctx := context.Background()
	one, cmd := 1, "sleep 600"
	hostile := map[string]string{
		"YODEL_SERVICE": "hello\x1b[2K\r\x1b[31mFAKE\nhello\t/hello-blue",
		"YODEL_RELEASE": "\x1b]0;pwned\arel\u202e",
	}
	impostor := map[string]string{"YODEL_SERVICE": "hello", "YODEL_RELEASE": "v9"}
	for id, labels := range map[string]map[string]string{"/lbl6": hostile, "/evil/hello-blue": impostor} {
		_, err := e.Client.CreateApp(ctx, &marathon.App{Application: gm.Application{ID: id, Cmd: &cmd, Instances: &one, CPUs: 0.1, Labels: &labels}})
		require.NoError(t, err)
	}
	e.Emu.WaitIdle(t, 30*time.Second)

	for _, tty := range []bool{false, true} {
		ios, _, out, _ := svctest.IO(tty)
		ios.SetNoColor(true)
		require.NoError(t, Run(ctx, &Options{Common: svcutil.Common{Realm: "test"}, Deps: e.Deps(ios)}))
		text := out.String()
		assert.NotContains(t, text, "\x1b", "tty=%v", tty)
		assert.NotContains(t, text, "\a", "tty=%v", tty)
		assert.NotContains(t, text, "\r", "tty=%v", tty)
		assert.NotContains(t, text, "\u202e", "tty=%v", tty)
		assert.Contains(t, text, `\x1b]0;pwned\x07rel\u202e`, "tty=%v", tty)
		for _, l := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
			assert.False(t, strings.HasPrefix(l, "hello"), "tty=%v: a row or note passes for service hello: %q", tty, l)
		}
		if tty {
			assert.Contains(t, text, "\n! /evil/hello-blue: labelled YODEL_SERVICE=hello, but only /hello-blue and /hello-green are hello's apps: not counted or routed as hello\n")
			assert.Contains(t, text, "\n! "+`/lbl6: labelled YODEL_SERVICE=hello\x1b[2K\r\x1b[31mFAKE\nhello\t/hello-blue, which is no service name: shown as an app yodel does not deploy`+"\n")
		} else {
			assert.Len(t, strings.Split(strings.TrimSuffix(text, "\n"), "\n"), 2, "one line per app:\n%s", text)
		}
	}

	ios, _, out, _ := svctest.IO(false)
	require.NoError(t, Run(ctx, &Options{Common: svcutil.Common{Realm: "test"}, Deps: e.Deps(ios), Output: cmdutil.OutputJSON}))
	var rows []view.App
	require.NoError(t, json.Unmarshal(out.Bytes(), &rows))
	require.Len(t, rows, 2)
	assert.Equal(t, "/evil/hello-blue", rows[0].App)
	assert.Equal(t, "evil/hello-blue", rows[0].Service)
	assert.Equal(t, "hello", rows[0].LabelledService)
	assert.False(t, rows[0].Yodel)
	assert.Equal(t, "/lbl6", rows[1].App)
	assert.Equal(t, hostile["YODEL_SERVICE"], rows[1].LabelledService)
	assert.Equal(t, hostile["YODEL_RELEASE"], rows[1].Release)

	// Nothing of hello runs: its impostor does not make it look deployed.
	ios, _, _, _ = svctest.IO(false)
	err := Run(ctx, &Options{Common: svcutil.Common{Realm: "test", Service: "hello"}, Deps: e.Deps(ios)})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "no app of service hello")
}
