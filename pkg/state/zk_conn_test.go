package state

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/yodeldeploy/yodel/pkg/state/zktest"
)

func uniqueZKRoot(what string) string {
	return fmt.Sprintf("/yodel/%s-%d", what, time.Now().UnixNano())
}

// A ZooKeeper that accepts connections but is slow to grant a session (a
// JVM on a busy host, or one still loading its data after a restart) is
// waited for past ConnectTimeout, which only bounds a realm where no member
// accepts a connection.
func TestZKOpenWaitsForASlowSession(t *testing.T) {
	t.Parallel()
	zktest.Skip(t, TestZKErr)
	p := startZKProxy(t, TestZK.Addr)
	p.DelayConnect(1500 * time.Millisecond)
	url := "zk://" + p.Addr() + uniqueZKRoot("slow")
	st, err := Open(context.Background(), url, Options{SessionTimeout: 10 * time.Second, ConnectTimeout: 500 * time.Millisecond})
	if err != nil {
		t.Fatalf("Open through a ZooKeeper granting sessions 1.5s late (ConnectTimeout 500ms) = %v, want a store", err)
	}
	defer st.Close()
	if _, err := st.ListAgents(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// A server that accepts connections and never grants a session is given up
// at SessionGrantTimeout, with a message that says so.
func TestZKOpenGivesUpOnAServerGrantingNoSession(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		var held []net.Conn // accepted, never read nor answered
		defer func() {
			for _, c := range held {
				c.Close()
			}
		}()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			held = append(held, c)
		}
	}()
	url := "zk://" + ln.Addr().String() + "/yodel/silent"
	start := time.Now()
	_, err = Open(context.Background(), url, Options{ConnectTimeout: 300 * time.Millisecond, SessionGrantTimeout: 1500 * time.Millisecond})
	took := time.Since(start)
	var ue *UnreachableError
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), "accepted connections but granted no session") || !strings.Contains(err.Error(), url) {
		t.Fatalf("Open(server granting no session) = %v, want *UnreachableError naming %s and saying it granted no session", err, url)
	}
	if took < 1500*time.Millisecond {
		t.Fatalf("Open gave up after %s, before SessionGrantTimeout (1.5s), on a server that accepts connections", took)
	}
}

// A connection that goes on answering pings but none of the requests (the
// client would keep it for ever) is dropped, and the session resumes on a
// new one: the agent's registration, locks and watches live on.
func TestZKSessionAnsweringNoRequestIsReconnected(t *testing.T) {
	t.Parallel()
	zktest.Skip(t, TestZKErr)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	p, url, s, sess := agentThroughProxy(ctx, t, "silent-session", 1500*time.Millisecond)
	session := s.conn.SessionID()

	p.SwallowRequests()
	ackInSession(ctx, t, s, sess, session, "the connection stopped answering requests", s.requestPatience())
	other, err := Open(ctx, TestZK.URL(strings.TrimPrefix(url, "zk://"+p.Addr())), Options{SessionTimeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	agents, err := other.ListAgents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(agents) != 1 || agents[0].Applied["web"] != 3 {
		t.Fatalf("agents seen by another client: %+v, want lb-a with web at 3", agents)
	}
}

// A connection whose session request is never answered (made while
// ZooKeeper was starting, after a restart) is dropped and dialled again in
// time for the session to resume: the client alone would wait for the
// answer ten times its receive timeout, long after the server expired the
// session and the agent's node with it.
func TestZKUnansweredSessionRequestIsRedialled(t *testing.T) {
	t.Parallel()
	zktest.Skip(t, TestZKErr)
	ctx, cancel := context.WithTimeout(context.Background(), 45*time.Second)
	defer cancel()
	p, _, s, sess := agentThroughProxy(ctx, t, "unanswered-handshake", 16*time.Second)
	session := s.conn.SessionID()

	p.StallNext(1, time.Minute)
	p.Cut()
	ackInSession(ctx, t, s, sess, session, "the connection was cut and the next one got no session", s.handshakePatience())
	agents, err := s.ListAgents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(agents) != 1 || agents[0].Applied["web"] != 3 {
		t.Fatalf("agents: %+v, want lb-a with web at 3", agents)
	}
}

// ackInSession acknowledges web at 3 after a fault (what) and checks that
// it went through in the same session: one replaced would have taken the
// agent's node and any lock with it.
func ackInSession(ctx context.Context, t *testing.T, s *zkStore, sess AgentSession, session int64, what string, patience time.Duration) {
	t.Helper()
	start := time.Now()
	if err := sess.Ack(ctx, "web", 3); err != nil {
		t.Fatalf("ack after %s: %v (after %s)", what, err, time.Since(start).Round(time.Millisecond))
	}
	t.Logf("acknowledged %s after %s (patience %s)", time.Since(start).Round(time.Millisecond), what, patience)
	if got := s.conn.SessionID(); got != session {
		t.Fatalf("session %#x replaced by %#x after %s: the agent's node and any lock went with it", session, got, what)
	}
}

// agentThroughProxy opens a store on TestZK through a zkProxy, at a root of
// its own, and registers agent lb-a in it.
func agentThroughProxy(ctx context.Context, t *testing.T, what string, session time.Duration) (*zkProxy, string, *zkStore, AgentSession) {
	t.Helper()
	p := startZKProxy(t, TestZK.Addr)
	url := "zk://" + p.Addr() + uniqueZKRoot(what)
	st, err := Open(ctx, url, Options{SessionTimeout: session})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	s := st.(*zkStore)
	sess, err := s.RegisterAgent(ctx, Agent{ID: "lb-a", Address: "127.0.0.1:1"})
	if err != nil {
		t.Fatal(err)
	}
	return p, url, s, sess
}
