package canary

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/yodeldeploy/yodel/pkg/jsondur"
	"github.com/yodeldeploy/yodel/pkg/manifest"
)

// Target is where smoke checks reach the isolated canary: through the LB,
// on the service port with the canary header (HTTP services) or on the
// isolated port without it (TCP services).
type Target struct {
	// URL is the base URL, such as http://127.0.0.1:10001.
	URL string
	// HeaderName and HeaderValue route a request to the isolated canary;
	// empty for TCP services.
	HeaderName, HeaderValue string
	// Client sends the checks; nil means a client without keep-alive, so
	// each attempt opens a fresh connection through the LB.
	Client *http.Client
	// RetryDelay is the pause between attempts (default 1s).
	RetryDelay time.Duration
}

// Header is "Name: value", or "" for TCP services.
func (t Target) Header() string {
	if t.HeaderName == "" {
		return ""
	}
	return t.HeaderName + ": " + t.HeaderValue
}

func (t Target) client() *http.Client {
	if t.Client != nil {
		return t.Client
	}
	return &http.Client{Transport: &http.Transport{DisableKeepAlives: true, Proxy: nil},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// maxBody bounds what a smoke check reads of an answer.
const maxBody = 1 << 20

// SmokeName names a smoke check in reports: "GET /healthz".
func SmokeName(c manifest.SmokeCheck) string {
	m := c.Method
	if m == "" {
		m = http.MethodGet
	}
	return "smoke " + m + " " + c.Path
}

// RunSmoke sends one smoke check, retrying up to its retries, and returns
// its result. The check's fields must be resolved (manifest.ResolveCanary
// fills method, status, timeout and retries).
func RunSmoke(ctx context.Context, c manifest.SmokeCheck, t Target, step string) Check {
	start := time.Now()
	attempts := 1
	if c.Retries != nil {
		attempts += *c.Retries
	}
	delay := t.RetryDelay
	if delay <= 0 {
		delay = time.Second
	}
	res := Check{Step: step, Name: SmokeName(c), Time: start}
	var last error
	var status int
	for i := 0; i < attempts; i++ {
		if i > 0 {
			select {
			case <-ctx.Done():
				last = ctx.Err()
				i = attempts
				continue
			case <-time.After(delay):
			}
		}
		status, last = smokeOnce(ctx, c, t)
		if last == nil {
			res.Verdict, res.Duration = VerdictPass, jsondur.Duration(time.Since(start))
			res.Message = fmt.Sprintf("%d", status)
			if i > 0 {
				res.Message += fmt.Sprintf(" after %d attempts", i+1)
			}
			res.Figures = map[string]float64{"status": float64(status), "attempts": float64(i + 1)}
			return res
		}
	}
	res.Verdict, res.Duration = VerdictFail, jsondur.Duration(time.Since(start))
	res.Message = fmt.Sprintf("%v (%d attempts)", last, attempts)
	res.Figures = map[string]float64{"status": float64(status), "attempts": float64(attempts)}
	return res
}

func smokeOnce(ctx context.Context, c manifest.SmokeCheck, t Target) (int, error) {
	timeout := manifest.DefaultSmokeTimeout
	if c.Timeout != nil {
		timeout = c.Timeout.D()
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	method := c.Method
	if method == "" {
		method = http.MethodGet
	}
	req, err := http.NewRequestWithContext(ctx, method, strings.TrimRight(t.URL, "/")+c.Path, nil)
	if err != nil {
		return 0, err
	}
	for k, v := range c.Headers {
		req.Header.Set(k, v)
	}
	if t.HeaderName != "" {
		// Last, so a check's own headers cannot route it away from the canary.
		req.Header.Set(t.HeaderName, t.HeaderValue)
	}
	resp, err := t.client().Do(req)
	if err != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return 0, fmt.Errorf("%s %s: no answer within %s", method, c.Path, timeout)
		}
		return 0, fmt.Errorf("%s %s: %w", method, c.Path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return resp.StatusCode, fmt.Errorf("%s %s: reading the answer: %w", method, c.Path, err)
	}
	want := c.ExpectStatus
	if want == 0 {
		want = manifest.DefaultSmokeStatus
	}
	if resp.StatusCode != want {
		return resp.StatusCode, fmt.Errorf("%s %s answered %d, expected %d%s", method, c.Path, resp.StatusCode, want, excerpt(body))
	}
	if c.ExpectBody != "" && !bytes.Contains(body, []byte(c.ExpectBody)) {
		return resp.StatusCode, fmt.Errorf("%s %s: the answer does not contain %q%s", method, c.Path, c.ExpectBody, excerpt(body))
	}
	return resp.StatusCode, nil
}

func excerpt(b []byte) string {
	s := strings.TrimSpace(string(b))
	if s == "" {
		return ""
	}
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return fmt.Sprintf(" (body: %q)", s)
}

// Environment variables the isolated command gets.
const (
	EnvCanaryURL    = "YODEL_CANARY_URL"
	EnvCanaryHeader = "YODEL_CANARY_HEADER"
)

// commandEnv are the deployer's variables every isolated command gets:
// enough to find programs, a home and a locale. Nothing that usually holds a
// credential (proxies with user:password, cloud keys, the realm's Marathon
// password): the command comes from the manifest, whose authors are not
// necessarily the deployer.
var commandEnv = []string{"PATH", "HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "TZ", "TMPDIR"}

// CommandEnv is the environment of an isolated command: commandEnv and the
// variables the manifest lists in isolated.passEnv, taken from getenv, then
// YODEL_CANARY_URL and YODEL_CANARY_HEADER.
func CommandEnv(t Target, passEnv []string, lookupEnv func(string) (string, bool)) []string {
	var env []string
	seen := map[string]bool{EnvCanaryURL: true, EnvCanaryHeader: true}
	for _, k := range append(append([]string{}, commandEnv...), passEnv...) {
		if seen[k] {
			continue
		}
		seen[k] = true
		if v, ok := lookupEnv(k); ok {
			env = append(env, k+"="+v)
		}
	}
	return append(env, EnvCanaryURL+"="+t.URL, EnvCanaryHeader+"="+t.Header())
}

// RunCommand runs isolated.command with sh -c on this machine, in the
// minimal environment CommandEnv builds (passEnv are isolated.passEnv),
// with this process's own environment hidden from it (hideEnviron);
// exit 0 passes. Its output goes to out (the progress stream) and its tail
// into the result.
func RunCommand(ctx context.Context, command string, t Target, dir string, out io.Writer, step string, passEnv ...string) Check {
	start := time.Now()
	res := Check{Step: step, Name: "command", Time: start}
	cmd := exec.CommandContext(ctx, "/bin/sh", "-c", command)
	cmd.Dir = dir
	killGroup(cmd)
	cmd.Env = CommandEnv(t, passEnv, os.LookupEnv)
	// Best effort: the minimal environment stands without it, and the
	// threat model (docs/security.md) says what the command can still read.
	_ = hideEnviron()
	var tail tailBuffer
	w := io.Writer(&tail)
	if out != nil {
		w = io.MultiWriter(out, &tail)
	}
	cmd.Stdout, cmd.Stderr = w, w
	// Without WaitDelay a child that keeps the pipes open would make Wait
	// block past the context's end.
	cmd.WaitDelay = 2 * time.Second
	err := cmd.Run()
	res.Duration = jsondur.Duration(time.Since(start))
	code := 0
	if cmd.ProcessState != nil {
		code = cmd.ProcessState.ExitCode()
	}
	res.Figures = map[string]float64{"exitCode": float64(code)}
	if err != nil {
		res.Verdict = VerdictFail
		res.Message = fmt.Sprintf("%q failed: %v", command, err)
		if t := strings.TrimSpace(tail.String()); t != "" {
			res.Message += "; output: " + t
		}
		return res
	}
	res.Verdict, res.Message = VerdictPass, fmt.Sprintf("%q exited 0", command)
	return res
}

// runningAsRoot: hiding yodel's environment from the isolated command
// (hideEnviron) does not hold against root, which the deploy then warns
// about. A variable for tests.
var runningAsRoot = func() bool { return os.Geteuid() == 0 }

// tailBuffer keeps the last 512 bytes written to it.
type tailBuffer struct{ b []byte }

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.b = append(t.b, p...)
	if len(t.b) > 512 {
		t.b = t.b[len(t.b)-512:]
	}
	return len(p), nil
}

func (t *tailBuffer) String() string { return string(t.b) }
