package dashboard

import (
	"fmt"
	"html/template"
	"time"

	"github.com/yodeldeploy/yodel/pkg/jsondur"
	"github.com/yodeldeploy/yodel/pkg/state"
	"github.com/yodeldeploy/yodel/pkg/view"
)

// recordCtx is what "record-details" renders: a record, and the realm its
// `yodel logs` command names.
type recordCtx struct {
	Realm  string
	R      state.Record
	Change *view.RecordChange // nil: nothing to compare with
}

var funcs = template.FuncMap{
	"pct":  func(f float64) string { return fmt.Sprintf("%.2f%%", f*100) },
	"when": func(t time.Time) string { return whenText(t) },
	"ago": func(now, t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return now.Sub(t).Truncate(time.Second).String() + " ago"
	},
	// dur takes the views' durations (jsondur: a template would fail at
	// run time, not at build, on a time.Duration here).
	"dur":            func(d jsondur.Duration) string { return d.D().Truncate(time.Second).String() },
	"sorts":          func() []string { return Sorts },
	"mayAct":         mayAct,
	"actionsRollout": func() []string { return []string{"promote", "pause", "resume", "abort"} },
	"mul":            func(n int, f float64) float64 { return float64(n) * f },
	// rec hands a history record and the realm to "record-details".
	"rec": func(realm string, r state.Record, changes map[string]view.RecordChange) recordCtx {
		c, ok := changes[r.ID]
		if !ok {
			return recordCtx{Realm: realm, R: r}
		}
		return recordCtx{Realm: realm, R: r, Change: &c}
	},
	// took is how long a history step took; empty while it runs.
	"took": func(start, end time.Time) string {
		if start.IsZero() || end.IsZero() {
			return ""
		}
		return end.Sub(start).Round(time.Second).String()
	},
}

func whenText(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.UTC().Format("2006-01-02 15:04:05Z")
}
