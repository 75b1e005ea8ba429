package state

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// ---- notification outboxes (outbox.go) ----

func (s *fileStore) outboxesDir() string { return filepath.Join(s.dir, "notifications") }
func (s *fileStore) outboxPath(receiver string) string {
	return filepath.Join(s.outboxesDir(), receiver+".json")
}
func (s *fileStore) deliveriesDir(receiver string) string {
	return filepath.Join(s.outboxesDir(), receiver)
}
func (s *fileStore) deliveryPath(receiver, id string) string {
	return filepath.Join(s.deliveriesDir(receiver), id+".json")
}

// putRev writes the document at p under the mutex when expected is its
// stored revision, with Rev set to the next one (set(next) marshals it).
func (s *fileStore) putRev(what, p string, expected Version, set func(next Version) ([]byte, error)) (Version, error) {
	var next Version
	err := s.withMutex(func() error {
		b, err := readFile(p)
		if err != nil {
			return err
		}
		var have Version
		if b != nil {
			if have, err = revOf(p, b); err != nil {
				return err
			}
		}
		if err := casRev(what, have, expected); err != nil {
			return err
		}
		next = have + 1
		data, err := set(next)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			return err
		}
		return writeAtomic(p, data)
	})
	return next, err
}

func (s *fileStore) GetOutbox(ctx context.Context, receiver string) (Outbox, error) {
	if err := CheckReceiver(receiver); err != nil {
		return Outbox{}, err
	}
	if err := s.check(); err != nil {
		return Outbox{}, err
	}
	p := s.outboxPath(receiver)
	b, err := readFile(p)
	if err != nil {
		return Outbox{}, err
	}
	if b == nil {
		return Outbox{}, fmt.Errorf("outbox of receiver %s: %w", receiver, ErrNotFound)
	}
	return decodeOutbox(p, receiver, b)
}

func (s *fileStore) PutOutbox(ctx context.Context, o Outbox) (Version, error) {
	if err := CheckReceiver(o.Receiver); err != nil {
		return 0, err
	}
	if err := s.check(); err != nil {
		return 0, err
	}
	return s.putRev("outbox of receiver "+o.Receiver, s.outboxPath(o.Receiver), o.Rev, func(next Version) ([]byte, error) {
		o.Version, o.Rev = OutboxRecordVersion, next
		return json.Marshal(o)
	})
}

func (s *fileStore) ListOutboxes(ctx context.Context) ([]Outbox, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	names, err := listJSON(s.outboxesDir())
	if err != nil {
		return nil, err
	}
	return outboxesOf(ctx, names, s.GetOutbox)
}

func (s *fileStore) PutDelivery(ctx context.Context, d Delivery) (Version, error) {
	if err := checkDelivery(d); err != nil {
		return 0, err
	}
	if err := s.check(); err != nil {
		return 0, err
	}
	return s.putRev("delivery "+d.ID+" to "+d.Receiver, s.deliveryPath(d.Receiver, d.ID), d.Rev, func(next Version) ([]byte, error) {
		d.Version, d.Rev = OutboxRecordVersion, next
		return json.Marshal(d)
	})
}

func (s *fileStore) ListDeliveries(ctx context.Context, receiver string) ([]Delivery, error) {
	if err := CheckReceiver(receiver); err != nil {
		return nil, err
	}
	if err := s.check(); err != nil {
		return nil, err
	}
	ids, err := listJSON(s.deliveriesDir(receiver))
	if err != nil {
		return nil, err
	}
	out := make([]Delivery, 0, len(ids))
	for _, id := range ids {
		p := s.deliveryPath(receiver, id)
		b, err := readFile(p)
		if err != nil {
			return nil, err
		}
		if b == nil {
			continue // deleted while listing
		}
		d, err := decodeDelivery(p, receiver, id, b)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	sortDeliveries(out)
	return out, nil
}

func (s *fileStore) DeleteDelivery(ctx context.Context, receiver, id string, rev Version) error {
	if err := CheckReceiver(receiver); err != nil {
		return err
	}
	if err := checkDeliveryID(id); err != nil {
		return err
	}
	if err := s.check(); err != nil {
		return err
	}
	p := s.deliveryPath(receiver, id)
	return s.withMutex(func() error {
		b, err := readFile(p)
		if err != nil {
			return err
		}
		if b == nil {
			return fmt.Errorf("delivery %s to %s: %w", id, receiver, ErrNotFound)
		}
		have, err := revOf(p, b)
		if err != nil {
			return err
		}
		if err := casRev("delivery "+id+" to "+receiver, have, rev); err != nil {
			return err
		}
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		return nil
	})
}
