package marathon

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/yodeldeploy/yodel/pkg/retry"
)

// streamBackoff paces reconnecting the event stream after every URL failed
// once.
var streamBackoff = retry.Backoff{Min: 100 * time.Millisecond, Max: 5 * time.Second}

// Events subscribes to /v2/events and returns decoded events of the given
// types (all types when none), plus the pseudo-events EventStreamDown and
// EventResync, which are always delivered. The first connection is made
// before Events returns and its failure is returned (all URLs down, refused
// credentials). Afterwards a broken stream is reconnected, trying the next
// URL first (a failed leader is the usual cause), then every URL with a
// backoff; a non-leader's redirect to the leader is followed. The channel is
// closed when ctx ends.
func (c *Client) Events(ctx context.Context, types ...string) (<-chan Event, error) {
	s := &stream{c: c, types: types}
	cur, idx, err := s.connectAll(ctx, 0)
	if err != nil {
		return nil, err
	}
	ch := make(chan Event, 256)
	go s.run(ctx, ch, cur, idx)
	return ch, nil
}

// watchEvents is Events for consumers that poll while the stream is down:
// it never fails, reports the first connection failure as EventStreamDown,
// and sends EventResync on every connection, the first included, so the
// consumer re-reads whatever happened before the stream was attached.
func (c *Client) watchEvents(ctx context.Context, types ...string) <-chan Event {
	s := &stream{c: c, types: types, resyncFirst: true}
	ch := make(chan Event, 256)
	go s.run(ctx, ch, nil, -1)
	return ch
}

type stream struct {
	c           *Client
	types       []string
	resyncFirst bool
}

// conn is one open event stream.
type conn struct {
	url    string
	body   io.ReadCloser
	cancel context.CancelFunc
	idle   *time.Timer
	idled  atomic.Bool
}

// Read reads the stream, naming the idle timeout when it cut the stream.
func (cn *conn) Read(p []byte) (int, error) {
	n, err := cn.body.Read(p)
	if err != nil && cn.idled.Load() {
		return n, errors.New("no data, not even a heartbeat, within the idle timeout")
	}
	return n, err
}

func (cn *conn) close() {
	cn.idle.Stop()
	cn.cancel()
	cn.body.Close()
}

func (s *stream) run(ctx context.Context, ch chan<- Event, cur *conn, idx int) {
	defer close(ch)
	send := func(ev Event) bool {
		select {
		case ch <- ev:
			return true
		case <-ctx.Done():
			return false
		}
	}
	failures := 0
	downReported := false
	lastErr := ""
	for {
		if cur == nil {
			var err error
			cur, idx, err = s.connectAll(ctx, idx+1)
			if err != nil {
				if ctx.Err() != nil {
					return
				}
				if !downReported {
					downReported = true
					if !send(Event{Type: EventStreamDown, Timestamp: time.Now(), Stream: &StreamChange{Reason: err.Error()}}) {
						return
					}
				}
				failures++
				wait := streamBackoff.Delay(failures)
				s.c.log.Warn("marathon event stream: every URL failed, retrying", "in", wait, "err", err)
				select {
				case <-time.After(wait):
				case <-ctx.Done():
					return
				}
				continue
			}
			failures = 0
			downReported = false
			if lastErr != "" || s.resyncFirst {
				reason := "connected"
				if lastErr != "" {
					reason = "reconnected after: " + lastErr
				}
				if !send(Event{Type: EventResync, Timestamp: time.Now(), Stream: &StreamChange{URL: cur.url, Reason: reason}}) {
					cur.close()
					return
				}
			}
		}
		err := s.read(ctx, cur, send)
		cur.close()
		cur = nil
		if ctx.Err() != nil {
			return
		}
		if errors.Is(err, io.EOF) {
			err = errors.New("closed by Marathon")
		}
		lastErr = err.Error()
		s.c.log.Warn("marathon event stream broke, reconnecting", "err", err)
		downReported = true
		if !send(Event{Type: EventStreamDown, Timestamp: time.Now(), Stream: &StreamChange{Reason: lastErr}}) {
			return
		}
	}
}

