package statetest

import (
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/yodeldeploy/yodel/pkg/state"
)

// testOutboxes: outboxes and deliveries are compare-and-set on Rev, listed
// in event order, survive a reopen, and of two writers creating one
// delivery exactly one wins (the notifier's exactly-once rests on it).
func testOutboxes(t *testing.T, h Harness) {
	ctx := ctxT(t)
	url := h.NewURL(t)
	s := h.Open(t, url)
	if _, err := s.GetOutbox(ctx, "hooks"); !errors.Is(err, state.ErrNotFound) {
		t.Fatalf("GetOutbox of a new realm: err = %v, want ErrNotFound", err)
	}
	if os, err := s.ListOutboxes(ctx); err != nil || len(os) != 0 {
		t.Fatalf("ListOutboxes of a new realm = %+v, %v", os, err)
	}
	since := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	rev, err := s.PutOutbox(ctx, state.Outbox{Receiver: "hooks", Since: since})
	if err != nil || rev != 1 {
		t.Fatalf("create outbox: rev %d, %v", rev, err)
	}
	if _, err := s.PutOutbox(ctx, state.Outbox{Receiver: "hooks", Since: since}); !errors.Is(err, state.ErrConflict) {
		t.Fatalf("second create of an outbox: err = %v, want ErrConflict", err)
	}
	if rev, err = s.PutOutbox(ctx, state.Outbox{Receiver: "hooks", Since: since.Add(time.Hour), Rev: 1}); err != nil || rev != 2 {
		t.Fatalf("update outbox: rev %d, %v", rev, err)
	}

	ev := json.RawMessage(`{"kind":"started"}`)
	mk := func(id string, at time.Time) state.Delivery {
		return state.Delivery{Receiver: "hooks", ID: id, Service: "web", Kind: "started", EventTime: at, Event: ev, Status: state.DeliveryPending, Created: at}
	}
	// Created out of event order: listed in event order.
	for i, id := range []string{"web.b.finished", "web.a.started"} {
		if _, err := s.PutDelivery(ctx, mk(id, since.Add(time.Duration(1-i)*time.Minute))); err != nil {
			t.Fatal(err)
		}
	}
	// Two writers create one delivery: exactly one wins.
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins := 0
	for range 4 {
		wg.Go(func() {
			if _, err := s.PutDelivery(ctx, mk("web.c.rolled-back", since.Add(2*time.Minute))); err == nil {
				mu.Lock()
				wins++
				mu.Unlock()
			} else if !errors.Is(err, state.ErrConflict) {
				t.Errorf("concurrent create: %v", err)
			}
		})
	}
	wg.Wait()
	if wins != 1 {
		t.Fatalf("%d concurrent creates of one delivery succeeded, want 1", wins)
	}

	s2 := h.Open(t, url) // another process's view
	ds, err := s2.ListDeliveries(ctx, "hooks")
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 3 || ds[0].ID != "web.a.started" || ds[1].ID != "web.b.finished" || ds[2].ID != "web.c.rolled-back" {
		t.Fatalf("deliveries = %+v, want a, b, c in event order", ds)
	}
	d := ds[0]
	if d.Rev != 1 || d.Version != state.OutboxRecordVersion || string(d.Event) != string(ev) || d.Status != state.DeliveryPending {
		t.Fatalf("stored delivery = %+v", d)
	}
	d.Status, d.Attempts, d.DeliveredAt = state.DeliveryDelivered, 1, since
	if rev, err := s2.PutDelivery(ctx, d); err != nil || rev != 2 {
		t.Fatalf("mark delivered: rev %d, %v", rev, err)
	}
	if _, err := s.PutDelivery(ctx, d); !errors.Is(err, state.ErrConflict) {
		t.Fatalf("write from a stale revision: err = %v, want ErrConflict", err)
	}
	if err := s.DeleteDelivery(ctx, "hooks", d.ID, 1); !errors.Is(err, state.ErrConflict) {
		t.Fatalf("delete at a stale revision: err = %v, want ErrConflict", err)
	}
	if err := s.DeleteDelivery(ctx, "hooks", d.ID, 2); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteDelivery(ctx, "hooks", d.ID, 2); !errors.Is(err, state.ErrNotFound) {
		t.Fatalf("delete of a deleted delivery: err = %v, want ErrNotFound", err)
	}
	// A delivery to a receiver without an outbox yet does not make one.
	if _, err := s.PutDelivery(ctx, state.Delivery{Receiver: "newrelic", ID: "web.a.started", Status: state.DeliveryPending}); err != nil {
		t.Fatal(err)
	}
	obs, err := s2.ListOutboxes(ctx)
	if err != nil || len(obs) != 1 || obs[0].Receiver != "hooks" || !obs[0].Since.Equal(since.Add(time.Hour)) || obs[0].Rev != 2 {
		t.Fatalf("outboxes = %+v, %v; want hooks at rev 2", obs, err)
	}
	for _, bad := range []state.Delivery{
		{Receiver: "Hooks", ID: "x", Status: state.DeliveryPending},
		{Receiver: "hooks", ID: "../x", Status: state.DeliveryPending},
		{Receiver: "hooks", ID: "x", Status: "sent"},
	} {
		var ie *state.InvalidError
		if _, err := s.PutDelivery(ctx, bad); !errors.As(err, &ie) {
			t.Errorf("PutDelivery(%+v): err = %v, want an InvalidError", bad, err)
		}
	}
}
