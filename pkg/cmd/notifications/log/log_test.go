package log

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil"
	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil/svctest"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/iostreams"
	"github.com/yodeldeploy/yodel/pkg/realm"
	"github.com/yodeldeploy/yodel/pkg/state"
	"github.com/yodeldeploy/yodel/pkg/ui/uitest"
)

// deps is a realm with a file store holding three deliveries.
func deps(t *testing.T, ios *iostreams.IOStreams) svcutil.Deps {
	t.Helper()
	ctx := context.Background()
	url := "file://" + filepath.Join(t.TempDir(), "state")
	st, err := state.Open(ctx, url, state.Options{})
	require.NoError(t, err)
	defer st.Close()
	t0 := svctest.Clock
	for _, d := range []state.Delivery{
		{Receiver: "chat", ID: "web.r1.started", Service: "web", Kind: "started", EventTime: t0, Status: state.DeliveryDelivered,
			Event: json.RawMessage(`{"release":"v2"}`), Attempts: 1, DeliveredAt: t0.Add(300 * time.Millisecond)},
		{Receiver: "chat", ID: "web.r1.step-reached.partial-0", Service: "web", Kind: "step-reached", EventTime: t0.Add(time.Minute),
			Event: json.RawMessage(`{"release":"v2","step":"partial[0]"}`), Status: state.DeliveryPending, Attempts: 3,
			LastError: "answered 500: boom", NextAttempt: t0.Add(2 * time.Minute)},
		{Receiver: "newrelic", ID: "api.r2.finished", Service: "api", Kind: "finished", EventTime: t0.Add(-time.Hour),
			Event: json.RawMessage(`{"release":"v7"}`), Status: state.DeliveryFailed, Attempts: 40, LastError: "no answer within 5s"},
	} {
		_, err := st.PutDelivery(ctx, d)
		require.NoError(t, err)
	}
	for _, rcv := range []string{"chat", "newrelic"} {
		_, err := st.PutOutbox(ctx, state.Outbox{Receiver: rcv, Since: t0.Add(-24 * time.Hour)})
		require.NoError(t, err)
	}
	return svcutil.Deps{IO: ios,
		Realm: func(string) (*realm.Realm, error) {
			return &realm.Realm{Realm: "qa", State: url, File: "realms/qa.yaml", NewRelic: &realm.NewRelic{}}, nil
		},
		Store: func(ctx context.Context, r *realm.Realm) (state.Store, error) {
			return state.Open(ctx, r.State, state.Options{})
		},
	}
}

func TestLog(t *testing.T) {
	ctx := context.Background()
	for _, tty := range []bool{false, true} {
		ios, _, out, _ := svctest.IO(tty)
		require.NoError(t, Run(ctx, &Options{Common: svcutil.Common{Realm: "qa"}, Deps: deps(t, ios)}))
		name := "log-notty"
		if tty {
			name = "log-tty"
		}
		uitest.Golden(t, ".", name, out.String())
	}

	ios, _, out, _ := svctest.IO(false)
	require.NoError(t, Run(ctx, &Options{Common: svcutil.Common{Realm: "qa", Service: "web"}, Output: cmdutil.OutputJSON, Deps: deps(t, ios)}))
	var rows []Delivery
	require.NoError(t, json.Unmarshal(out.Bytes(), &rows))
	require.Len(t, rows, 2, "only web's")
	assert.Equal(t, "partial[0]", rows[0].Step, "newest first")
	assert.Equal(t, "answered 500: boom", rows[0].LastError)

	ios, _, out, _ = svctest.IO(false)
	require.NoError(t, Run(ctx, &Options{Common: svcutil.Common{Realm: "qa"}, Receiver: "newrelic", Output: cmdutil.OutputJSON, Deps: deps(t, ios)}))
	require.NoError(t, json.Unmarshal(out.Bytes(), &rows))
	require.Len(t, rows, 1)
	assert.Equal(t, state.DeliveryFailed, rows[0].Status)

	ios, _, out, _ = svctest.IO(true)
	require.NoError(t, Run(ctx, &Options{Common: svcutil.Common{Realm: "qa", Service: "nope"}, Deps: deps(t, ios)}))
	assert.Equal(t, "No notification deliveries in realm qa\n", out.String())
	// Off a terminal the same on stderr; stdout, what a script reads, stays empty.
	ios, _, out, errOut := svctest.IO(false)
	require.NoError(t, Run(ctx, &Options{Common: svcutil.Common{Realm: "qa", Service: "nope"}, Deps: deps(t, ios)}))
	assert.Empty(t, out.String())
	assert.Equal(t, "No notification deliveries in realm qa\n", errOut.String())

	// A realm that names no receivers: that is why.
	ios, _, out, _ = svctest.IO(true)
	d := deps(t, ios)
	d.Realm = func(string) (*realm.Realm, error) {
		return &realm.Realm{Realm: "qa", State: "file://" + t.TempDir(), File: "realms/qa.yaml"}, nil
	}
	require.NoError(t, Run(ctx, &Options{Common: svcutil.Common{Realm: "qa"}, Deps: d}))
	assert.Equal(t, "No notification deliveries in realm qa\nIts realm file (realms/qa.yaml) names no receivers: add notifications: or newRelic: (docs/notifications.md); the realm's yodel server sends them.\n", out.String())
}

func TestLogFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"web"}, "--realm is required"},
		{[]string{"--realm", "qa", "-n", "-1"}, "--limit must be 0 (all) or more"},
	} {
		cmd := NewCmdLog(&cmdutil.Factory{}, func(*Options) error { return nil })
		cmd.SetArgs(tc.args)
		cmd.SilenceErrors, cmd.SilenceUsage = true, true
		err := cmd.Execute()
		if assert.Error(t, err, tc.args) {
			assert.Contains(t, err.Error(), tc.want)
		}
	}
	var got *Options
	cmd := NewCmdLog(&cmdutil.Factory{}, func(o *Options) error { got = o; return nil })
	cmd.SetArgs([]string{"web", "--realm", "qa", "--receiver", "chat", "-o", "json"})
	require.NoError(t, cmd.Execute())
	assert.Equal(t, "web", got.Service)
	assert.Equal(t, "chat", got.Receiver)
	assert.True(t, got.Output.IsJSON())
}
