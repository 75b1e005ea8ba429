package lb_test

import (
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/haproxy"
	"github.com/yodeldeploy/yodel/pkg/haproxy/haproxytest"
)

// A servicePort another process holds (another sandbox's HAProxy): that
// service is refused and reported, the others are applied, and it is
// retried until the port is free, without any new Marathon event.
func TestIntegrationPortHeldElsewhereIsReportedAndRetried(t *testing.T) {
	s := newStack(t, "")
	r := s.startAgent("agent-1")
	// Held in FreePort's range, not the ephemeral one: once freed, a port
	// of the ephemeral range can be taken at once by the source port of
	// any of the suite's outgoing connections (seen in CI: still held 20 s
	// after the test freed it).
	var held net.Listener
	var err error
	for range 10 {
		if held, err = net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(haproxytest.FreePort(t))); err == nil {
			break
		}
	}
	require.NoError(t, err)
	port := held.Addr().(*net.TCPAddr).Port
	other := haproxytest.FreePort(t)

	s.create(app("/hello-blue", "hello", "http", 1, port))
	s.create(app("/other-blue", "other", "http", 1, other))
	eventually(t, 20*time.Second, func() string { return "other never served" }, func() bool {
		return len(showServers(t, r.in, haproxy.BackendName("other", other))) == 1
	})
	_, code, err := hit(other, nil)
	require.NoError(t, err)
	require.Equal(t, 200, code)
	var why string
	eventually(t, 20*time.Second, func() string { return why }, func() bool {
		st := r.agent.Status().Services["hello"]
		why = st.Error
		return strings.Contains(st.Error, "127.0.0.1:"+strconv.Itoa(port)) && strings.Contains(st.Error, "another process holds it")
	})
	require.Empty(t, r.agent.Status().Services["other"].Error)

	// The port is freed; nothing else happens in Marathon.
	require.NoError(t, held.Close())
	eventually(t, 20*time.Second, func() string { return "still refused: " + r.agent.Status().Services["hello"].Error }, func() bool {
		return r.agent.Status().Services["hello"].Error == ""
	})
	waitServing(t, r.in, port, func() []string { return s.healthyTasks("/hello-blue") })
}
