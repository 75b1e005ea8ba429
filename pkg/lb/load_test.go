package lb_test

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"testing"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

type attackResult struct {
	count         int
	failed        int
	failures      []string // the first 20
	p50, p99, max time.Duration
}

// attack sends GET / to 127.0.0.1:port at rate per second for dur with
// vegeta and collects every failure (transport error or non-200).
func attack(t *testing.T, port, rate int, dur time.Duration) attackResult {
	t.Helper()
	target := vegeta.Target{Method: http.MethodGet, URL: "http://127.0.0.1:" + strconv.Itoa(port) + "/"}
	atk := vegeta.NewAttacker(vegeta.Timeout(5*time.Second), vegeta.KeepAlive(true), vegeta.Connections(32))
	var out attackResult
	var lat []time.Duration
	for res := range atk.Attack(vegeta.NewStaticTargeter(target), vegeta.Rate{Freq: rate, Per: time.Second}, dur, "churn") {
		out.count++
		lat = append(lat, res.Latency)
		if res.Error != "" || res.Code != http.StatusOK {
			if len(out.failures) < 20 {
				out.failures = append(out.failures, fmt.Sprintf("%s: code %d %s %q", res.Timestamp.Format("15:04:05.000"), res.Code, res.Error, res.Body))
			}
		}
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	if n := len(lat); n > 0 {
		out.p50, out.p99, out.max = lat[n/2], lat[n*99/100], lat[n-1]
	}
	return out
}
