// Package fakeyodel lets a test binary stand in for the yodel binary's
// `sandbox marathon` command, so the sandbox's process handling (start,
// readiness, port clashes, stopping tasks that outlive the emulator) is
// tested without the real emulator. A test package calls MaybeRun first
// thing in TestMain and passes os.Args[0] as the yodel executable.
//
// The fake emulator serves /ping and starts two "tasks" (sleep processes):
// one in its own session (found by down only through the inherited
// environment) and one, like the real emulator's, in its own process group
// within the emulator's session, with a clean environment. It records their
// pids, one per line, in STATE_DIR/fake-tasks. Executor "fail" makes it
// exit 1 at once with a message; "noping" makes it never answer /ping.
package fakeyodel

import (
	"context"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
)

// TasksFile is where the fake emulator records its task pids.
const TasksFile = "fake-tasks"

// MaybeRun acts as yodel and exits when the process was started as one
// (first argument "sandbox", "lb" or "server": the last two it does not
// have); otherwise it returns.
func MaybeRun() {
	if len(os.Args) < 2 || (os.Args[1] != "sandbox" && os.Args[1] != "lb" && os.Args[1] != "server") {
		return
	}
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	if len(args) >= 2 && args[0] == "sandbox" && args[1] == "marathon" {
		for _, a := range args {
			if a == "--help" {
				fmt.Println("Fake emulator.\n\nUsage:\n  yodel sandbox marathon [flags]")
				return 0
			}
		}
		return emulator(args[2:])
	}
	fmt.Fprintf(os.Stderr, "error: unknown command %q for \"yodel\"\n", strings.Join(args, " "))
	return 1
}

func emulator(args []string) int {
	fs := flag.NewFlagSet("marathon", flag.ContinueOnError)
	listen := fs.String("listen", "", "")
	stateDir := fs.String("state-dir", "", "")
	executor := fs.String("executor", "process", "")
	portRange := fs.String("port-range", "31000-32000", "")
	fs.String("marathon-version", "1.4", "")
	fs.String("enable-features", "", "")
	fs.Int("zk-max-versions", 50, "")
	_ = fs.String("credentials-file", "", "") // the fake asks for none
	if err := fs.Parse(args); err != nil {
		return 2
	}
	var lo, hi int
	if _, err := fmt.Sscanf(*portRange, "%d-%d", &lo, &hi); err != nil || lo > hi {
		fmt.Fprintf(os.Stderr, "error: --port-range %q is not lo-hi\n", *portRange)
		return 2
	}
	if *executor == "fail" {
		fmt.Fprintln(os.Stderr, "error: state dir is not writable (fake failure)")
		return 1
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		return 1
	}
	var pids []string
	for i, attr := range []*syscall.SysProcAttr{{Setsid: true}, {Setpgid: true}} {
		dir := filepath.Join(*stateDir, "tasks", fmt.Sprint(i))
		_ = os.MkdirAll(dir, 0o755)
		cmd := exec.Command("sleep", "600")
		cmd.Dir, cmd.SysProcAttr = dir, attr
		if attr.Setpgid {
			// Like the real emulator: a clean environment, own process
			// group, the emulator's session.
			cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
		}
		if err := cmd.Start(); err != nil {
			fmt.Fprintln(os.Stderr, "error:", err)
			return 1
		}
		pids = append(pids, fmt.Sprint(cmd.Process.Pid))
	}
	if err := os.WriteFile(filepath.Join(*stateDir, TasksFile), []byte(strings.Join(pids, "\n")+"\n"), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		return 1
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/ping", func(w http.ResponseWriter, r *http.Request) {
		if *executor == "noping" {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		fmt.Fprint(w, "pong")
	})
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	srv := &http.Server{Handler: mux}
	go func() { <-ctx.Done(); srv.Close() }()
	fmt.Fprintln(os.Stderr, "fake emulator listening on", ln.Addr())
	_ = srv.Serve(ln)
	// Like the process executor: the tasks are left running.
	return 0
}
