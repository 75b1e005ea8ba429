// Package loadgen is the continuous load the canary end-to-end tests and the
// demo run through HAProxy: vegeta at a fixed rate against examples/hello,
// counting every request by the release that answered and every failure.
package loadgen

import (
	"encoding/json"
	"maps"
	"math/rand/v2"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/yodeldeploy/yodel/pkg/jsondur"
)

// Report counts what the load saw.
type Report struct {
	Total           int                  `json:"total"`
	Failed          int                  `json:"failed"`
	ByRelease       map[string]int       `json:"byRelease"`       // successful answers
	FailedByRelease map[string]int       `json:"failedByRelease"` // "?" when no release could be told
	LastSeen        map[string]time.Time `json:"lastSeen"`        // last answer (any status) per release
	// LastFailed is when each release (or "?") last failed a request: the
	// demo shows a rolled-back release's failures all came before its
	// rollback.
	LastFailed map[string]time.Time `json:"lastFailed,omitempty"`
	Elapsed    jsondur.Duration     `json:"elapsed"`
	// Posts and FailedPosts count the POSTs of a load with Posts set:
	// HAProxy replays a GET that met a dying server, never a POST, so only
	// draining keeps a POST from failing when its task is killed.
	Posts       int `json:"posts,omitempty"`
	FailedPosts int `json:"failedPosts,omitempty"`
	// FailureSamples are a few failure messages, for test output: the
	// first ones of the run, or in a report from Sub a few of the latest
	// ones of its window, with the time each request was sent.
	FailureSamples []string `json:"failureSamples,omitempty"`
	// recent are the latest failures (at most keepRecent), numbered, for
	// Sub's samples.
	recent []failure
}

// failure is one failed request as Sub reports it.
type failure struct {
	seq int // its number among the run's failures, from 1
	msg string
}

// keepRecent bounds the failures a report carries for Sub.
const keepRecent = 50

// Rate is the achieved requests per second.
func (r Report) Rate() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Total) / r.Elapsed.D().Seconds()
}

// Share is release's share of all answers (successful or not) that named a
// release.
func (r Report) Share(release string) float64 {
	n, total := r.Counts(release)
	if total == 0 {
		return 0
	}
	return float64(n) / float64(total)
}

// Counts is Share as counts: how many answers named release (n) of all
// that named a release (total).
func (r Report) Counts(release string) (n, total int) {
	for k, v := range r.ByRelease {
		total += v
		if k == release {
			n += v
		}
	}
	for k, v := range r.FailedByRelease {
		if k == "?" {
			continue
		}
		total += v
		if k == release {
			n += v
		}
	}
	return n, total
}

// Sub is what happened between an earlier report and r.
func (r Report) Sub(earlier Report) Report {
	out := Report{Total: r.Total - earlier.Total, Failed: r.Failed - earlier.Failed, Elapsed: r.Elapsed - earlier.Elapsed,
		Posts: r.Posts - earlier.Posts, FailedPosts: r.FailedPosts - earlier.FailedPosts,
		ByRelease: map[string]int{}, FailedByRelease: map[string]int{}, LastSeen: r.LastSeen}
	for k, v := range r.ByRelease {
		if d := v - earlier.ByRelease[k]; d != 0 {
			out.ByRelease[k] = d
		}
	}
	for k, v := range r.FailedByRelease {
		if d := v - earlier.FailedByRelease[k]; d != 0 {
			out.FailedByRelease[k] = d
			// A release that failed in the window last failed in it.
			if t, ok := r.LastFailed[k]; ok {
				if out.LastFailed == nil {
					out.LastFailed = map[string]time.Time{}
				}
				out.LastFailed[k] = t
			}
		}
	}
	for _, f := range r.recent {
		if f.seq > earlier.Failed && len(out.FailureSamples) < 5 {
			out.FailureSamples = append(out.FailureSamples, f.msg)
		}
	}
	return out
}

