package discovery

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/discovery/curatortest"
	"github.com/yodeldeploy/yodel/pkg/state/zktest"
	"github.com/yodeldeploy/yodel/third_party/zk"
)

// TestInstanceJSONIsCuratorsOwn: what yodel writes is byte for byte what
// Curator's JsonInstanceSerializer writes for the instance it reads.
func TestInstanceJSONIsCuratorsOwn(t *testing.T) {
	port := 31005
	in := Instance{Name: "web", ID: "web-blue.marathon-1f2e", Address: "10.0.0.7", Port: &port,
		Payload: Payload{"track": "canary", "team": "core", "quote": `a"b`}, RegistrationTimeUTC: 1764700000123,
		ServiceType: ServiceTypeDynamic, URISpec: ParseURISpec("{scheme}://{address}:{port}/x")}
	_, err := curatortest.Compile()
	curatortest.Skip(t, err)
	got, err := curatortest.RoundTrip(in.Marshal())
	require.NoError(t, err)
	assert.Equal(t, string(in.Marshal()), string(got))

	in.URISpec, in.Payload = nil, nil
	got, err = curatortest.RoundTrip(in.Marshal())
	require.NoError(t, err)
	assert.Equal(t, string(in.Marshal()), string(got), "no payload, no uriSpec")
}

var testSeq int

// testWant is n stable instances of service "web" under a fresh base path.
func testWant(base string, ids ...string) Want {
	w := Want{Nodes: map[string]Node{}, Scopes: map[string][]string{base + "/web": {"web-blue.", "web-green."}}}
	for i, id := range ids {
		port := 31000 + i
		n := Node{Service: "web", Dir: base + "/web", Track: "stable", Instance: Instance{Name: "web", ID: id,
			Address: "127.0.0.1", Port: &port, Payload: Payload{"track": "stable"}, ServiceType: ServiceTypeDynamic}}
		w.Nodes[n.Path()] = n
	}
	return w
}

func freshBase() string {
	testSeq++
	return fmt.Sprintf("/discovery-%d-%d", time.Now().UnixNano()%1e6, testSeq)
}

func newRegistrar(t *testing.T, opts Options) *Registrar {
	t.Helper()
	zktest.Skip(t, zkErr)
	if opts.Servers == nil {
		opts.Servers = []string{zkSrv.Addr}
	}
	if opts.SessionTimeout == 0 {
		opts.SessionTimeout = time.Second
	}
	r := NewRegistrar(opts)
	t.Cleanup(r.Close)
	return r
}

func apply(t *testing.T, r *Registrar, w Want) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	// The first Apply may meet the session being set up.
	deadline := time.Now().Add(10 * time.Second)
	for {
		errs := r.Apply(ctx, w)
		if len(errs) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("apply: %v", errs)
		}
		time.Sleep(50 * time.Millisecond) // waiting for the first session, bounded
	}
}

// TestCuratorSeesRegistrationsAtOnce: once Apply returns, Curator's
// queryForInstances sees exactly the wanted instances, and one removed is
// gone for it (this is what the lb agent's acknowledgement, and so the
// kill, waits for).
func TestCuratorSeesRegistrationsAtOnce(t *testing.T) {
	r := newRegistrar(t, Options{DigestUser: "yodel", DigestPassword: "s3cret"})
	base := freshBase()
	c := curatortest.Start(t, zkSrv.Addr, base, "web")
	apply(t, r, testWant(base, "web-blue.marathon-a", "web-blue.marathon-b", "web-blue.marathon-c"))
	assert.Equal(t, []string{"web-blue.marathon-a", "web-blue.marathon-b", "web-blue.marathon-c"}, c.Query())
	for _, p := range c.Picks(20) {
		assert.Equal(t, "stable", p.Track)
	}

	apply(t, r, testWant(base, "web-blue.marathon-a", "web-blue.marathon-c"))
	assert.Equal(t, []string{"web-blue.marathon-a", "web-blue.marathon-c"}, c.Query(), "gone when Apply returns")

	// A legacy service's own registration under the same name is not yodel's.
	conn, _, err := zk.Connect([]string{zkSrv.Addr}, 5*time.Second, zk.WithLogInfo(false))
	require.NoError(t, err)
	defer conn.Close()
	_, err = conn.Create(base+"/web/3f1c0b6e-legacy", []byte(`{"name":"web","id":"3f1c0b6e-legacy","address":"10.1.1.1","port":9090,"sslPort":null,"payload":null,"registrationTimeUTC":1,"serviceType":"DYNAMIC","uriSpec":null}`), zk.FlagEphemeral, zk.WorldACL(zk.PermAll))
	require.NoError(t, err)
	r.poke() // a full pass lists the directory
	apply(t, r, testWant(base, "web-blue.marathon-a"))
	c.WaitIDs([]string{"3f1c0b6e-legacy", "web-blue.marathon-a"}, 5*time.Second)

	// Nodes carry the realm's digest ACL, readable by anyone (ZooKeeper
	// shows the digest only to a client with ADMIN on the node).
	_, err = conn.Set(base+"/web/web-blue.marathon-a", []byte("{}"), -1)
	assert.ErrorIs(t, err, zk.ErrNoAuth, "anonymous clients cannot change a registration")
	require.NoError(t, conn.AddAuth("digest", []byte("yodel:s3cret")))
	acl, _, err := conn.GetACL(base + "/web/web-blue.marathon-a")
	require.NoError(t, err)
	assert.Equal(t, append(zk.DigestACL(zk.PermAll, "yodel", "s3cret"), zk.WorldACL(zk.PermRead)...), acl)
}

