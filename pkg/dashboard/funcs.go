package dashboard

import (
	"fmt"
	"html/template"
	"time"
)

var funcs = template.FuncMap{
	"pct":  func(f float64) string { return fmt.Sprintf("%.2f%%", f*100) },
	"when": func(t time.Time) string { return whenText(t) },
	"ago": func(now, t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return now.Sub(t).Truncate(time.Second).String() + " ago"
	},
	"dur":            func(d time.Duration) string { return d.Truncate(time.Second).String() },
	"sorts":          func() []string { return Sorts },
	"mayAct":         mayAct,
	"actionsRollout": func() []string { return []string{"promote", "pause", "resume", "abort"} },
	"mul":            func(n int, f float64) float64 { return float64(n) * f },
}

func whenText(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.UTC().Format("2006-01-02 15:04:05Z")
}