// Split formats the answers per release: "v1 90.1% (1802) v2 9.9% (198)".
func (r Report) Split() string {
	keys := make([]string, 0, len(r.ByRelease))
	for k := range r.ByRelease {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, k+" "+pct(r.Share(k))+" ("+itoa(r.ByRelease[k])+")")
	}
	return strings.Join(parts, "  ")
}

// Timeout is how long a request may take before it counts as failed: 10 s,
// a patient client's. At 5 s, quiet CI runs on this 2-core VM failed on
// requests in flight while the whole machine stalled for a few seconds:
// two independent sandboxes timed out in the same 200 ms, the load
// generator's own process stalled meanwhile (watchStalls), and the lb
// agent's runtime commands were answered in milliseconds throughout. A
// request yodel drops still fails at any timeout; one the machine held up
// for 5-6 s no longer does.
const Timeout = 10 * time.Second

// Load is a running load.
type Load struct {
	mu    sync.Mutex
	rep   Report
	sent  []sent // every answered request, in the order answered
	start time.Time
	atk   *vegeta.Attacker
	done  chan struct{}
	// emit, when set (Stream), gets each request and stall as a line.
	emit func(line string)
	// stopRemote ends the load of an attached process (Attach).
	stopRemote func()
	stopOnce   sync.Once
	// stalls: when this process itself got no CPU for a while (see
	// watchStalls), newest last.
	stalls []stall
}

// stall is a pause of this process: no tick for gap, ending at end.
type stall struct {
	end time.Time
	gap time.Duration
}

// Stall detection: a tick every stallTick; a tick later than
// stallThreshold is a stall, kept (up to maxStalls) to explain timeouts.
const (
	stallTick      = 50 * time.Millisecond
	stallThreshold = 500 * time.Millisecond
	maxStalls      = 64
)

// maxSent bounds the requests SentBetween can look back on: about 17
// minutes at 250 requests/s, several MB.
const maxSent = 1 << 18

// sent is one answered request, by the time it was sent.
type sent struct {
	at     time.Time
	rel    string
	failed bool
}

var injectedRe = regexp.MustCompile(`from (\S+) `)

// Option changes what a load sends.
type Option func(*config)

type config struct {
	postEvery int
}

// Posts makes one request in n a POST (a small form body), at random, the
// rest GETs; n < 1 sends none. At random, not every n-th: HAProxy's round
// robin is a cycle too, and a fixed pattern would send the POSTs to some
// servers only (with a cycle of 4 and 10 servers, never to half of them).
func Posts(n int) Option {
	return func(c *config) { c.postEvery = n }
}

// Start sends rate requests per second to url (GET, and POST with Posts)
// until Stop. Only loopback URLs are meant: it is a test and demo tool.
func Start(url string, rate int, header http.Header, opts ...Option) *Load {
	l := newLoad()
	l.run(url, rate, header, opts)
	return l
}

// targeter gives the requests a load sends.
func targeter(url string, header http.Header, opts []Option) vegeta.Targeter {
	var c config
	for _, o := range opts {
		o(&c)
	}
	get := vegeta.Target{Method: http.MethodGet, URL: url, Header: header}
	if c.postEvery < 1 {
		return vegeta.NewStaticTargeter(get)
	}
	ph := header.Clone()
	if ph == nil {
		ph = http.Header{}
	}
	ph.Set("Content-Type", "application/x-www-form-urlencoded")
	post := vegeta.Target{Method: http.MethodPost, URL: url, Header: ph, Body: []byte("order=1")}
	n := c.postEvery
	return func(t *vegeta.Target) error {
		if t == nil {
			return vegeta.ErrNilTarget
		}
		if rand.IntN(n) == 0 {
			*t = post
		} else {
			*t = get
		}
		return nil
	}
}

func newLoad() *Load {
	return &Load{start: time.Now(), done: make(chan struct{}),
		rep: Report{ByRelease: map[string]int{}, FailedByRelease: map[string]int{}, LastSeen: map[string]time.Time{}}}
}

