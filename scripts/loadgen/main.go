// Command loadgen sends a steady load to a URL (loopback only: it is the
// demo's and the benchmarks' client) and prints, every period, which
// release answered how many requests and how many failed. It stops on
// SIGINT/SIGTERM and prints the totals.
//
//	go run ./scripts/loadgen -url http://127.0.0.1:10080/ -rate 250
//	go run ./scripts/loadgen -rate 250 -post-every 2   # half the requests POSTs (at random), never replayed by HAProxy
package main

import (
	"flag"
	"fmt"
	"io"
	"maps"
	"net"
	"net/url"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/yodeldeploy/yodel/pkg/canary/loadgen"
)

func main() {
	target := flag.String("url", "http://127.0.0.1:10080/", "URL to load (loopback only)")
	rate := flag.Int("rate", 250, "requests per second")
	every := flag.Duration("every", 2*time.Second, "print the split this often")
	postEvery := flag.Int("post-every", 0, "make one request in N a POST, at random (HAProxy never replays a POST that met a dying task); 0: GETs only")
	stream := flag.Bool("stream", false, "write every request to stdout, a line each, for loadgen.Attach (tests); stop on SIGTERM or at the end of stdin")
	flag.Parse()
	u, err := url.Parse(*target)
	if err != nil || !loopback(u.Hostname()) {
		fmt.Fprintf(os.Stderr, "loadgen: -url must be an http URL on a loopback address, got %q\n", *target)
		os.Exit(2)
	}
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	if *stream {
		l := loadgen.Stream(os.Stdout, *target, *rate, nil, loadgen.Posts(*postEvery))
		go func() {
			// The test that started it is gone (or done) when its end of
			// the pipe closes: no orphaned load.
			_, _ = io.Copy(io.Discard, os.Stdin)
			sig <- syscall.SIGTERM
		}()
		<-sig
		l.Stop()
		return
	}
	l := loadgen.Start(*target, *rate, nil, loadgen.Posts(*postEvery))
	tick := time.NewTicker(*every)
	defer tick.Stop()
	prev := l.Snapshot()
	for {
		select {
		case <-sig:
			r := l.Stop()
			fmt.Printf("load total: %d requests at %.0f/s, %d failed; by release: %s\n", r.Total, r.Rate(), r.Failed, r.Split())
			if r.Posts > 0 {
				fmt.Printf("  of them POSTs: %d, %d failed\n", r.Posts, r.FailedPosts)
			}
			// Each release's failures with the time of its last one: a
			// rolled-back release's all came before its rollback, which
			// a bare total printed after it does not say.
			rels := slices.Sorted(maps.Keys(r.FailedByRelease))
			for _, rel := range rels {
				fmt.Printf("  failed from %s: %d, the last at %s\n", rel, r.FailedByRelease[rel], r.LastFailed[rel].Format("15:04:05"))
			}
			return
		case <-tick.C:
			cur := l.Snapshot()
			d := cur.Sub(prev)
			prev = cur
			fmt.Printf("%s  load %4.0f req/s  failed %3d%s  split %s\n", time.Now().Format("15:04:05"), float64(d.Total)/every.Seconds(), d.Failed, failedBy(d), d.Split())
		}
	}
}

// failedBy names the releases that failed in a period, " (from v3: 12)",
// so that a deliberate bad release's failures read as its own.
func failedBy(r loadgen.Report) string {
	if r.Failed == 0 {
		return ""
	}
	var parts []string
	for _, rel := range slices.Sorted(maps.Keys(r.FailedByRelease)) {
		parts = append(parts, fmt.Sprintf("%s: %d", rel, r.FailedByRelease[rel]))
	}
	return " (from " + strings.Join(parts, ", ") + ")"
}

func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
