package state

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path"

	"github.com/yodeldeploy/yodel/third_party/zk"
)

// ---- notification outboxes (outbox.go) ----

func (s *zkStore) outboxesPath() string                    { return s.root + "/notifications" }
func (s *zkStore) outboxPath(receiver string) string       { return s.outboxesPath() + "/" + receiver }
func (s *zkStore) deliveryPath(receiver, id string) string { return s.outboxPath(receiver) + "/" + id }

// putRev writes the node at p when expected is the revision of the
// document it holds (0: absent or empty), with Rev set to the next one.
// The node's own version guards the write. When the connection drops
// mid-write the outcome is unknown: it re-reads, and counts the write as
// done if the node holds exactly what was sent.
func (s *zkStore) putRev(ctx context.Context, what, p string, expected Version, set func(next Version) ([]byte, error)) (Version, error) {
	for {
		cur, err := s.get(ctx, p)
		exists := err == nil
		if err != nil && !errors.Is(err, zk.ErrNoNode) {
			return 0, s.wrap("read", p, err)
		}
		var have Version
		if exists && len(cur.data) > 0 {
			if have, err = revOf(p, cur.data); err != nil {
				return 0, err
			}
		}
		if err := casRev(what, have, expected); err != nil {
			return 0, err
		}
		next := have + 1
		data, err := set(next)
		if err != nil {
			return 0, err
		}
		if exists {
			_, err = once(ctx, s, func() (*zk.Stat, error) { return s.conn.Set(p, data, cur.stat.Version) })
		} else {
			if err := s.ensurePath(ctx, path.Dir(p)); err != nil {
				return 0, err
			}
			_, err = once(ctx, s, func() (string, error) { return s.conn.Create(p, data, 0, s.acl) })
		}
		switch {
		case err == nil:
			return next, nil
		case errors.Is(err, zk.ErrNodeExists), errors.Is(err, zk.ErrBadVersion):
			return 0, fmt.Errorf("%s changed concurrently: %w", what, ErrConflict)
		case !retryable(err):
			return 0, s.wrap("write", p, err)
		}
		after, err := s.get(ctx, p)
		switch {
		case errors.Is(err, zk.ErrNoNode) && !exists:
			continue // the create did not land
		case err != nil && !errors.Is(err, zk.ErrNoNode):
			return 0, s.wrap("read", p, err)
		case err == nil && bytes.Equal(after.data, data):
			return next, nil
		case err == nil && exists && after.stat.Version == cur.stat.Version:
			continue // the set did not land
		}
		return 0, fmt.Errorf("%s changed concurrently: %w", what, ErrConflict)
	}
}

func (s *zkStore) GetOutbox(ctx context.Context, receiver string) (Outbox, error) {
	if err := CheckReceiver(receiver); err != nil {
		return Outbox{}, err
	}
	p := s.outboxPath(receiver)
	d, err := s.get(ctx, p)
	if errors.Is(err, zk.ErrNoNode) || (err == nil && len(d.data) == 0) {
		// An empty node was made as the parent of a delivery.
		return Outbox{}, fmt.Errorf("outbox of receiver %s: %w", receiver, ErrNotFound)
	}
	if err != nil {
		return Outbox{}, s.wrap("read", p, err)
	}
	return decodeOutbox(p, receiver, d.data)
}

func (s *zkStore) PutOutbox(ctx context.Context, o Outbox) (Version, error) {
	if err := CheckReceiver(o.Receiver); err != nil {
		return 0, err
	}
	return s.putRev(ctx, "outbox of receiver "+o.Receiver, s.outboxPath(o.Receiver), o.Rev, func(next Version) ([]byte, error) {
		o.Version, o.Rev = OutboxRecordVersion, next
		return json.Marshal(o)
	})
}

func (s *zkStore) ListOutboxes(ctx context.Context) ([]Outbox, error) {
	names, err := s.children(ctx, s.outboxesPath())
	if errors.Is(err, zk.ErrNoNode) {
		return nil, nil
	}
	if err != nil {
		return nil, s.wrap("list", s.outboxesPath(), err)
	}
	return outboxesOf(ctx, names, s.GetOutbox)
}

func (s *zkStore) PutDelivery(ctx context.Context, d Delivery) (Version, error) {
	if err := checkDelivery(d); err != nil {
		return 0, err
	}
	return s.putRev(ctx, "delivery "+d.ID+" to "+d.Receiver, s.deliveryPath(d.Receiver, d.ID), d.Rev, func(next Version) ([]byte, error) {
		d.Version, d.Rev = OutboxRecordVersion, next
		return json.Marshal(d)
	})
}

func (s *zkStore) ListDeliveries(ctx context.Context, receiver string) ([]Delivery, error) {
	if err := CheckReceiver(receiver); err != nil {
		return nil, err
	}
	dir := s.outboxPath(receiver)
	ids, err := s.children(ctx, dir)
	if errors.Is(err, zk.ErrNoNode) {
		return nil, nil
	}
	if err != nil {
		return nil, s.wrap("list", dir, err)
	}
	out := make([]Delivery, 0, len(ids))
	for _, id := range ids {
		if checkDeliveryID(id) != nil {
			continue
		}
		p := s.deliveryPath(receiver, id)
		n, err := s.get(ctx, p)
		if errors.Is(err, zk.ErrNoNode) {
			continue // deleted while listing
		}
		if err != nil {
			return nil, s.wrap("read", p, err)
		}
		d, err := decodeDelivery(p, receiver, id, n.data)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	sortDeliveries(out)
	return out, nil
}

func (s *zkStore) DeleteDelivery(ctx context.Context, receiver, id string, rev Version) error {
	if err := CheckReceiver(receiver); err != nil {
		return err
	}
	if err := checkDeliveryID(id); err != nil {
		return err
	}
	p := s.deliveryPath(receiver, id)
	what := "delivery " + id + " to " + receiver
	cur, err := s.get(ctx, p)
	if errors.Is(err, zk.ErrNoNode) {
		return fmt.Errorf("%s: %w", what, ErrNotFound)
	}
	if err != nil {
		return s.wrap("read", p, err)
	}
	have, err := revOf(p, cur.data)
	if err != nil {
		return err
	}
	if err := casRev(what, have, rev); err != nil {
		return err
	}
	_, err = retry(ctx, s, func() (struct{}, error) { return struct{}{}, s.conn.Delete(p, cur.stat.Version) })
	switch {
	case err == nil, errors.Is(err, zk.ErrNoNode): // gone: our retried delete
		return nil
	case errors.Is(err, zk.ErrBadVersion):
		return fmt.Errorf("%s changed concurrently: %w", what, ErrConflict)
	}
	return s.wrap("delete", p, err)
}