func (l *Load) run(url string, rate int, header http.Header, opts []Option) {
	// A fresh connection per request, as independent clients would: each
	// is balanced by HAProxy on its own, so the split is per request.
	l.atk = vegeta.NewAttacker(vegeta.KeepAlive(false), vegeta.Timeout(Timeout), vegeta.MaxBody(4096))
	tr := targeter(url, header, opts)
	res := l.atk.Attack(tr, vegeta.Rate{Freq: rate, Per: time.Second}, 0, "load")
	go func() {
		defer close(l.done)
		for r := range res {
			l.record(r)
		}
	}()
	// From now, not from when the goroutine first runs: a process held
	// off the CPU before that is a stall too.
	go l.watchStalls(time.Now())
}

// watchStalls records the moments this process got no CPU (a starved
// machine, a long GC pause under -race): a request in flight then can time
// out on the client's side while HAProxy and the service answered in time.
// A failure sample says so, so that a test failing on timeouts tells the
// load generator's stall from yodel's.
func (l *Load) watchStalls(last time.Time) {
	t := time.NewTicker(stallTick)
	defer t.Stop()
	for {
		select {
		case <-l.done:
			return
		case <-t.C:
			// Not the tick's own time: that is when it was due.
			now := time.Now()
			if gap := now.Sub(last); gap > stallThreshold {
				l.addStall(stall{end: now, gap: gap})
			}
			last = now
		}
	}
}

func (l *Load) addStall(st stall) {
	if l.emit != nil {
		l.emit("s\t" + strconv.FormatInt(st.end.UnixNano(), 10) + "\t" + strconv.FormatInt(int64(st.gap), 10))
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.stalls) == maxStalls {
		l.stalls = append(l.stalls[:0], l.stalls[1:]...)
	}
	l.stalls = append(l.stalls, st)
}

// stalledLocked describes the longest stall of this process while a
// request sent at from was in flight until to ("" when none).
func (l *Load) stalledLocked(from, to time.Time) string {
	var worst stall
	for _, st := range l.stalls {
		if st.end.After(from) && st.end.Add(-st.gap).Before(to) && st.gap > worst.gap {
			worst = st
		}
	}
	if worst.gap == 0 {
		return ""
	}
	return " (the load generator itself got no CPU for " + worst.gap.Round(time.Millisecond).String() +
		" until " + worst.end.Format("15:04:05.000") + " while this request was in flight)"
}

func (l *Load) record(r *vegeta.Result) {
	rel := "?"
	var v struct {
		Version string `json:"version"`
	}
	if r.Code == http.StatusOK && json.Unmarshal(r.Body, &v) == nil && v.Version != "" {
		rel = v.Version
	} else if m := injectedRe.FindSubmatch(r.Body); m != nil {
		rel = string(m[1])
	}
	msg := r.Error
	if msg == "" && r.Code != http.StatusOK {
		msg = strings.TrimSpace(string(r.Body))
	}
	l.add(sample{at: r.Timestamp, latency: r.Latency, code: int(r.Code), rel: rel, err: msg, post: r.Method == http.MethodPost})
}

// sample is one answered request: when it was sent, how long it took, its
// status (0: no response), the release that answered ("?" when none could
// be told), for a failure what went wrong, and whether it was a POST.
type sample struct {
	at      time.Time
	latency time.Duration
	code    int
	rel     string
	err     string
	post    bool
}

func (s sample) failed() bool { return s.err != "" || s.code != http.StatusOK }

