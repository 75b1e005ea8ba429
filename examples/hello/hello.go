// Package hello is the example service yodel deploys in its sandbox, demo and
// end-to-end tests: a tiny HTTP server that says which release and task
// answered, with faults settable from the environment so canary and failure
// paths can be exercised without writing a second service.
//
// Environment (all optional):
//
//	PORT0, PORT          port to listen on (Marathon sets them); --listen wins
//	HELLO_VERSION        version reported by / (else MARATHON_APP_LABEL_YODEL_RELEASE)
//	HELLO_ERROR_RATE     fraction 0..1 of / requests answered 500
//	HELLO_LATENCY        duration added to every / request, e.g. 50ms
//	HELLO_START_DELAY    duration to wait before listening
//	HELLO_FAIL_START     if true, print a message on stderr and exit 1 at start
//	HELLO_HEALTH_FAIL    if true, /health answers 503
//	HELLO_DRAIN_DELAY    how long to keep serving after SIGTERM, /health
//	                     answering 503, before closing the listener (2s)
//	HELLO_DIE_ON_TERM    if true, exit at once on SIGTERM, closing every
//	                     connection without an answer (no drain delay, no
//	                     graceful shutdown), as many real services do
//	HELLO_CHECKOUT_FAIL_RATE fraction 0..1 of successful / requests counted
//	                     as failed checkouts: a business metric gone bad
//	                     while every HTTP answer is 200, exposed on /metrics
//	                     for Prometheus (hello_checkouts_total and
//	                     hello_checkouts_failed_total, labelled release)
package hello

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"
)

// Service is the name reported in every response.
const Service = "hello"

// Config is everything the server's behaviour depends on.
type Config struct {
	Listen    string // host:port; ":0" picks a free port
	Version   string
	TaskID    string
	AppID     string
	Host      string
	ErrorRate float64 // 0..1
	// CheckoutFailRate is the fraction of answered requests counted as
	// failed checkouts (0..1).
	CheckoutFailRate float64
	Latency          time.Duration
	StartDelay       time.Duration
	FailStart        bool
	HealthFail       bool
	ShutdownMax      time.Duration // how long in-flight requests may take after SIGTERM
	// DrainDelay is how long the server keeps accepting after SIGTERM.
	// Marathon reports TASK_KILLING and sends SIGTERM at the same moment,
	// so load balancers may still send requests for a short while; a
	// server that closed at once would fail them.
	DrainDelay time.Duration
	// DieOnTerm: stop at once on SIGTERM, cutting in-flight requests: the
	// service yodel must be correct with (no drain of its own).
	DieOnTerm bool
}

// DefaultDrainDelay covers an lb agent's reaction to TASK_KILLING (tens of
// milliseconds) with a wide margin and stays under the kill grace period
// yodel gives tasks (appdef.DefaultKillGracePeriod, 5s).
const DefaultDrainDelay = 2 * time.Second

// ConfigFromEnv reads Config from getenv. listen, when not empty, overrides
// PORT0/PORT. Every malformed value is reported, naming the variable.
func ConfigFromEnv(getenv func(string) string, listen string) (Config, error) {
	c := Config{
		Version:     firstNonEmpty(getenv("HELLO_VERSION"), getenv("MARATHON_APP_LABEL_YODEL_RELEASE"), "dev"),
		TaskID:      getenv("MESOS_TASK_ID"),
		AppID:       getenv("MARATHON_APP_ID"),
		Host:        getenv("HOST"),
		ShutdownMax: 10 * time.Second,
		DrainDelay:  DefaultDrainDelay,
	}
	var errs []error
	switch {
	case listen != "":
		c.Listen = listen
	case getenv("PORT0") != "":
		c.Listen = net.JoinHostPort(c.Host, getenv("PORT0"))
	case getenv("PORT") != "":
		c.Listen = net.JoinHostPort(c.Host, getenv("PORT"))
	default:
		c.Listen = "127.0.0.1:8080"
	}
	for _, r := range []struct {
		name string
		dst  *float64
	}{{"HELLO_ERROR_RATE", &c.ErrorRate}, {"HELLO_CHECKOUT_FAIL_RATE", &c.CheckoutFailRate}} {
		if v := getenv(r.name); v != "" {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil || f < 0 || f > 1 || math.IsNaN(f) {
				errs = append(errs, fmt.Errorf("%s=%q: want a fraction between 0 and 1, e.g. 0.5", r.name, v))
			}
			*r.dst = f
		}
	}
	for _, d := range []struct {
		name string
		dst  *time.Duration
	}{{"HELLO_LATENCY", &c.Latency}, {"HELLO_START_DELAY", &c.StartDelay}, {"HELLO_DRAIN_DELAY", &c.DrainDelay}} {
		if v := getenv(d.name); v != "" {
			dur, err := time.ParseDuration(v)
			if err != nil || dur < 0 {
				errs = append(errs, fmt.Errorf("%s=%q: want a duration such as 250ms or 2s", d.name, v))
			}
			*d.dst = dur
		}
	}
	for _, b := range []struct {
		name string
		dst  *bool
	}{{"HELLO_FAIL_START", &c.FailStart}, {"HELLO_HEALTH_FAIL", &c.HealthFail}, {"HELLO_DIE_ON_TERM", &c.DieOnTerm}} {
		if v := getenv(b.name); v != "" {
			on, err := strconv.ParseBool(v)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s=%q: want true or false", b.name, v))
			}
			*b.dst = on
		}
	}
	return c, errors.Join(errs...)
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}

// Response is the JSON body of GET /.
type Response struct {
	Service string `json:"service"`
	Version string `json:"version"`
	TaskID  string `json:"taskId"`
	AppID   string `json:"appId"`
	Host    string `json:"host"`
}

