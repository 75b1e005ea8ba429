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
	ran := map[string]bool{}
	seen := 0
	var yodel func(args ...string) (int, string, string)
	// runHints runs the read-only hints of a command's output as printed.
	runHints := func(out string) {
		t.Helper()
		for _, h := range hints(out) {
			seen++
			args := strings.Fields(strings.TrimPrefix(h, "yodel "))
			var kept []string
			for _, a := range args {
				if a != "--watch" && a != "-f" || args[0] == "validate" {
					kept = append(kept, a)
				}
			}
			// A placeholder (<realm>, path/to/x.yaml) is an example, not a command.
			if !readOnly(kept) || ran[strings.Join(kept, " ")] || strings.ContainsAny(h, "<>") || strings.Contains(h, "path/to/") {
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

	// web without ports (not routed: replaced in place) v1, then a v2
	// that never gets healthy: Ctrl-C leaves it running, and its undo
	// hint puts v1 back as printed.
	svc := filepath.Join(dir, "services", "web.yaml")
	web := "service: web\ncmd: sleep 600\ninstances: 2\nresources: {cpus: 0.1, mem: 32}\n"
	require.NoError(t, os.WriteFile(svc, []byte(web), 0o644))
	must("deploy", "web", "--realm", realm, "--release", "v1", "--yes")
	require.NoError(t, os.WriteFile(svc, []byte(web+"health:\n  command: \"exit 1\"\n  gracePeriodSeconds: 3000\n"), 0o644))
	cmd := exec.Command(sb.Bin, "deploy", "web", "--realm", realm, "--release", "v2", "--strategy", "rolling", "--yes")
	cmd.Dir, cmd.Env = dir, append(os.Environ(), "CI=true", "NO_COLOR=1")
	var dout, derr sandboxtest.Buffer
	cmd.Stdout, cmd.Stderr = &dout, &derr
	require.NoError(t, cmd.Start())
	deadline := time.Now().Add(2 * time.Minute)
	for !strings.Contains(derr.String(), "healthy") || !deploying(yodel, realm) {
		require.True(t, time.Now().Before(deadline), "v2 never started deploying:\n%s", derr.String())
		time.Sleep(200 * time.Millisecond)
	}
	require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
	err = cmd.Wait()
	var ee *exec.ExitError
	require.ErrorAs(t, err, &ee, derr.String())
	assert.Equal(t, 130, ee.ExitCode(), derr.String())
	var undo string
	for _, h := range hints(derr.String()) {
		if strings.HasPrefix(h, "yodel rollback ") {
			undo = h
		}
	}
	runHints(derr.String())
	// Interrupted while the new tasks start beside the old ones (a routed
	// service's surge) nothing is left to undo; interrupted during the
	// update, the undo hint must work as printed.
	if undo == "" {
		assert.Contains(t, derr.String(), "web v1 keeps serving")
	} else {
		out, _ = must(append(strings.Fields(strings.TrimPrefix(undo, "yodel ")), "--yes")...)
		assert.Contains(t, out, "back from v2 to v1")
	}

	// A canary (of the v2 that never gets healthy) stopped with Ctrl-C:
	// its hints address this sandbox's realm as the user named it, and
	// the abort one undoes it as printed.
	cmd = exec.Command(sb.Bin, "deploy", "web", "--realm", realm, "--release", "v3", "--strategy", "canary", "--yes")
	cmd.Dir, cmd.Env = dir, append(os.Environ(), "CI=true", "NO_COLOR=1")
	var cerr sandboxtest.Buffer
	cmd.Stdout, cmd.Stderr = &dout, &cerr
	require.NoError(t, cmd.Start())
	deadline = time.Now().Add(2 * time.Minute)
	for !strings.Contains(cerr.String(), "to be healthy") {
		require.True(t, time.Now().Before(deadline), "the canary never started:\n%s", cerr.String())
		time.Sleep(200 * time.Millisecond)
	}
	require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
	_ = cmd.Wait()
	var abort string
	for _, h := range hints(cerr.String()) {
		assert.Contains(t, h, "--realm "+realm, "hint %q names another realm", h)
		if strings.HasPrefix(h, "yodel canary abort ") {
			abort = h
		}
	}
	require.NotEmpty(t, abort, "the stopped canary names its undo:\n%s", cerr.String())
	runHints(cerr.String())
	must(strings.Fields(strings.TrimPrefix(abort, "yodel "))...)
	out, _ = must("canary", "status", "web", "--realm", realm)
	assert.Contains(t, out, "no canary rollout in progress")
	assert.NotContains(t, out, "  driven by", "a finished rollout names no live driver")

	must("logs", "web", "--realm", realm)
	must("logs", "hello", "--realm", realm)
	must("history", "hello", "--realm", realm)
	must("status", "--realm", realm)
	must("destroy", "hello", "--realm", realm, "--yes")
	must("destroy", "web", "--realm", realm, "--yes")
	code, out, errOut = yodel("status", "hello", "--realm", realm)
	runHints(out + errOut)
	assert.NotEqual(t, 2, code)
	t.Logf("hints seen: %d, read-only ones run: %d", seen, len(ran))
	assert.Contains(t, hints(out+errOut), "yodel deploy hello --realm "+realm, "the hint names the realm as the user did")
}

var deploymentRe = regexp.MustCompile(`"deployment":\s*"[^"]+"`)

// deploying reports whether hello has a Marathon deployment in progress.
func deploying(yodel func(...string) (int, string, string), realm string) bool {
	_, out, _ := yodel("status", "web", "--realm", realm, "-o", "json")
	return deploymentRe.MatchString(out)
}
