package portlease

import (
	"fmt"
	"os"
	"os/exec"
	"testing"
	"time"
)

func TestLeasesNeverOverlap(t *testing.T) {
	var held []*Lease
	defer func() {
		for _, l := range held {
			l.Release()
		}
	}()
	for range 5 {
		l, err := Take(600, time.Second)
		if err != nil {
			t.Fatal(err)
		}
		if l.Hi-l.Lo+1 < 600 || l.Lo < Low || l.Hi > High {
			t.Fatalf("lease %s: want 600 ports within %d-%d", l, Low, High)
		}
		for _, o := range held {
			if l.Lo <= o.Hi && o.Lo <= l.Hi {
				t.Fatalf("lease %s overlaps %s", l, o)
			}
		}
		held = append(held, l)
	}
}

// Another process's lease excludes its ports here too, until it exits.
func TestLeaseHeldAcrossProcesses(t *testing.T) {
	if os.Getenv("PORTLEASE_CHILD") != "" {
		l, err := Take(SlotSize, 10*time.Second)
		if err != nil {
			os.Exit(2)
		}
		os.Stdout.WriteString(l.String() + "\n")
		os.Stdin.Read(make([]byte, 1)) // hold it until the parent closes stdin
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestLeaseHeldAcrossProcesses$")
	cmd.Env = append(os.Environ(), "PORTLEASE_CHILD=1")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 64)
	n, err := out.Read(buf)
	if err != nil {
		t.Fatalf("child: %v", err)
	}
	var lo, hi int
	if _, err := fmt.Sscanf(string(buf[:n]), "%d-%d", &lo, &hi); err != nil {
		t.Fatalf("child said %q: %v", buf[:n], err)
	}
	slot := (lo - Low) / SlotSize
	if _, err := tryWindow(slot, 1); err != errBusy {
		t.Fatalf("slot %d (%d-%d) held by the child: tryWindow = %v, want busy", slot, lo, hi, err)
	}
	stdin.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatal(err)
	}
	// The child is gone, so is its lock (unless another test process took
	// the slot at once, which a retry rides out).
	for i := 0; ; i++ {
		l, err := tryWindow(slot, 1)
		if err == nil {
			l.Release()
			break
		}
		if i == 20 {
			t.Fatalf("slot %d still held after the child exited: %v", slot, err)
		}
		time.Sleep(50 * time.Millisecond) // another process's lock: nothing to wait on
	}
}
