package metrics

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/yodeldeploy/yodel/pkg/debuglog"
)

// PrometheusClient runs instant queries on Prometheus's HTTP API
// (/api/v1/query). A query must yield one number: a scalar, or a vector of
// exactly one series (aggregate with sum(), avg(), ...). No series, or a
// NaN (a ratio of two zero rates: no traffic yet), is "no data", an error.
type PrometheusClient struct {
	// Address is Prometheus's base URL, like http://prometheus:9090
	// (a path prefix is kept, for a Prometheus behind a proxy).
	Address string
	Timeout time.Duration
	// Client is the HTTP client (http.DefaultClient when nil).
	Client *http.Client
	// Now is the evaluation time sent with each query (the query's
	// "time"); nil: Prometheus's own now.
	Now func() time.Time
}

// promResponse is the API's envelope.
type promResponse struct {
	Status    string `json:"status"`
	ErrorType string `json:"errorType"`
	Error     string `json:"error"`
	Data      struct {
		ResultType string          `json:"resultType"`
		Result     json.RawMessage `json:"result"`
	} `json:"data"`
}

// Measure implements Measurer.
func (p *PrometheusClient) Measure(ctx context.Context, query string) (float64, error) {
	timeout := p.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	form := url.Values{"query": {query}, "timeout": {strconv.FormatInt(timeout.Milliseconds(), 10) + "ms"}}
	if p.Now != nil {
		form.Set("time", strconv.FormatFloat(float64(p.Now().UnixMilli())/1000, 'f', 3, 64))
	}
	// POST keeps a long query out of URL length limits (and access logs).
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(p.Address, "/")+"/api/v1/query", strings.NewReader(form.Encode()))
	if err != nil {
		return 0, fmt.Errorf("prometheus: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	c := p.Client
	if c == nil {
		c = http.DefaultClient
	}
	start := time.Now()
	resp, err := c.Do(req)
	if err != nil {
		debuglog.Call(ctx, "metrics", "POST "+debuglog.URL(req.URL)+" query="+query, "took", time.Since(start), "err", err)
		return 0, fmt.Errorf("prometheus at %s: %w", p.Address, err)
	}
	debuglog.Call(ctx, "metrics", "POST "+debuglog.URL(req.URL)+" query="+query, "status", resp.StatusCode, "took", time.Since(start))
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return 0, fmt.Errorf("prometheus at %s: reading the answer: %w", p.Address, err)
	}
	var r promResponse
	if err := json.Unmarshal(body, &r); err != nil {
		return 0, fmt.Errorf("prometheus at %s: %s: not an API answer: %s", p.Address, resp.Status, Clip(string(body)))
	}
	if r.Status != "success" {
		return 0, fmt.Errorf("prometheus at %s: %s: %s: %s", p.Address, resp.Status, r.ErrorType, Clip(r.Error))
	}
	return promValue(r.Data.ResultType, r.Data.Result)
}

// promValue is the one number of a query's result.
func promValue(typ string, raw json.RawMessage) (float64, error) {
	var sample []any // [time, "value"]
	switch typ {
	case "scalar":
		if err := json.Unmarshal(raw, &sample); err != nil {
			return 0, fmt.Errorf("prometheus: a scalar that is not [time, value]: %s", Clip(string(raw)))
		}
	case "vector":
		var series []struct {
			Metric map[string]string `json:"metric"`
			Value  []any             `json:"value"`
		}
		if err := json.Unmarshal(raw, &series); err != nil {
			return 0, fmt.Errorf("prometheus: a vector that is not a list of series: %s", Clip(string(raw)))
		}
		switch len(series) {
		case 0:
			return 0, fmt.Errorf("prometheus: no data: the query matched no series (no samples yet for this track, or a selector that matches nothing)")
		case 1:
			sample = series[0].Value
		default:
			return 0, fmt.Errorf("prometheus: the query returned %d series (the first %v); aggregate it to one number, e.g. with sum()", len(series), series[0].Metric)
		}
	default:
		return 0, fmt.Errorf("prometheus: the query returned a %s; it must return a scalar or a vector of one series (an instant query, no range selector at the top)", typ)
	}
	if len(sample) != 2 {
		return 0, fmt.Errorf("prometheus: a sample that is not [time, value]: %v", sample)
	}
	s, ok := sample[1].(string)
	if !ok {
		return 0, fmt.Errorf("prometheus: a sample value that is not a string: %v", sample[1])
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, fmt.Errorf("prometheus: sample value %q: %w", s, err)
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("prometheus: no data: the query's value is %s (a ratio of zero rates: no traffic in the window yet?)", s)
	}
	return v, nil
}
