// Package atomicfile is the one way yodel replaces a file that something
// else reads: HAProxy's configuration, the file store's records, the
// sandbox's realm and record, JUnit reports. Readers see the old content or
// the new, never part; and after a power loss, the old or the new, never an
// empty file: the data is fsynced before the rename (google/renameio) and
// the directory after it, so the rename itself survives too.
package atomicfile

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/google/renameio/v2"
)

// WriteFile replaces path with data, mode perm (not subject to the umask:
// the mode is what the caller says readers need).
func WriteFile(path string, data []byte, perm os.FileMode) error {
	return Write(path, perm, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// Write replaces path with what write produces. When write fails, path is
// left as it was and the temporary file is removed.
func Write(path string, perm os.FileMode, write func(io.Writer) error) error {
	return replace(path, write, renameio.WithStaticPermissions(perm))
}

// WriteKeepMode is Write, but a file already at path keeps its mode: for
// files an operator owns beside yodel (HAProxy's configuration, which may
// carry stats passwords: a chmod 600 must survive the next rewrite). perm
// is the mode of a new file.
func WriteKeepMode(path string, perm os.FileMode, write func(io.Writer) error) error {
	return replace(path, write, renameio.WithStaticPermissions(perm), renameio.WithExistingPermissions())
}

func replace(path string, write func(io.Writer) error, mode ...renameio.Option) error {
	dir := filepath.Dir(path)
	// The temporary file goes next to path: a rename only replaces
	// atomically within one file system.
	t, err := renameio.NewPendingFile(path, append([]renameio.Option{renameio.WithTempDir(dir)}, mode...)...)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer t.Cleanup()
	if err := write(t); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := t.CloseAtomicallyReplace(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return syncDir(dir)
}

// syncDir makes the rename durable. A directory that cannot be opened or
// synced (some file systems refuse fsync on directories) is not an error:
// the file is already in place for every reader.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return nil
	}
	_ = d.Sync()
	return d.Close()
}
