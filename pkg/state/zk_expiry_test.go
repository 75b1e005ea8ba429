package state

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/yodeldeploy/yodel/pkg/state/zktest"
)

func waitCond(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s did not happen within 15s", what)
		}
		time.Sleep(20 * time.Millisecond) // poll interval of a condition with a deadline
	}
}

// A session that expires while cut off: the lock is reported lost and not
// re-taken, the agent re-registers with its acks, and the watch re-reads
// what changed meanwhile.
func TestZKSessionExpiry(t *testing.T) {
	zktest.Skip(t, TestZKErr)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	url := TestZK.URL(fmt.Sprintf("/yodel/expiry-%d", time.Now().UnixNano()))
	cut := &zktest.Cutter{}
	s, err := Open(ctx, url, Options{SessionTimeout: time.Second, ZKDialer: cut.Dial})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	other, err := Open(ctx, url, Options{SessionTimeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()

	sess, err := s.RegisterAgent(ctx, Agent{ID: "lb-x", Address: "127.0.0.1:1"})
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.Ack(ctx, "web", 7); err != nil {
		t.Fatal(err)
	}
	lock, err := s.Lock(ctx, "web", Holder{User: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	ch, err := s.WatchRouting(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	seen := map[string]int64{}
	go func() {
		for ev := range ch {
			mu.Lock()
			if ev.Err == nil {
				seen[ev.Service] = ev.Routing.Generation
			}
			mu.Unlock()
		}
	}()
	seenGen := func(svc string, gen int64) func() bool {
		return func() bool { mu.Lock(); defer mu.Unlock(); return seen[svc] == gen }
	}
	v, err := other.PutRouting(ctx, Routing{Service: "web", Stable: "/web-blue"}, NoVersion)
	if err != nil {
		t.Fatal(err)
	}
	waitCond(t, "watch seeing generation 1", seenGen("web", int64(v)))

	cut.Cut()
	waitCond(t, "the store reporting the lost connection", func() bool {
		err := s.(Connectivity).ConnError()
		var ue *UnreachableError
		return errors.As(err, &ue) && ue.URL == url
	})
	select {
	case <-lock.Lost():
	case <-time.After(15 * time.Second):
		t.Fatal("lock not reported lost after being cut off longer than the session timeout")
	}
	waitCond(t, "server expiring the agent", func() bool {
		a, err := other.ListAgents(ctx)
		return err == nil && len(a) == 0
	})
	var l2 Lock
	waitCond(t, "lock freed by the expired session", func() bool {
		l2, err = other.Lock(ctx, "web", Holder{User: "bob"})
		return err == nil
	})
	v2, err := other.PutRouting(ctx, Routing{Service: "web", Stable: "/web-green"}, v)
	if err != nil {
		t.Fatal(err)
	}

	cut.Restore()
	waitCond(t, "agent re-registering with its acks", func() bool {
		a, err := other.ListAgents(ctx)
		return err == nil && len(a) == 1 && a[0].ID == "lb-x" && a[0].Applied["web"] == 7
	})
	waitCond(t, "watch re-reading after expiry", seenGen("web", int64(v2)))
	if err := s.(Connectivity).ConnError(); err != nil {
		t.Errorf("reconnected store still reports %v", err)
	}

	// Never re-taken silently: bob still holds it, and alice's Release
	// leaves bob's lock alone.
	if err := lock.Release(ctx); err != nil {
		t.Fatal(err)
	}
	_, err = s.Lock(ctx, "web", Holder{User: "carol"})
	var le *LockedError
	if !errors.As(err, &le) || le.Holder.User != "bob" {
		t.Fatalf("lock after alice's release = %v, want held by bob", err)
	}
	if err := l2.Release(ctx); err != nil {
		t.Fatal(err)
	}
	if err := sess.Close(ctx); err != nil {
		t.Fatal(err)
	}
}
