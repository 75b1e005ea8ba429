package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"time"

	"github.com/yodeldeploy/yodel/pkg/realm"
)

// Headers of a webhook request.
const (
	// HeaderSignature is "sha256=" and the hex HMAC-SHA256 of the body
	// with the receiver's secret (absent when it has none).
	HeaderSignature = "X-Yodel-Signature-256"
	// HeaderDelivery and HeaderIdempotency carry the event's stable id:
	// a receiver that sees an id again (yodel died between the
	// receiver's answer and recording it) drops the repeat.
	HeaderDelivery    = "X-Yodel-Delivery"
	HeaderIdempotency = "Idempotency-Key"
	// HeaderEvent is the event's kind.
	HeaderEvent = "X-Yodel-Event"
)

// Receiver takes events. Send returns nil once the receiver has taken
// the event; any error is retried with backoff.
type Receiver interface {
	Name() string
	// Wants reports whether the receiver takes events of kind.
	Wants(kind string) bool
	Send(ctx context.Context, e Event) error
}

// Webhook posts events as JSON (or Slack-shaped JSON) to a URL.
type Webhook struct {
	ReceiverName string
	URL          string
	// Events are the kinds sent; empty: all.
	Events []string
	Format string // realm.FormatJSON (default) or realm.FormatSlack
	// Secret signs the body (HeaderSignature); empty: unsigned.
	Secret  []byte
	Timeout time.Duration
	Client  *http.Client
}

func (w *Webhook) Name() string { return w.ReceiverName }

func (w *Webhook) Wants(kind string) bool {
	return len(w.Events) == 0 || slices.Contains(w.Events, kind)
}

// Body is what Send posts for e.
func (w *Webhook) Body(e Event) ([]byte, error) {
	if w.Format == realm.FormatSlack {
		return json.Marshal(slackMessage(e))
	}
	return json.Marshal(e)
}

// Sign is the HeaderSignature value of body under secret.
func Sign(secret, body []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// Verify checks a HeaderSignature value, in constant time; receivers
// written in Go can use it as it is.
func Verify(secret, body []byte, signature string) bool {
	return hmac.Equal([]byte(Sign(secret, body)), []byte(signature))
}

// StatusError is a receiver's answer other than 2xx.
type StatusError struct {
	Code int
	Body string
}

func (e *StatusError) Error() string {
	if e.Body == "" {
		return fmt.Sprintf("answered %d", e.Code)
	}
	return fmt.Sprintf("answered %d: %s", e.Code, e.Body)
}

func (w *Webhook) Send(ctx context.Context, e Event) error {
	body, err := w.Body(e)
	if err != nil {
		return err
	}
	timeout := w.Timeout
	if timeout <= 0 {
		timeout = realm.DefaultNotificationTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.URL, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "yodel-notify/1")
	req.Header.Set(HeaderEvent, e.Kind)
	req.Header.Set(HeaderDelivery, e.ID)
	req.Header.Set(HeaderIdempotency, e.ID)
	if len(w.Secret) > 0 {
		req.Header.Set(HeaderSignature, Sign(w.Secret, body))
	}
	c := w.Client
	if c == nil {
		c = http.DefaultClient
	}
	resp, err := c.Do(req)
	if err != nil {
		if ctx.Err() == context.DeadlineExceeded {
			return fmt.Errorf("no answer within %s", timeout)
		}
		return err
	}
	defer resp.Body.Close()
	snippet, _ := io.ReadAll(io.LimitReader(resp.Body, 200))
	if resp.StatusCode/100 != 2 {
		return &StatusError{Code: resp.StatusCode, Body: string(bytes.TrimSpace(snippet))}
	}
	return nil
}

// slackMessage is the event as a Slack incoming webhook takes it: text
// for notifications and clients without blocks, blocks for the channel.
func slackMessage(e Event) map[string]any {
	icon := map[string]string{KindStarted: ":rocket:", KindStepReached: ":arrow_forward:", KindWaitingForGate: ":raised_hand:",
		KindPromoted: ":white_check_mark:", KindJudgementFailed: ":x:", KindRolledBack: ":leftwards_arrow_with_hook:", KindFinished: ":checkered_flag:"}[e.Kind]
	fields := []map[string]any{
		{"type": "mrkdwn", "text": "*Service*\n" + e.Service},
		{"type": "mrkdwn", "text": "*Release*\n" + orDash(e.Release)},
	}
	if e.Realm != "" {
		fields = append(fields, map[string]any{"type": "mrkdwn", "text": "*Realm*\n" + e.Realm})
	}
	if e.Step != "" {
		fields = append(fields, map[string]any{"type": "mrkdwn", "text": "*Step*\n" + e.Step})
	}
	return map[string]any{
		"text": icon + " " + e.Text,
		"blocks": []map[string]any{
			{"type": "section", "text": map[string]any{"type": "mrkdwn", "text": icon + " " + e.Text}},
			{"type": "section", "fields": fields},
			{"type": "context", "elements": []map[string]any{{"type": "mrkdwn", "text": "event " + e.ID}}},
		},
	}
}
