// Package promtest runs a real Prometheus (Debian's prometheus package)
// for tests: on a loopback port of its own, with its data in a temporary
// directory, scraping every second the targets a test lists (file service
// discovery, so they may change while it runs). Nothing of the system's
// Prometheus service is used.
package promtest

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/yodeldeploy/yodel/pkg/testproc"
)

// Server is a running Prometheus.
type Server struct {
	URL  string // http://127.0.0.1:PORT
	dir  string
	cmd  *exec.Cmd
	done chan struct{}
	once sync.Once
	mu   sync.Mutex
}

// Bin finds the prometheus binary. A missing one fails the test rather
// than skipping it: scripts/test.sh installs it, and a suite that skips
// would pass without ever meeting a real Prometheus.
func Bin(t testing.TB) string {
	t.Helper()
	for _, p := range []string{"prometheus", "/usr/bin/prometheus"} {
		if b, err := exec.LookPath(p); err == nil {
			return b
		}
	}
	t.Fatalf("promtest: prometheus not found on PATH (scripts/test.sh installs it: apt-get install prometheus)")
	return ""
}

const config = `global:
  scrape_interval: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: test
    scrape_interval: 1s
    scrape_timeout: 900ms
    file_sd_configs:
      - files: [%q]
        refresh_interval: 1s
`

// Start runs Prometheus scraping targets (host:port each) and waits until
// it answers; it is stopped at the end of the test.
func Start(t testing.TB, targets ...string) *Server {
	t.Helper()
	bin := Bin(t)
	dir := t.TempDir()
	s := &Server{dir: dir}
	if err := s.SetTargets(targets...); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, "prometheus.yml")
	if err := os.WriteFile(cfg, []byte(fmt.Sprintf(config, filepath.Join(dir, "targets.json"))), 0o644); err != nil {
		t.Fatal(err)
	}
	var lastErr error
	// A port picked free may be taken before Prometheus binds it (other
	// tests run beside this one): try another.
	for range 3 {
		addr, err := freeAddr()
		if err != nil {
			t.Fatal(err)
		}
		log, err := os.Create(filepath.Join(dir, "prometheus.log"))
		if err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(bin, "--config.file="+cfg, "--web.listen-address="+addr,
			"--storage.tsdb.path="+filepath.Join(dir, "data"), "--log.level=warn")
		cmd.Stdout, cmd.Stderr = log, log
		cmd.SysProcAttr = testproc.DieWithParent()
		if err := cmd.Start(); err != nil {
			log.Close()
			t.Fatalf("promtest: start %s: %v", bin, err)
		}
		s.cmd, s.done, s.URL = cmd, make(chan struct{}), "http://"+addr
		go func() { cmd.Wait(); log.Close(); close(s.done) }()
		if lastErr = s.waitReady(30 * time.Second); lastErr == nil {
			t.Cleanup(s.Stop)
			return s
		}
		s.Stop()
		s.once = sync.Once{}
	}
	b, _ := os.ReadFile(filepath.Join(dir, "prometheus.log"))
	t.Fatalf("promtest: prometheus never became ready: %v\n%s", lastErr, b)
	return nil
}

func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

func (s *Server) waitReady(within time.Duration) error {
	deadline := time.Now().Add(within)
	c := &http.Client{Timeout: time.Second}
	for {
		select {
		case <-s.done:
			return fmt.Errorf("prometheus exited")
		default:
		}
		resp, err := c.Get(s.URL + "/-/ready")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
			err = fmt.Errorf("/-/ready: %s", resp.Status)
		}
		if time.Now().After(deadline) {
			return err
		}
		time.Sleep(50 * time.Millisecond) // polling a condition
	}
}

// SetTargets replaces the scraped targets (host:port each); Prometheus
// reads the file again within a second or so.
func (s *Server) SetTargets(targets ...string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, err := json.Marshal([]map[string]any{{"targets": append([]string{}, targets...), "labels": map[string]string{}}})
	if err != nil {
		return err
	}
	// Written whole, then renamed: Prometheus must never read half a file.
	tmp := filepath.Join(s.dir, "targets.json.tmp")
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(s.dir, "targets.json"))
}

// Stop kills Prometheus and waits for it: a test that stops it early
// sees a provider that is down.
func (s *Server) Stop() {
	s.once.Do(func() {
		if s.cmd != nil && s.cmd.Process != nil {
			s.cmd.Process.Kill()
			<-s.done
		}
	})
}

// Log is Prometheus's log so far, for a failing test's message.
func (s *Server) Log() string {
	b, _ := os.ReadFile(filepath.Join(s.dir, "prometheus.log"))
	return strings.TrimSpace(string(b))
}
