package debuglog

import (
	"context"
	"time"

	"github.com/yodeldeploy/yodel/pkg/state"
)

// The notification outboxes (state.Outboxes), logged like the rest; the
// receiver stands where a service would.

func (l *loggedStore) GetOutbox(ctx context.Context, receiver string) (state.Outbox, error) {
	t := time.Now()
	o, err := l.s.GetOutbox(ctx, receiver)
	done(ctx, "GetOutbox "+receiver, "", t, err)
	return o, err
}

func (l *loggedStore) PutOutbox(ctx context.Context, o state.Outbox) (state.Version, error) {
	t := time.Now()
	v, err := l.s.PutOutbox(ctx, o)
	done(ctx, "PutOutbox "+o.Receiver, "", t, err)
	return v, err
}

func (l *loggedStore) ListOutboxes(ctx context.Context) ([]state.Outbox, error) {
	t := time.Now()
	o, err := l.s.ListOutboxes(ctx)
	done(ctx, "ListOutboxes", "", t, err)
	return o, err
}

func (l *loggedStore) PutDelivery(ctx context.Context, d state.Delivery) (state.Version, error) {
	t := time.Now()
	v, err := l.s.PutDelivery(ctx, d)
	done(ctx, "PutDelivery "+d.Receiver, d.Service, t, err)
	return v, err
}

func (l *loggedStore) ListDeliveries(ctx context.Context, receiver string) ([]state.Delivery, error) {
	t := time.Now()
	d, err := l.s.ListDeliveries(ctx, receiver)
	done(ctx, "ListDeliveries "+receiver, "", t, err)
	return d, err
}

func (l *loggedStore) DeleteDelivery(ctx context.Context, receiver, id string, rev state.Version) error {
	t := time.Now()
	err := l.s.DeleteDelivery(ctx, receiver, id, rev)
	done(ctx, "DeleteDelivery "+receiver, "", t, err)
	return err
}