// TestRegistrationsSurviveSessionExpiry: a partition longer than the
// session timeout expires the session (ZooKeeper drops its nodes); the
// registrar re-registers everything on the new session by itself.
func TestRegistrationsSurviveSessionExpiry(t *testing.T) {
	cut := &zktest.Cutter{}
	r := newRegistrar(t, Options{Dialer: cut.Dial})
	base := freshBase()
	want := testWant(base, "web-blue.marathon-a", "web-blue.marathon-b")
	apply(t, r, want)
	c := curatortest.Start(t, zkSrv.Addr, base, "web")
	ch := c.Watch()
	c.WaitIDs([]string{"web-blue.marathon-a", "web-blue.marathon-b"}, 5*time.Second)

	cut.Cut()
	waitChange(t, ch, "", 10*time.Second) // expired: ZooKeeper removed them
	cut.Restore()
	c.WaitIDs([]string{"web-blue.marathon-a", "web-blue.marathon-b"}, 10*time.Second)
}

// TestRegistrationsSurviveZooKeeperRestart: ZooKeeper restarted (same data);
// the instances are there afterwards, whether the session survived or not.
func TestRegistrationsSurviveZooKeeperRestart(t *testing.T) {
	r := newRegistrar(t, Options{SessionTimeout: 4 * time.Second})
	base := freshBase()
	apply(t, r, testWant(base, "web-blue.marathon-a"))
	require.NoError(t, zkSrv.Restart())
	c := curatortest.Start(t, zkSrv.Addr, base, "web")
	c.WaitIDs([]string{"web-blue.marathon-a"}, 15*time.Second)
	// And the registrar still follows changes.
	apply(t, r, testWant(base, "web-blue.marathon-b"))
	assert.Equal(t, []string{"web-blue.marathon-b"}, c.Query())
}

// TestKilledAgentsInstancesTakenOver: an agent killed with -9 leaves its
// session to expire; a restarted agent wanting the same instances finds
// the nodes held by that session, counts them as registered and
// re-creates them the moment ZooKeeper removes them. An instance the old
// agent registered that is no longer wanted is removed at once.
func TestKilledAgentsInstancesTakenOver(t *testing.T) {
	cut := &zktest.Cutter{}
	old := newRegistrar(t, Options{Dialer: cut.Dial, SessionTimeout: 2 * time.Second})
	base := freshBase()
	apply(t, old, testWant(base, "web-blue.marathon-a", "web-blue.marathon-gone"))
	cut.Cut() // kill -9: no goodbye, the session lingers until it expires

	restarted := newRegistrar(t, Options{})
	apply(t, restarted, testWant(base, "web-blue.marathon-a"))
	restarted.poke()
	c := curatortest.Start(t, zkSrv.Addr, base, "web")
	c.WaitIDs([]string{"web-blue.marathon-a"}, 10*time.Second)

	// Once the old session has expired the node is the new agent's.
	conn, _, err := zk.Connect([]string{zkSrv.Addr}, 5*time.Second, zk.WithLogInfo(false))
	require.NoError(t, err)
	defer conn.Close()
	deadline := time.Now().Add(15 * time.Second)
	for {
		_, st, err := conn.Get(base + "/web/web-blue.marathon-a")
		if err == nil && st.EphemeralOwner == restarted.conn.SessionID() {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("node not re-registered by the restarted agent: %v %+v", err, st)
		}
		time.Sleep(50 * time.Millisecond) // polling the condition, bounded
	}
	assert.Equal(t, []string{"web-blue.marathon-a"}, c.Query())
}

func waitChange(t *testing.T, ch <-chan curatortest.Change, want string, timeout time.Duration) curatortest.Change {
	t.Helper()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	for {
		select {
		case c := <-ch:
			if strings.Join(c.IDs, ",") == want {
				return c
			}
		case <-timer.C:
			t.Fatalf("no Curator cache change to %q within %s", want, timeout)
		}
	}
}

// TestSwapNeverEmptiesACuratorCache: every instance of a service replaced
// in one Apply (a surge taking all traffic, or giving it back). A Curator
// client's cache removes a node as soon as it hears of the deletion but
// adds one only after reading its data, a round trip later: deleting the
// old nodes right after creating the new ones would leave its cache empty
// for that round trip, and ServiceProvider.getInstance would answer null.
// The client here hears of everything 30 ms late (a busy machine's JVM
// showed 27 ms); without Settle, 45-90 ms of a swap had no instance.
func TestSwapNeverEmptiesACuratorCache(t *testing.T) {
	zktest.Skip(t, zkErr)
	r := newRegistrar(t, Options{})
	base := freshBase()
	c := curatortest.Start(t, zktest.Lag(t, zkSrv.Addr, 30*time.Millisecond), base, "web")
	a := []string{"web-blue.marathon-a1", "web-blue.marathon-a2", "web-blue.marathon-a3"}
	b := []string{"web-green.marathon-b1", "web-green.marathon-b2", "web-green.marathon-b3"}
	apply(t, r, testWant(base, a...))
	c.WaitCached(a, 10*time.Second)
	for i := range 5 {
		done := c.Probe(time.Second)
		start := time.Now()
		apply(t, r, testWant(base, b...))
		took := time.Since(start)
		picks, none, first := done()
		require.Positive(t, picks)
		require.Zero(t, none, "swap %d: %d of %d picks found no instance, the first %s after the swap began",
			i, none, picks, first.Sub(start).Round(time.Millisecond))
		// The old instances went within Apply, after the settle wait.
		assert.GreaterOrEqual(t, took, DefaultSettle-10*time.Millisecond)
		c.WaitCached(b, 10*time.Second)
		a, b = b, a
	}
}
