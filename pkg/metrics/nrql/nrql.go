// Package nrql measures a canary's metric checks on New Relic: NRQL
// through NerdGraph. It is a package of its own so that what does not run
// metric checks (the lb agent, yodel-lb) does not link the New Relic client.
package nrql

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/newrelic/newrelic-client-go/v2/pkg/nrdb"

	"github.com/yodeldeploy/yodel/pkg/debuglog"
	"github.com/yodeldeploy/yodel/pkg/metrics"
	"github.com/yodeldeploy/yodel/pkg/nrconfig"
)

// Client runs NRQL queries through NerdGraph (newrelic-client-go's
// nrdb, the client pkg/notify already uses for deployment markers). A
// query must yield one number: one result row with one numeric field,
// like SELECT percentage(count(*), WHERE error IS true) FROM Transaction.
type Client struct {
	AccountID int
	// APIKey is a user (personal) API key; it goes in the Api-Key header
	// and nowhere else (never in an error or a log).
	APIKey string
	// Region is us (default) or eu; Endpoint, when set, is the NerdGraph
	// URL instead (a proxy, or a test's fake).
	Region    string
	Endpoint  string
	Timeout   time.Duration
	Transport http.RoundTripper

	once sync.Once
	db   *nrdb.Nrdb
	err  error
}

func (n *Client) client() (*nrdb.Nrdb, error) {
	n.once.Do(func() {
		cfg, err := nrconfig.New(n.Region, n.Endpoint, n.APIKey, "yodel-canary/1", n.timeout(), n.Transport)
		if err != nil {
			n.err = err
			return
		}
		db := nrdb.New(cfg)
		n.db = &db
	})
	return n.db, n.err
}

func (n *Client) timeout() time.Duration {
	if n.Timeout > 0 {
		return n.Timeout
	}
	return metrics.DefaultTimeout
}

// Measure implements Measurer.
func (n *Client) Measure(ctx context.Context, query string) (float64, error) {
	db, err := n.client()
	if err != nil {
		return 0, fmt.Errorf("new relic: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, n.timeout())
	defer cancel()
	start := time.Now()
	// The client retries a failed request up to 3 times, sleeping between
	// tries without watching the context (1s, 2s, 4s): the judgement
	// stops waiting at the timeout, and the abandoned call ends on its
	// own after its last try.
	type answer struct {
		res *nrdb.NRDBResultContainer
		err error
	}
	ch := make(chan answer, 1)
	go func() {
		res, err := db.QueryWithContext(ctx, n.AccountID, nrdb.NRQL(query))
		ch <- answer{res, err}
	}()
	var res *nrdb.NRDBResultContainer
	select {
	case a := <-ch:
		res, err = a.res, a.err
	case <-ctx.Done():
		err = ctx.Err()
	}
	// The key is a header of the client's own request, never in op.
	debuglog.Call(ctx, "metrics", fmt.Sprintf("NRQL account %d: %s", n.AccountID, query), "took", time.Since(start), "err", err)
	if err != nil {
		return 0, fmt.Errorf("new relic (account %d): %s", n.AccountID, metrics.Clip(n.redact(err.Error())))
	}
	return nrqlValue(res.Results)
}

// redact keeps the key out of an error the client might build from a
// request (it does not today; a future version might).
func (n *Client) redact(s string) string {
	if n.APIKey == "" {
		return s
	}
	return strings.ReplaceAll(s, n.APIKey, "[redacted]")
}

// nrqlValue is the one number of NRQL results: one row, one numeric field
// (nested ones, like percentile's {"95": 12.5}, count when they are one).
func nrqlValue(rows []nrdb.NRDBResult) (float64, error) {
	switch len(rows) {
	case 0:
		return 0, fmt.Errorf("new relic: no data: the query returned no result row")
	case 1:
	default:
		return 0, fmt.Errorf("new relic: the query returned %d rows (FACET or TIMESERIES?); it must return one number", len(rows))
	}
	nums := map[string]float64{}
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		switch x := v.(type) {
		case float64:
			nums[prefix] = x
		case map[string]any:
			for k, vv := range x {
				walk(prefix+"."+k, vv)
			}
		}
	}
	for k, v := range rows[0] {
		if k == "timestamp" || k == "beginTimeSeconds" || k == "endTimeSeconds" {
			continue
		}
		walk(k, v)
	}
	keys := make([]string, 0, len(rows[0]))
	for k := range rows[0] {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	switch len(nums) {
	case 0:
		return 0, fmt.Errorf("new relic: no data: no number in the result row (fields %s; null when no event matched)", strings.Join(keys, ", "))
	case 1:
	default:
		return 0, fmt.Errorf("new relic: the result row has %d numbers (fields %s); select exactly one", len(nums), strings.Join(keys, ", "))
	}
	var v float64
	for _, x := range nums {
		v = x
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("new relic: no data: the value is %v", v)
	}
	return v, nil
}
