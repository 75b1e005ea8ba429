//go:build linux

package haproxy

import (
	"os"
	"syscall"
)

// fileID is what the file system says of a file beyond its size and
// mtime: which file it is, and when its inode last changed.
type fileID struct {
	dev, ino  uint64
	ctimeSec  int64
	ctimeNsec int64
}

func idOf(fi os.FileInfo) fileID {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return fileID{}
	}
	sec, nsec := st.Ctim.Unix()
	return fileID{dev: uint64(st.Dev), ino: uint64(st.Ino), ctimeSec: sec, ctimeNsec: nsec}
}
