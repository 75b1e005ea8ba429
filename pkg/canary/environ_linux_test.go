package canary

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// environHelperEnv makes the test binary run RunCommand for
// TestIsolatedCommandCannotReadItsParentsEnviron and exit.
const environHelperEnv = "YODEL_TEST_ENVIRON_HELPER"

// environPlanted is in the helper's environment, as the realm's Marathon
// password is in a deploying yodel's.
const environPlanted = "PLANTED_MARATHON_PW=environ-planted-7Qx"

func TestMain(m *testing.M) {
	if os.Getenv(environHelperEnv) == "1" {
		tgt := Target{URL: "http://127.0.0.1:1", HeaderName: "X-Yodel-Track", HeaderValue: "canary"}
		res := RunCommand(context.Background(), `cat /proc/$$/environ >/dev/null && echo own-environ-readable; tr '\0' '\n' < /proc/$PPID/environ`,
			tgt, "/", os.Stdout, StepIsolated)
		fmt.Println("verdict:", res.Verdict)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestIsolatedCommandCannotReadItsParentsEnviron: the isolated command gets
// a minimal environment, but it runs as the deployer, and reading
// /proc/$PPID/environ gave it yodel's whole one (the realm's credentials).
// yodel is undumpable by the time the command starts, which closes that
// file to other processes of the same user; the command's own stays
// readable to it. Root reads any process's environ, so as root the helper
// (this binary, copied where another user may run it) runs as nobody.
func TestIsolatedCommandCannotReadItsParentsEnviron(t *testing.T) {
	if _, err := os.Stat("/proc/self/environ"); err != nil {
		t.Skip("no /proc")
	}
	dir, err := os.MkdirTemp("", "yodel-environ-")
	require.NoError(t, err)
	t.Cleanup(func() { os.RemoveAll(dir) })
	require.NoError(t, os.Chmod(dir, 0o755))
	bin := filepath.Join(dir, "canary.test")
	copyFile(t, os.Args[0], bin)

	cmd := exec.Command(bin, "-test.run=^$")
	cmd.Dir = dir
	cmd.Env = []string{environHelperEnv + "=1", environPlanted, "PATH=/usr/bin:/bin"}
	if os.Geteuid() == 0 {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	}
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	assert.Contains(t, string(out), "own-environ-readable", "the command ran, with its own /proc readable")
	assert.NotContains(t, string(out), environPlanted, "the command read its parent's environment")
	assert.Contains(t, string(out), "Permission denied")
	assert.Contains(t, string(out), "verdict: "+VerdictFail)
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	require.NoError(t, err)
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o755)
	require.NoError(t, err)
	_, err = io.Copy(out, in)
	require.NoError(t, err)
	require.NoError(t, out.Close())
}
