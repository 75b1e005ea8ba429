package newcomer

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/sandbox/sandboxtest"
)

func TestMain(m *testing.M) { os.Exit(sandboxtest.Main(m)) }

// hintRe finds a yodel command in a line of output: after the start of
// the line, a space, a backtick or a colon, up to a backtick, two spaces
// (an aside follows), " (", or the end of the line.
var hintRe = regexp.MustCompile("(?:^|[\\s`:])(yodel [^`\\n]+?)(?:`|  | \\(|$)")

// hints returns the yodel commands that out names.
func hints(out string) []string {
	var cmds []string
	for _, line := range strings.Split(out, "\n") {
		for _, m := range hintRe.FindAllStringSubmatch(line, -1) {
			cmds = append(cmds, strings.TrimRight(strings.TrimSpace(m[1]), ".,;"))
		}
	}
	return cmds
}

// readOnly reports whether a hinted command only reads, so the walk can
// run every one it meets; --watch is dropped so that it returns.
func readOnly(args []string) bool {
	if len(args) == 0 {
		return false
	}
	switch args[0] {
	case "status", "history", "logs", "realms", "validate", "render", "diff":
		return true
	case "lb", "canary":
		return len(args) > 1 && args[1] == "status"
	}
	return false
}

func TestNewcomerWalkEveryHintRuns(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end: a sandbox and the yodel binary")
	}
	sb := sandboxtest.Start(t, sandboxtest.Options{})
	dir := t.TempDir()
	realm := sb.RealmFile
	// addressed is how every hint must name the realm: by the file the
	// walk addressed it by (sb.RealmFile, or the copy found through
	// --realms).
	addressed := realm
	ran := map[string]bool{}
	seen := 0
	var yodel func(args ...string) (int, string, string)
	// runHints checks every hint of a command's output: it addresses this
	// sandbox's realm by its file (its realm is named local, as the
	// default sandbox's is: addressed), and the read-only ones run as
	// printed.
	runHints := func(out string) {
		t.Helper()
		for _, h := range hints(out) {
			seen++
			// A placeholder (<realm>, path/to/x.yaml) is an example, not a command.
			if strings.ContainsAny(h, "<>") || strings.Contains(h, "path/to/") {
				continue
			}
			if strings.Contains(h, "--realm ") {
				assert.Contains(t, h, "--realm "+addressed, "hint %q names another realm", h)
			}
			args := strings.Fields(strings.TrimPrefix(h, "yodel "))
			var kept []string
			for _, a := range args {
				if a != "--watch" && a != "-f" || args[0] == "validate" {
					kept = append(kept, a)
				}
			}
			if !readOnly(kept) || ran[strings.Join(kept, " ")] {
				continue
			}
			ran[strings.Join(kept, " ")] = true
			code, o, e := yodel(kept...)
			assert.NotEqual(t, 2, code, "hint %q does not run as printed:\n%s\n%s", h, o, e)
			assert.NotContains(t, e, "unknown command", "hint %q", h)
		}
	}
	yodel = func(args ...string) (int, string, string) {
		t.Helper()
		code, out, errOut := sandboxtest.Exec(t, sb.Bin, dir, nil, args...)
		t.Logf("$ yodel %s  -> exit %d\n%s%s", strings.Join(args, " "), code, out, errOut)
		return code, out, errOut
	}
	must := func(args ...string) (string, string) {
		t.Helper()
		code, out, errOut := yodel(args...)
		require.Equal(t, 0, code, "yodel %s:\n%s\n%s", strings.Join(args, " "), out, errOut)
		runHints(out + errOut)
		return out, errOut
	}
	// interrupt runs a deploy until its stderr says until (and ready, when
	// given, holds), then stops it with Ctrl-C; it returns the stderr.
	interrupt := func(until string, ready func() bool, args ...string) string {
		t.Helper()
		cmd := exec.Command(sb.Bin, args...)
		cmd.Dir, cmd.Env = dir, append(os.Environ(), "CI=true", "NO_COLOR=1")
		var out, errOut sandboxtest.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		require.NoError(t, cmd.Start())
		exited := false
		t.Cleanup(func() { // a failed wait leaves no yodel behind
			if !exited {
				_ = cmd.Process.Kill()
				_ = cmd.Wait()
			}
		})
		deadline := time.Now().Add(2 * time.Minute)
		for !strings.Contains(errOut.String(), until) || ready != nil && !ready() {
			require.True(t, time.Now().Before(deadline), "yodel %s never printed %q:\n%s", strings.Join(args, " "), until, errOut.String())
			time.Sleep(200 * time.Millisecond)
		}
		require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
		err := cmd.Wait()
		exited = true
		t.Logf("$ yodel %s  (Ctrl-C)\n%s%s", strings.Join(args, " "), out.String(), errOut.String())
		var ee *exec.ExitError
		require.ErrorAs(t, err, &ee, errOut.String())
		assert.Equal(t, 130, ee.ExitCode(), errOut.String())
		return errOut.String()
	}
	// hinted is the hint of out that starts with prefix.
	hinted := func(out, prefix string) string {
		t.Helper()
		for _, h := range hints(out) {
			if strings.HasPrefix(h, prefix) {
				return h
			}
		}
		t.Fatalf("no %q hint in:\n%s", prefix, out)
		return ""
	}
	args := func(hint string, extra ...string) []string {
		return append(strings.Fields(strings.TrimPrefix(hint, "yodel ")), extra...)
	}

	// init and validate a service of one's own.
	must("init", "web", "--cmd", "sleep 600")
	must("validate", "web")
	code, out, errOut := yodel("validate", "nosuch")
	assert.Equal(t, 2, code)
	runHints(out + errOut)

	// The example service, on a port of its own.
	m, err := os.ReadFile(sandboxtest.HelloManifest(t))
	require.NoError(t, err)
	hello := sandboxtest.ReplaceOnce(t, string(m), "servicePort: 10080", fmt.Sprintf("servicePort: %d", sandboxtest.FreeServicePort(t)))
	write := func(s string) { require.NoError(t, os.WriteFile(filepath.Join(dir, "hello.yaml"), []byte(s), 0o644)) }
	write(hello)
	must("deploy", "-f", "hello.yaml", "--realm", realm, "--release", "v1", "--strategy", "rolling")
	must("status", "hello", "--realm", realm)

	// web without ports (nothing routes it: replaced in place) v1, then a
	// v2 that never gets healthy: Ctrl-C leaves it running, and its undo
	// hint puts v1 back as printed, cancelling the stuck deployment.
	svc := filepath.Join(dir, "services", "web.yaml")
	web := "service: web\ncmd: sleep 600\ninstances: 2\nresources: {cpus: 0.1, mem: 32}\n"
	require.NoError(t, os.WriteFile(svc, []byte(web), 0o644))
	must("deploy", "web", "--realm", realm, "--release", "v1", "--yes")
	require.NoError(t, os.WriteFile(svc, []byte(web+"health:\n  command: \"exit 1\"\n  gracePeriodSeconds: 3000\n"), 0o644))
	derr := interrupt("healthy", func() bool { return deploying(yodel, realm) },
		"deploy", "web", "--realm", realm, "--release", "v2", "--strategy", "rolling", "--yes")
	runHints(derr)
	out, _ = must(args(hinted(derr, "yodel rollback "), "--yes")...)
	assert.Contains(t, out, "back from v2 to v1")

	// A canary (of the v2 that never gets healthy) stopped with Ctrl-C:
	// its abort hint undoes it as printed.
	cerr := interrupt("to be healthy", nil, "deploy", "web", "--realm", realm, "--release", "v3", "--strategy", "canary", "--yes")
	runHints(cerr)
	must(args(hinted(cerr, "yodel canary abort "))...)
	out, _ = must("canary", "status", "web", "--realm", realm)
	assert.Contains(t, out, "no canary rollout in progress")
	assert.NotContains(t, out, "  driven by", "a finished rollout names no live driver")

	// A canary of hello with a manual gate, stopped with Ctrl-C at the
	// gate: the promote it printed finishes it from here (the colours
	// swap: /hello-blue, v1's app, is deleted), and rollback puts v1 back
	// from history.
	gated := sandboxtest.ReplaceOnce(t, hello, "canary:\n  instances: 1\n",
		"canary:\n  instances: 1\n  manualGates: [partial]\n  drainTimeout: 5s\n")
	write(sandboxtest.ReplaceOnce(t, gated, "    weight: 10\n",
		"    weight: 10\n    duration: 2s\n    interval: 1s\n    onInconclusive: pass\n"))
	gerr := interrupt("waiting at manual gate", nil, "deploy", "-f", "hello.yaml", "--realm", realm, "--release", "v2", "--strategy", "canary", "--yes")
	runHints(gerr)
	hinted(gerr, "yodel canary resume ")
	out, _ = must("canary", "status", "hello", "--realm", realm) // its driver is gone: what to run
	assert.Contains(t, hints(out), "yodel canary resume hello --realm "+realm, out)
	must(args(hinted(gerr, "yodel canary promote "))...)
	must("canary", "status", "hello", "--realm", realm, "--watch") // until it ends, whoever drives it
	out, _ = must("status", "hello", "--realm", realm, "-o", "json")
	assert.Contains(t, out, `"app": "/hello-green"`)
	out, errOut = must("rollback", "hello", "--realm", realm, "--yes")
	assert.Contains(t, out, "back from v2 to v1", errOut)
	out, _ = must("status", "hello", "--realm", realm, "-o", "json")
	assert.Regexp(t, `"release": "v1"`, out)

	// The same realm found through --realms DIR: every hint, those the
	// canary prints at its gate and canary status's too, addresses it by
	// its file, which needs no --realms (local alone would reach the
	// default sandbox, or none), and the promote runs as printed.
	realms := t.TempDir()
	addressed = filepath.Join(realms, "local.yaml")
	rf, err := os.ReadFile(realm)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(addressed, rf, 0o644))
	gerr = interrupt("waiting at manual gate", nil, "deploy", "-f", "hello.yaml", "--realms", realms, "--realm", "local", "--release", "v3", "--strategy", "canary", "--yes")
	runHints(gerr)
	promote := hinted(gerr, "yodel canary promote ")
	assert.Equal(t, "yodel canary promote hello --realm "+addressed, promote)
	out, _ = must("canary", "status", "hello", "--realms", realms, "--realm", "local")
	assert.Contains(t, hints(out), "yodel canary abort hello --realm "+addressed, out)
	must(args(promote)...)
	must("canary", "status", "hello", "--realms", realms, "--realm", "local", "--watch")
	out, _ = must("status", "hello", "--realms", realms, "--realm", "local", "-o", "json")
	assert.Contains(t, out, `"release": "v3"`)
	addressed = realm

	must("logs", "web", "--realm", realm)
	must("logs", "hello", "--realm", realm)
	out, _ = must("history", "hello", "--realm", realm)
	assert.True(t, strings.HasPrefix(out, "STARTED\tRELEASE\t"), "history has its header off a terminal:\n%s", out)
	must("status", "--realm", realm)
	must("destroy", "hello", "--realm", realm, "--yes")
	must("destroy", "web", "--realm", realm, "--yes")
	code, out, errOut = yodel("status", "hello", "--realm", realm)
	runHints(out + errOut)
	assert.NotEqual(t, 2, code)
	t.Logf("hints seen: %d, read-only ones run: %d", seen, len(ran))
	assert.Contains(t, hints(out+errOut), "yodel deploy hello --realm "+realm, "the hint names the realm as the user did")
	assert.NotEmpty(t, ran, "the walk ran read-only hints")
}

var deploymentRe = regexp.MustCompile(`"deployment":\s*"[^"]+"`)

// deploying reports whether hello has a Marathon deployment in progress.
func deploying(yodel func(...string) (int, string, string), realm string) bool {
	_, out, _ := yodel("status", "web", "--realm", realm, "-o", "json")
	return deploymentRe.MatchString(out)
}