func (l *Load) add(s sample) {
	if l.emit != nil {
		line := "r\t" + strconv.FormatInt(s.at.UnixNano(), 10) + "\t" + strconv.FormatInt(int64(s.latency), 10) + "\t" +
			strconv.Itoa(s.code) + "\t" + strconv.Quote(s.rel) + "\t" + strconv.Quote(s.err)
		if s.post {
			line += "\tPOST"
		}
		l.emit(line)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.sent) == maxSent { // a long demo run: keep the newest half
		l.sent = append(l.sent[:0], l.sent[maxSent/2:]...)
	}
	l.sent = append(l.sent, sent{at: s.at, rel: s.rel, failed: s.failed()})
	l.rep.Total++
	if s.post {
		l.rep.Posts++
	}
	if s.rel != "?" {
		l.rep.LastSeen[s.rel] = s.at.Add(s.latency)
	}
	if !s.failed() {
		l.rep.ByRelease[s.rel]++
		return
	}
	l.rep.Failed++
	l.rep.FailedByRelease[s.rel]++
	if s.post {
		l.rep.FailedPosts++
	}
	if l.rep.LastFailed == nil {
		l.rep.LastFailed = map[string]time.Time{}
	}
	l.rep.LastFailed[s.rel] = s.at.Add(s.latency)
	msg := itoa(s.code) + " " + s.err
	if s.post {
		msg = "POST " + msg
	}
	if s.code == 0 {
		msg += l.stalledLocked(s.at, s.at.Add(s.latency))
	}
	if len(l.rep.FailureSamples) < 5 {
		l.rep.FailureSamples = append(l.rep.FailureSamples, msg)
	}
	if len(l.rep.recent) == keepRecent {
		l.rep.recent = append(l.rep.recent[:0], l.rep.recent[1:]...)
	}
	l.rep.recent = append(l.rep.recent, failure{seq: l.rep.Failed,
		msg: "sent " + s.at.Format("15:04:05.000") + ", release " + s.rel + ": " + msg})
}

// Snapshot is the report so far.
func (l *Load) Snapshot() Report {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.copyLocked()
}

func (l *Load) copyLocked() Report {
	r := l.rep
	r.Elapsed = jsondur.Duration(time.Since(l.start))
	r.ByRelease, r.FailedByRelease, r.LastSeen = map[string]int{}, map[string]int{}, map[string]time.Time{}
	for k, v := range l.rep.ByRelease {
		r.ByRelease[k] = v
	}
	for k, v := range l.rep.FailedByRelease {
		r.FailedByRelease[k] = v
	}
	for k, v := range l.rep.LastSeen {
		r.LastSeen[k] = v
	}
	r.LastFailed = maps.Clone(l.rep.LastFailed)
	r.FailureSamples = append([]string(nil), l.rep.FailureSamples...)
	r.recent = append([]failure(nil), l.rep.recent...)
	return r
}

// SentBetween reports the requests sent from from until to (answered so
// far), by the time they were sent, not answered: on a slow machine an
// answer can come seconds after its request was routed, so a window of
// answers counts requests HAProxy routed before the window began.
// Elapsed is to - from; FailureSamples and LastSeen are left empty.
func (l *Load) SentBetween(from, to time.Time) Report {
	l.mu.Lock()
	defer l.mu.Unlock()
	r := Report{ByRelease: map[string]int{}, FailedByRelease: map[string]int{}, LastSeen: map[string]time.Time{}, Elapsed: jsondur.Duration(to.Sub(from))}
	for _, s := range l.sent {
		if s.at.Before(from) || !s.at.Before(to) {
			continue
		}
		r.Total++
		if s.failed {
			r.Failed++
			r.FailedByRelease[s.rel]++
		} else {
			r.ByRelease[s.rel]++
		}
	}
	return r
}

// Stop ends the load, waits for the requests in flight, and reports.
func (l *Load) Stop() Report {
	l.stopOnce.Do(func() {
		if l.atk != nil {
			l.atk.Stop()
		} else {
			l.stopRemote()
		}
	})
	<-l.done
	return l.Snapshot()
}

func pct(f float64) string {
	return strings.TrimRight(strings.TrimRight(ftoa(f*100), "0"), ".") + "%"
}

func itoa(n int) string { return strconv.Itoa(n) }

func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }
