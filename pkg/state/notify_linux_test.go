package state

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// A file renamed into the directory wakes the notifier (the file store's
// routing counter and agent records are written so); closing it ends its
// reader.
func TestNotifyDirWakesOnRename(t *testing.T) {
	dir := t.TempDir()
	n := notifyDir(dir)
	if n == nil {
		t.Skip("no inotify here: the file store polls")
	}
	tmp := filepath.Join(dir, ".seq.tmp")
	if err := os.WriteFile(tmp, []byte("1"), 0o600); err != nil {
		t.Fatal(err)
	}
	select {
	case <-n.wake():
		t.Fatal("woken by a file that was not renamed into place")
	default:
	}
	if err := os.Rename(tmp, filepath.Join(dir, "seq")); err != nil {
		t.Fatal(err)
	}
	select {
	case <-n.wake():
	case <-time.After(10 * time.Second):
		t.Fatal("a rename into the directory did not wake the notifier")
	}
	n.close()
}