// Handler serves /health and /. Errors are spread evenly rather than drawn at
// random so that a test asking for 50% errors over 100 requests sees exactly
// 50, and a canary judgement on a short window is reproducible.
type Handler struct {
	cfg      Config
	requests atomic.Uint64
	// checkouts and failedCheckouts count the answered requests and those
	// counted as failed checkouts (CheckoutFailRate), for /metrics.
	checkouts, failedCheckouts atomic.Uint64
	draining                   atomic.Bool
	mux                        *http.ServeMux
}

// NewHandler builds the handler for cfg.
func NewHandler(cfg Config) *Handler {
	h := &Handler{cfg: cfg, mux: http.NewServeMux()}
	h.mux.HandleFunc("/health", h.health)
	h.mux.HandleFunc("/metrics", h.metrics)
	h.mux.HandleFunc("/", h.root)
	return h
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) { h.mux.ServeHTTP(w, r) }

func (h *Handler) health(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if h.cfg.HealthFail {
		w.WriteHeader(http.StatusServiceUnavailable)
		io.WriteString(w, "failing (HELLO_HEALTH_FAIL)\n")
		return
	}
	if h.draining.Load() {
		w.WriteHeader(http.StatusServiceUnavailable)
		io.WriteString(w, "draining: shutting down\n")
		return
	}
	io.WriteString(w, "ok")
}

func (h *Handler) root(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/" {
		http.NotFound(w, r)
		return
	}
	n := h.requests.Add(1)
	if h.cfg.Latency > 0 {
		t := time.NewTimer(h.cfg.Latency)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return
		}
	}
	w.Header().Set("X-Hello-Version", h.cfg.Version)
	if failRequest(n, h.cfg.ErrorRate) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusInternalServerError)
		fmt.Fprintf(w, "injected error (HELLO_ERROR_RATE=%g) from %s %s\n", h.cfg.ErrorRate, h.cfg.Version, h.cfg.TaskID)
		return
	}
	if failRequest(h.checkouts.Add(1), h.cfg.CheckoutFailRate) {
		h.failedCheckouts.Add(1)
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(Response{Service: Service, Version: h.cfg.Version,
		TaskID: h.cfg.TaskID, AppID: h.cfg.AppID, Host: h.cfg.Host})
}

// metrics is the Prometheus text exposition of the checkout counters.
func (h *Handler) metrics(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4")
	rel := strconv.Quote(h.cfg.Version)
	fmt.Fprintf(w, "# HELP hello_checkouts_total Requests answered, each a checkout.\n# TYPE hello_checkouts_total counter\nhello_checkouts_total{release=%s} %d\n", rel, h.checkouts.Load())
	fmt.Fprintf(w, "# HELP hello_checkouts_failed_total Checkouts that failed (HELLO_CHECKOUT_FAIL_RATE).\n# TYPE hello_checkouts_failed_total counter\nhello_checkouts_failed_total{release=%s} %d\n", rel, h.failedCheckouts.Load())
}

// failRequest decides whether the n-th request (from 1) fails so that after
// any n requests exactly floor(n*rate) have failed.
func failRequest(n uint64, rate float64) bool {
	if rate <= 0 {
		return false
	}
	if rate >= 1 {
		return true
	}
	return uint64(float64(n)*rate) > uint64(float64(n-1)*rate)
}

// Server is a started hello server.
type Server struct {
	Addr  string // the address actually listened on
	srv   *http.Server
	ln    net.Listener
	h     *Handler
	drain time.Duration
	// dieOnTerm: Config.DieOnTerm.
	dieOnTerm bool
}

// Listen applies StartDelay and FailStart, then binds cfg.Listen.
func Listen(ctx context.Context, cfg Config) (*Server, error) {
	if cfg.FailStart {
		return nil, errors.New("HELLO_FAIL_START is set: refusing to start")
	}
	if cfg.StartDelay > 0 {
		t := time.NewTimer(cfg.StartDelay)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", cfg.Listen, err)
	}
	h := NewHandler(cfg)
	return &Server{Addr: ln.Addr().String(), ln: ln, h: h, drain: cfg.DrainDelay, dieOnTerm: cfg.DieOnTerm, srv: &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
	}}, nil
}

// Serve answers requests until ctx is cancelled, keeps answering them for
// the config's DrainDelay (with /health failing, so health-checking load
// balancers let go too), then stops accepting and lets in-flight requests
// finish for up to shutdownMax.
func (s *Server) Serve(ctx context.Context, shutdownMax time.Duration) error {
	errc := make(chan error, 1)
	go func() { errc <- s.srv.Serve(s.ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	if s.dieOnTerm {
		s.srv.Close() // listener and every connection, answered or not
		return nil
	}
	if s.drain > 0 {
		s.h.draining.Store(true)
		t := time.NewTimer(s.drain)
		select {
		case <-t.C:
		case err := <-errc:
			t.Stop()
			return err
		}
	}
	sctx, cancel := context.WithTimeout(context.Background(), shutdownMax)
	defer cancel()
	if err := s.srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("graceful shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// Run is the whole program: listen, log one line on stderr, serve until ctx
// ends (SIGTERM/SIGINT in the command), shut down gracefully.
func Run(ctx context.Context, cfg Config, stderr io.Writer) error {
	s, err := Listen(ctx, cfg)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "hello %s listening on %s (task %q)\n", cfg.Version, s.Addr, cfg.TaskID)
	err = s.Serve(ctx, cfg.ShutdownMax)
	fmt.Fprintf(stderr, "hello %s stopped\n", cfg.Version)
	return err
}