// read delivers events from cn until it breaks.
func (s *stream) read(ctx context.Context, cn *conn, send func(Event) bool) error {
	sr := newSSEReader(cn, s.c.maxLine)
	for {
		f, err := sr.next()
		if err != nil {
			return err
		}
		if f.tooLong {
			s.c.log.Warn("marathon event stream: dropped an event longer than the cap", "event", f.event, "max_bytes", s.c.maxLine)
			if !send(Event{Type: EventResync, Timestamp: time.Now(), Stream: &StreamChange{URL: cn.url, Reason: fmt.Sprintf("dropped a %s event longer than %d bytes", f.event, s.c.maxLine)}}) {
				return ctx.Err()
			}
			continue
		}
		ev, err := DecodeEvent(f.event, f.data)
		if err != nil {
			s.c.log.Warn("marathon event stream: dropped an undecodable event", "err", err)
			if !send(Event{Type: EventResync, Timestamp: time.Now(), Stream: &StreamChange{URL: cn.url, Reason: "dropped an undecodable event: " + err.Error()}}) {
				return ctx.Err()
			}
			continue
		}
		if !s.wants(ev.Type) {
			continue
		}
		if !send(ev) {
			return ctx.Err()
		}
	}
}

func (s *stream) wants(t string) bool {
	if len(s.types) == 0 {
		return true
	}
	for _, w := range s.types {
		if w == t {
			return true
		}
	}
	return false
}

// connectAll tries every member once, starting at start.
func (s *stream) connectAll(ctx context.Context, start int) (*conn, int, error) {
	n := len(s.c.members)
	var attempts []Attempt
	var authErr error
	for i := range n {
		idx := ((start+i)%n + n) % n
		m := s.c.members[idx]
		cn, err := s.connect(ctx, m)
		if err == nil {
			return cn, idx, nil
		}
		if ctx.Err() != nil {
			return nil, 0, ctx.Err()
		}
		var ae *AuthError
		if errors.As(err, &ae) {
			authErr = err
		}
		attempts = append(attempts, Attempt{URL: m.String(), Err: err})
	}
	if authErr != nil {
		return nil, 0, authErr
	}
	return nil, 0, &UnreachableError{Method: http.MethodGet, Path: "/v2/events", Attempts: attempts}
}

// connect opens the stream on m, following up to 3 redirects (a non-leader
// answers /v2/events with a 302 to the leader).
func (s *stream) connect(ctx context.Context, m *member) (*conn, error) {
	q := url.Values{}
	for _, t := range s.types {
		q.Add("event_type", t)
	}
	target := s.c.endpoint(m, "/v2/events", q)
	cctx, cancel := context.WithCancel(ctx)
	for range 4 {
		req, err := http.NewRequestWithContext(cctx, http.MethodGet, target, nil)
		if err != nil {
			cancel()
			return nil, err
		}
		// Marathon (Jetty's EventSourceServlet) answers 405 to anything else.
		req.Header.Set("Accept", "text/event-stream")
		if s.c.auth != nil {
			s.c.auth.apply(req.Header)
		}
		timer := time.AfterFunc(s.c.timeout, cancel)
		resp, err := s.c.stream.Do(req)
		if !timer.Stop() {
			if err == nil {
				resp.Body.Close()
			}
			cancel()
			return nil, fmt.Errorf("no answer within %s", s.c.timeout)
		}
		if err != nil {
			cancel()
			return nil, unwrapURLError(err)
		}
		switch {
		case resp.StatusCode == http.StatusOK:
			ct := resp.Header.Get("Content-Type")
			if !strings.HasPrefix(ct, "text/event-stream") {
				resp.Body.Close()
				cancel()
				return nil, fmt.Errorf("answered with Content-Type %q, not an event stream", ct)
			}
			cn := &conn{url: target, body: resp.Body, cancel: cancel}
			idle := s.c.idle
			cn.idle = time.AfterFunc(idle, func() { cn.idled.Store(true); cancel() })
			cn.body = &idleBody{ReadCloser: resp.Body, t: cn.idle, d: idle}
			return cn, nil
		case resp.StatusCode >= 300 && resp.StatusCode < 400 && resp.Header.Get("Location") != "":
			resp.Body.Close()
			next, err := s.c.redirectTarget(target, resp.Header.Get("Location"))
			if err != nil {
				cancel()
				return nil, err
			}
			s.c.log.Debug("marathon event stream redirected", "from", target, "to", next)
			target = next
			continue
		default:
			body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
			resp.Body.Close()
			cancel()
			if resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden {
				return nil, &AuthError{URL: m.String(), Method: http.MethodGet, Path: "/v2/events", Status: resp.StatusCode, Message: bodyMessage(body), Credential: describeAuth(s.c.auth), hasAuth: s.c.auth != nil}
			}
			return nil, fmt.Errorf("%d %s: %s", resp.StatusCode, http.StatusText(resp.StatusCode), bodyMessage(body))
		}
	}
	cancel()
	return nil, errors.New("too many redirects")
}

// idleBody pushes the idle deadline back on every read.
type idleBody struct {
	io.ReadCloser
	t *time.Timer
	d time.Duration
}

func (b *idleBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if n > 0 {
		b.t.Reset(b.d)
	}
	return n, err
}
