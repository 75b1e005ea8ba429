package svcutil

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	engine "github.com/yodeldeploy/yodel/pkg/deploy"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/realm"
)

// failedOutputLines is how much of a failed task's output a failed change
// shows: enough for a stack trace's end or an "address in use".
const failedOutputLines = 15

// PrintWhyTasksFailed prints, for a change that failed on dying tasks
// (an engine ChangeError naming its failed task), what that task wrote.
func PrintWhyTasksFailed(ctx context.Context, w io.Writer, mc *marathon.Client, r *realm.Realm, err error) {
	var ce *engine.ChangeError
	if errors.As(err, &ce) {
		PrintFailedTaskOutput(ctx, w, mc, r, ce.Service, ce.FailedTask)
	}
}

// PrintFailedTaskOutput writes the last lines a failed task wrote (stderr,
// else stdout), read from its Mesos agent, which keeps a finished task's
// sandbox: "command exited with status 3" says that a task died, its
// output says why. Best effort and bounded: an agent this machine cannot
// reach costs a line saying so, never the command's own error. Output cut
// at its last lines says where the rest is (`yodel logs` of svc).
func PrintFailedTaskOutput(ctx context.Context, w io.Writer, mc *marathon.Client, r *realm.Realm, svc string, t *marathon.TaskRef) {
	if t == nil || t.ID == "" || t.Host == "" || r.Mesos.AgentURL == "" {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	agent := marathon.AgentURL(r.Mesos.AgentURL, t.Host, t.SlaveID)
	var out, file string
	var err error
	for _, file = range []string{"stderr", "stdout"} {
		if out, err = mc.TaskOutputTail(ctx, agent, t.ID, file, failedOutputLines); err != nil || strings.TrimSpace(out) != "" {
			break
		}
	}
	switch {
	case err != nil:
		fmt.Fprintf(w, "(the output of failed task %s could not be read from its Mesos agent: %v)\n", t.ID, err)
	case strings.TrimSpace(out) == "":
		fmt.Fprintf(w, "(failed task %s wrote nothing on stdout or stderr)\n", t.ID)
	default:
		fmt.Fprintf(w, "Last lines of failed task %s (%s, on %s):\n", t.ID, file, t.Host)
		lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
		for _, l := range lines {
			if len(l) > 300 {
				l = l[:300] + "…"
			}
			fmt.Fprintf(w, "  %s\n", l)
		}
		if len(lines) >= failedOutputLines && svc != "" {
			flag := ""
			if file == "stderr" {
				flag = " --stderr"
			}
			fmt.Fprintf(w, "  (the rest: yodel logs %s --realm %s --task %s%s --tail 1000)\n", svc, r.Arg(), t.ID, flag)
		}
	}
}
