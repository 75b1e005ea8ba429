package emulator

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pythonMarathon is the interpreter Debian's python3-marathon installs for.
const pythonMarathon = "/usr/bin/python3"

// The python Marathon client (python-marathon 0.13, Debian package
// python3-marathon) against each modelled version: info, apps, tasks,
// kills, scaling, restart, queue, deployments, and each version's app and
// task shape. Its kill_task cannot parse 1.4's Instance JSON reply (the
// kill still happens), and get_app(embed_task_stats=True) cannot take
// 1.10's "tasksStats"; the test pins both.
func TestPythonMarathonClient(t *testing.T) {
	if err := exec.Command(pythonMarathon, "-c", "import marathon").Run(); err != nil {
		t.Skip("python3-marathon is not installed (apt-get install python3-marathon)")
	}
	for _, v := range []string{Version14, Version110} {
		t.Run("marathon-"+v, func(t *testing.T) {
			te := startEmu(t, Config{MarathonVersion: v, TimeScale: 0.1})
			script, err := filepath.Abs("testdata/python_marathon.py")
			require.NoError(t, err)
			out, err := exec.Command(pythonMarathon, script, te.url, map[string]string{Version14: "1.4.13", Version110: "1.10.26"}[v]).CombinedOutput()
			require.NoError(t, err, "%s", out)
			lines := strings.Split(strings.TrimSpace(string(out)), "\n")
			assert.Equal(t, "ok", lines[len(lines)-1])
			assert.Contains(t, string(out), "info "+map[string]string{Version14: "1.4.13", Version110: "1.10.26"}[v]+" 50")
			if v == Version14 {
				assert.Contains(t, string(out), "kill_task TypeError", "1.4's kill reply is an Instance, not a task")
				assert.Contains(t, string(out), "task_stats True")
			} else {
				assert.Contains(t, string(out), "kill_task True")
				assert.Contains(t, string(out), "task_stats TypeError tasks_stats", "1.10 embeds raml.AppInfo's tasksStats, which MarathonApp does not take")
			}
		})
	}
}
