//go:build unix

package sandbox

import (
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
)

// A descriptor yodel inherited without close-on-exec (as from a caller's
// `exec 9>lock; flock 9`) must not reach the daemons sandbox up starts.
func TestInheritedDescriptorsDoNotReachDaemons(t *testing.T) {
	fd, err := syscall.Open(filepath.Join(t.TempDir(), "lock"), syscall.O_CREAT|syscall.O_RDWR, 0o600) // no O_CLOEXEC
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Close(fd)
	childHas := func() bool {
		err := exec.Command("/bin/sh", "-c", "[ -e /dev/fd/"+strconv.Itoa(fd)+" ]").Run()
		return err == nil
	}
	if !childHas() {
		t.Fatal("setup: a child should inherit a descriptor without close-on-exec")
	}
	closeInheritedOnExec()
	if childHas() {
		t.Errorf("fd %d still passed to children after closeInheritedOnExec", fd)
	}
}
