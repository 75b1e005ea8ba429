// Package metrics measures business metrics for a canary's partial step:
// one number per query, from Prometheus (its HTTP API, /api/v1/query) or
// New Relic (NRQL through NerdGraph). The canary judgement (pkg/canary)
// templates a check's query for each track, measures it every interval and
// judges the series; this package only measures, and says why it could
// not: a provider error is never a number, so it can never pass a check.
package metrics

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Providers by name, as a manifest check names them.
const (
	Prometheus = "prometheus"
	NewRelic   = "newrelic"
)

// Names lists the providers a check may name.
var Names = []string{Prometheus, NewRelic}

// Measurer runs one query and returns its single number.
type Measurer interface {
	Measure(ctx context.Context, query string) (float64, error)
}

// Set is the providers a realm configures, by name.
type Set map[string]Measurer

// ErrNotConfigured: the realm has no such provider.
var ErrNotConfigured = errors.New("not configured in the realm")

// Measure runs query on the named provider.
func (s Set) Measure(ctx context.Context, provider, query string) (float64, error) {
	m, ok := s[provider]
	if !ok || m == nil {
		return 0, fmt.Errorf("metric provider %s: %w", provider, ErrNotConfigured)
	}
	return m.Measure(ctx, query)
}

// Placeholders a query may use, each replaced per track before it runs.
const (
	VarTrack           = "track"           // canary or stable
	VarService         = "service"         // the service's name
	VarRelease         = "release"         // the track's release
	VarApp             = "app"             // the track's Marathon app id
	VarInterval        = "interval"        // the judgement interval, as a Prometheus duration ("30s")
	VarIntervalSeconds = "intervalSeconds" // the same in whole seconds ("30"), for NRQL's SINCE
)

// Vars lists the placeholders.
var Vars = []string{VarTrack, VarService, VarRelease, VarApp, VarInterval, VarIntervalSeconds}

var placeholder = regexp.MustCompile(`\{\{\s*([^{}\s]*)\s*\}\}`)

// Placeholders lists the names a query template uses, in order, each once.
func Placeholders(tmpl string) []string {
	var out []string
	for _, m := range placeholder.FindAllStringSubmatch(tmpl, -1) {
		if !slices.Contains(out, m[1]) {
			out = append(out, m[1])
		}
	}
	return out
}

// TrackVars are the values of one track's query.
type TrackVars struct {
	Track, Service, Release, App string
	Interval                     time.Duration
}

// Render replaces the placeholders of tmpl; an unknown one is left as it
// is (manifest validation refuses them).
func Render(tmpl string, v TrackVars) string {
	return placeholder.ReplaceAllStringFunc(tmpl, func(s string) string {
		name := placeholder.FindStringSubmatch(s)[1]
		switch name {
		case VarTrack:
			return v.Track
		case VarService:
			return v.Service
		case VarRelease:
			return v.Release
		case VarApp:
			return v.App
		case VarInterval:
			return promDuration(v.Interval)
		case VarIntervalSeconds:
			return strconv.FormatInt(int64(max(v.Interval.Round(time.Second), time.Second)/time.Second), 10)
		}
		return s
	})
}

// promDuration writes d as PromQL reads it: whole milliseconds at least,
// seconds when whole ("1m30s" reads as 90s).
func promDuration(d time.Duration) string {
	if d <= 0 {
		d = time.Second
	}
	if d%time.Second == 0 {
		return strconv.FormatInt(int64(d/time.Second), 10) + "s"
	}
	return strconv.FormatInt(max(int64(d/time.Millisecond), 1), 10) + "ms"
}

// DefaultTimeout bounds one query when the realm sets none.
const DefaultTimeout = 10 * time.Second

// Clip keeps a provider's error text short enough for a check's message.
func Clip(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 300 {
		return s[:300] + "..."
	}
	return s
}

// Failing is a provider that could not be set up on this machine (its
// API key is missing): every query fails with Err, so a check using it is
// inconclusive rather than skipped.
type Failing struct{ Err error }

// Measure implements Measurer.
func (f Failing) Measure(context.Context, string) (float64, error) { return 0, f.Err }
