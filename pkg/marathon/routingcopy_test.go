package marathon

import (
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/require"
)

// FuzzRoutedReadIsTheRoutingCopy: whatever Marathon (or a proxy) answers,
// the lb agent's routing read (EachRoutedApp, walkRouted), the CLI's whole
// read (Apps, walkWhole) and the scale check's prediction over it do not
// panic, and where encoding/json takes the answer (refWalkApps), the
// routing read takes it too and holds exactly what RoutingCopy keeps of
// it, and the whole read holds all of it: the agent's per-app read (a full App, copied) routes as
// its full read does. (It found 1.10's MESOS container, whose
// portMappings only the routing read kept.)
func FuzzRoutedReadIsTheRoutingCopy(f *testing.F) {
	f.Add(`{"apps":[{"id":"/web","labels":{"yodel.service":"web"},"instances":2,"portDefinitions":[{"port":10001,"protocol":"tcp"}],` +
		`"healthChecks":[{"protocol":"HTTP","intervalSeconds":1}],"tasks":[{"id":"web.1","host":"h","ports":[31001],"state":"TASK_RUNNING","startedAt":"t",` +
		`"healthCheckResults":[{"alive":true,"firstSuccess":"2026-12-05T00:00:00.000Z"}]},null,{"id":"web.2","state":"TASK_STAGING"}]},` +
		`{"id":"/d","container":{"type":"DOCKER","docker":{"image":"i","network":"BRIDGE","portMappings":[{"containerPort":80,"servicePort":10002}]}}},` +
		`{"id":"/m","networks":[{"mode":"container/bridge"}],"container":{"type":"MESOS","portMappings":[{"containerPort":80,"servicePort":10003}]}}]}`)
	f.Add(`{"apps":[{"id":"/s","instances":1,"killSelection":"OLDEST_FIRST","deployments":[{"id":"d"}],"constraints":[["rack","GROUP_BY"],null],` +
		`"tasks":[{"id":"s.1","state":"TASK_RUNNING","startedAt":"2026-12-05T00:00:00.000Z"},{"id":"s.2","state":"TASK_RUNNING","startedAt":"2026-12-05T00:01:00Z"}]}]}`)
	f.Add(`{"apps":null}`)
	f.Add(`{"x":[{"a":[1,-2.5e+3,true,false,null,"\u00e9\n"]}],"apps":[null,{"ID":"/a","Labels":{"YODEL_SERVICE":"a","HAPROXY_0_MODE":null,"other":"x"},` +
		`"labels":{"YODEL_SERVICE":"b"},"labels":null,"labels":{"YODEL_\u0053ERVICE":"c","YODEL_SERVICE":"d"},"KillSelection":"OLDEST_FIRST","conſtraints":[["a","GROUP_BY"]],"instances":1,"cmd":{"k":[[]]}}],"apps":[]}  `)
	f.Fuzz(func(t *testing.T, body string) {
		var routed, copied []*App
		errRouted := walkRouted(iotest.OneByteReader(strings.NewReader(body)), MaxResponseBytes, func(a *App) error {
			routed = append(routed, a)
			ScaleCheckKills(a, func(string) bool { return false })
			return nil
		}, func(e *AppTooLargeError) error { t.Fatalf("no app is over the cap here: %v", e); return nil })
		var whole, full []*App
		errWhole := walkWhole(iotest.OneByteReader(strings.NewReader(body)), MaxResponseBytes, func(a *App) error {
			whole = append(whole, a)
			return nil
		}, func(e *AppTooLargeError) error { t.Fatalf("no app is over the cap here: %v", e); return nil })
		errFull := refWalkApps(strings.NewReader(body), func(a *App) error {
			full = append(full, a)
			copied = append(copied, RoutingCopy(a))
			return nil
		})
		if errFull != nil {
			return
		}
		// What encoding/json takes, the routed read and the whole read
		// take, read a byte at a time (every buffer boundary): the routed
		// read holds RoutingCopy of it, the whole read all of it.
		require.NoError(t, errRouted)
		require.Equal(t, copied, routed)
		require.NoError(t, errWhole)
		require.Equal(t, full, whole)
	})
}
