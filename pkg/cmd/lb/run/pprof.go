package run

import (
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"time"

	"github.com/yodeldeploy/yodel/pkg/lb"
)

// PprofEnv names a loopback address on which the agent serves Go's
// profiles (/debug/pprof/), for measuring its memory and CPU
// (BENCHMARKS.md, lb agent). Unset: no such listener. It is apart from
// the agent API, which never serves them.
const PprofEnv = "YODEL_LB_PPROF"

// servePprof starts the profile listener when addr is set; it lives as
// long as the process.
func servePprof(addr string, log *slog.Logger) error {
	if addr == "" {
		return nil
	}
	if !lb.IsLoopback(addr) {
		return fmt.Errorf("$%s=%s: profiles are served on loopback only (e.g. 127.0.0.1:6060)", PprofEnv, addr)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("$%s: %w", PprofEnv, err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	log.Info("serving Go profiles", "addr", ln.Addr().String())
	return nil
}
