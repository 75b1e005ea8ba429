// Package debuglog is yodel's --debug request log: one line on stderr per
// Marathon, state-store and lb-agent call, with every secret redacted.
//
// It is process-wide on purpose. --debug (or YODEL_DEBUG) is a property of
// the whole run, and the clients that log through it are built in many
// places (commands, the canary driver, the drain), none of which should
// have to carry a logger just for this. Off, Logger discards at no cost.
package debuglog

import (
	"context"
	"io"
	"log/slog"
	"net/url"
	"regexp"
	"sync/atomic"
)

var current atomic.Pointer[slog.Logger]

var discard = slog.New(slog.DiscardHandler)

// Enable sends the request log to w (nil turns it off) and returns a
// function that restores the previous logger, for tests.
func Enable(w io.Writer) (restore func()) {
	prev := current.Load()
	if w == nil {
		current.Store(nil)
	} else {
		current.Store(New(w))
	}
	return func() { current.Store(prev) }
}

// Enabled reports whether --debug is on.
func Enabled() bool { return current.Load() != nil }

// Logger is the request log, or a logger that discards everything.
func Logger() *slog.Logger {
	if l := current.Load(); l != nil {
		return l
	}
	return discard
}

// New returns a debug-level text logger on w whose every string value
// (URLs, errors, messages) goes through Redact.
func New(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{
		Level: slog.LevelDebug,
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			switch a.Value.Kind() {
			case slog.KindString:
				return slog.String(a.Key, Redact(a.Value.String()))
			case slog.KindAny:
				if err, ok := a.Value.Any().(error); ok {
					return slog.String(a.Key, Redact(err.Error()))
				}
			}
			return a
		},
	}))
}

// Call logs one request made by a client: kind is "marathon", "store" or
// "agent", op what was asked (GET http://host/v1/stats, History web).
func Call(ctx context.Context, kind, op string, attrs ...any) {
	l := current.Load()
	if l == nil {
		return
	}
	l.DebugContext(ctx, kind+" "+Redact(op), attrs...)
}

var (
	// scheme://user:password@host -> scheme://user:xxxxx@host
	urlCreds = regexp.MustCompile(`([a-zA-Z][a-zA-Z0-9+.-]*://[^/@\s:]*):[^/@\s]*@`)
	// Authorization values and token-like parameters, in headers, query
	// strings and error texts.
	authValue  = regexp.MustCompile(`(?i)\b(Bearer|Basic|Digest)\s+[A-Za-z0-9._~+/=-]+`)
	secretPair = regexp.MustCompile(`(?i)\b(token|access_token|password|passwd|secret|api[_-]?key)(["']?\s*[=:]\s*["']?)[^\s&"',;]+`)
	// New Relic user API keys, wherever they turn up (a metric provider's
	// error quoting its request).
	newRelicKey = regexp.MustCompile(`\bNRAK-[A-Za-z0-9]+`)
)

// Redact removes credentials from s: passwords in URLs, Authorization
// values (Bearer, Basic, token=...) and key=value pairs that name a secret.
func Redact(s string) string {
	s = urlCreds.ReplaceAllString(s, "${1}:xxxxx@")
	s = authValue.ReplaceAllString(s, "${1} xxxxx")
	s = secretPair.ReplaceAllString(s, "${1}${2}xxxxx")
	s = newRelicKey.ReplaceAllString(s, "NRAK-xxxxx")
	return s
}

// URL is u as it may be logged: no user information, secret-looking query
// parameters redacted.
func URL(u *url.URL) string {
	c := *u
	if c.User != nil {
		c.User = url.User(c.User.Username())
	}
	return Redact(c.String())
}
