package metrics

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestRender(t *testing.T) {
	v := TrackVars{Track: "canary", Service: "web", Release: "v2", App: "/web-blue", Interval: 30 * time.Second}
	q := `sum(rate(x{track="{{track}}",svc="{{ service }}",rel="{{release}}",app="{{app}}"}[{{interval}}])) {{intervalSeconds}} {{nope}}`
	assert.Equal(t, `sum(rate(x{track="canary",svc="web",rel="v2",app="/web-blue"}[30s])) 30 {{nope}}`, Render(q, v))
	assert.Equal(t, []string{"track", "service", "release", "app", "interval", "intervalSeconds", "nope"}, Placeholders(q+" {{track}}"))
	v.Interval = 1500 * time.Millisecond
	assert.Equal(t, "1500ms 2", Render("{{interval}} {{intervalSeconds}}", v))
}

func TestSetNamesAMissingProvider(t *testing.T) {
	_, err := Set{}.Measure(context.Background(), NewRelic, "SELECT 1")
	assert.ErrorIs(t, err, ErrNotConfigured)
	boom := errors.New("no key")
	_, err = Set{NewRelic: Failing{boom}}.Measure(context.Background(), NewRelic, "SELECT 1")
	assert.ErrorIs(t, err, boom)
}
