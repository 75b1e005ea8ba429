package state

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Notification delivery state (pkg/notify). Every realm-configured
// receiver (a webhook, New Relic) has an outbox: when it was first seen
// (events from before are never sent to it) and one delivery record per
// event, pending until the receiver took it. The records live in the
// store so that whichever process delivers (the realm's `yodel server`,
// after a restart or a change of leader) resumes the pending ones and
// never sends a delivered one again.
//
// Layout, beside the existing keys (which do not change):
//
//	ZooKeeper  <root>/notifications/<receiver>        Outbox
//	           <root>/notifications/<receiver>/<id>   Delivery
//	file       <dir>/notifications/<receiver>.json
//	           <dir>/notifications/<receiver>/<id>.json
//
// Writes are compare-and-set on Rev, the record's revision: 0 creates
// (ErrConflict if the record exists), anything else must match the stored
// revision. The store sets Rev to the previous value plus one.

// OutboxRecordVersion is the schema version of Outbox and Delivery; a
// yodel that reads a newer one refuses to deliver from it rather than
// misread it.
const OutboxRecordVersion = 1

// Statuses of a delivery.
const (
	// DeliveryPending: not yet taken by the receiver; retried with backoff.
	DeliveryPending = "pending"
	// DeliveryDelivered: the receiver answered 2xx; never sent again.
	DeliveryDelivered = "delivered"
	// DeliveryFailed: given up after the receiver's retry window.
	DeliveryFailed = "failed"
)

// Outbox is one receiver's delivery state.
type Outbox struct {
	Version  int    `json:"version"`
	Receiver string `json:"receiver"`
	// Since: events that happened before it are not sent to this
	// receiver. It is when the receiver was first seen, and moves
	// forward when old deliveries are pruned, so that an event whose
	// delivery record is gone is never sent again.
	Since time.Time `json:"since"`
	Rev   Version   `json:"rev"`
}

// Delivery is one event's delivery to one receiver.
type Delivery struct {
	Version  int    `json:"version"`
	Receiver string `json:"receiver"`
	// ID is the event's stable id, also sent to the receiver as the
	// idempotency key.
	ID        string    `json:"id"`
	Service   string    `json:"service"`
	Kind      string    `json:"kind"`
	EventTime time.Time `json:"eventTime"`
	// Event is the event as it is sent (opaque to the store). It never
	// holds secrets.
	Event       json.RawMessage `json:"event"`
	Status      string          `json:"status"`
	Attempts    int             `json:"attempts"`
	LastAttempt time.Time       `json:"lastAttempt,omitzero"`
	NextAttempt time.Time       `json:"nextAttempt,omitzero"`
	LastError   string          `json:"lastError,omitempty"`
	Created     time.Time       `json:"created"`
	DeliveredAt time.Time       `json:"deliveredAt,omitzero"`
	Rev         Version         `json:"rev"`
}

// Outboxes is the notification delivery state of a realm; part of Store.
type Outboxes interface {
	// GetOutbox returns ErrNotFound when the receiver has none yet.
	GetOutbox(ctx context.Context, receiver string) (Outbox, error)
	// PutOutbox writes o if o.Rev is the stored revision (0: create) and
	// returns the new revision; otherwise ErrConflict.
	PutOutbox(ctx context.Context, o Outbox) (Version, error)
	// ListOutboxes returns every receiver's outbox, sorted by receiver.
	ListOutboxes(ctx context.Context) ([]Outbox, error)
	// PutDelivery writes d if d.Rev is the stored revision (0: create)
	// and returns the new revision; otherwise ErrConflict.
	PutDelivery(ctx context.Context, d Delivery) (Version, error)
	// ListDeliveries returns the receiver's deliveries sorted by event
	// time, then id.
	ListDeliveries(ctx context.Context, receiver string) ([]Delivery, error)
	// DeleteDelivery removes a delivery if rev is its stored revision.
	DeleteDelivery(ctx context.Context, receiver, id string, rev Version) error
}

var receiverName = serviceName

// CheckReceiver keeps receiver names safe as node and file names; the
// realm validates notification names with it.
func CheckReceiver(name string) error {
	if !receiverName.MatchString(name) {
		return &InvalidError{Field: "receiver name", Value: name, Reason: "use 1-63 lowercase letters, digits and '-', starting and ending with a letter or digit"}
	}
	return nil
}

var deliveryID = boundedName{agentID.re, 200}

func checkDeliveryID(id string) error {
	if !deliveryID.MatchString(id) {
		return &InvalidError{Field: "delivery id", Value: id, Reason: "use 1-200 letters, digits, '_', '.' and '-', starting and ending with a letter or digit"}
	}
	return nil
}

func checkDelivery(d Delivery) error {
	if err := CheckReceiver(d.Receiver); err != nil {
		return err
	}
	if err := checkDeliveryID(d.ID); err != nil {
		return err
	}
	switch d.Status {
	case DeliveryPending, DeliveryDelivered, DeliveryFailed:
	default:
		return &InvalidError{Field: "delivery status", Value: d.Status, Reason: "must be pending, delivered or failed"}
	}
	if len(d.Event) > 0 && !jsonValid(d.Event) {
		return &InvalidError{Field: "delivery event", Value: "(json)", Reason: "is not valid JSON"}
	}
	return nil
}

// revOf reads the revision of a stored outbox or delivery document.
func revOf(path string, data []byte) (Version, error) {
	var d struct {
		Version int     `json:"version"`
		Rev     Version `json:"rev"`
	}
	if err := decodeJSON(path, data, &d); err != nil {
		return 0, err
	}
	if d.Version > OutboxRecordVersion {
		return 0, &CorruptError{Path: path, Err: fmt.Errorf("schema version %d; this yodel knows up to %d: use a newer yodel", d.Version, OutboxRecordVersion)}
	}
	return d.Rev, nil
}

// casRev checks a write's expected revision against the stored one (0
// when absent).
func casRev(what string, have, expected Version) error {
	if have != expected {
		return fmt.Errorf("%s is at revision %d, not %d: %w", what, have, expected, ErrConflict)
	}
	return nil
}

func decodeOutbox(path, receiver string, data []byte) (Outbox, error) {
	var o Outbox
	if _, err := revOf(path, data); err != nil {
		return o, err
	}
	if err := decodeJSON(path, data, &o); err != nil {
		return o, err
	}
	if o.Receiver != receiver {
		return o, &CorruptError{Path: path, Err: fmt.Errorf("holds receiver %q, want %q", o.Receiver, receiver)}
	}
	return o, nil
}

func decodeDelivery(path, receiver, id string, data []byte) (Delivery, error) {
	var d Delivery
	if _, err := revOf(path, data); err != nil {
		return d, err
	}
	if err := decodeJSON(path, data, &d); err != nil {
		return d, err
	}
	if d.Receiver != receiver || d.ID != id {
		return d, &CorruptError{Path: path, Err: fmt.Errorf("holds delivery %s/%s, want %s/%s", d.Receiver, d.ID, receiver, id)}
	}
	return d, nil
}

// outboxesOf reads the outboxes of names, skipping what yodel never
// writes and receivers that have deliveries but no outbox yet.
func outboxesOf(ctx context.Context, names []string, get func(context.Context, string) (Outbox, error)) ([]Outbox, error) {
	slices.Sort(names)
	var out []Outbox
	for _, n := range names {
		if CheckReceiver(n) != nil {
			continue
		}
		o, err := get(ctx, n)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, nil
}

func sortDeliveries(ds []Delivery) {
	slices.SortFunc(ds, func(a, b Delivery) int {
		if c := a.EventTime.Compare(b.EventTime); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
}
