// Package notify tells people and systems what rollouts do: realm-configured
// webhooks (JSON or Slack-shaped, HMAC-SHA256 signed) and New Relic
// change-tracking deployment markers. The realm's `yodel server` runs a
// Worker while it leads. See docs/notifications.md.
//
// # Events come from the store, not from whoever drives
//
// Events are derived from durable records only: a canary's rollout record
// (in its routing state) and the services' history records. A CLI, a
// server, or a resume after a crash all write the same records, so the
// events are the same whoever drives, and a restarted worker derives
// exactly the events it derived before, with the same ids
// (service.rollout.kind[.step]).
//
// # Exactly once
//
// Each event becomes one delivery record per receiver (state.Outboxes),
// created with compare-and-set: of any number of derivations, one
// creates it. A delivery is sent, then marked delivered; a delivered
// one is never sent again. The order is at-least-once by choice: marking
// first would lose the event when the process died before sending. The
// one window for a repeat is a process killed after the receiver
// answered 2xx and before the mark was written (one store write); every
// request carries the event id (Idempotency-Key, X-Yodel-Delivery) so
// that a receiver drops the repeat. A worker stopped through its context
// finishes the request under way and records its outcome before Run
// returns, so a stop and restart repeats nothing.
//
// # Failures
//
// Each receiver has its own queue, sent in event order one at a time: a
// slow receiver (timeout per request) or a failing one (retried with
// exponential backoff and jitter, capped; given up after GiveUpAfter)
// never delays another receiver, and never a rollout, which does not
// wait for notifications at all.
package notify
