//go:build !linux

package haproxy

import "os"

// fileID is empty here: size and mtime alone tell a change (the
// inode and ctime are read on Linux, where the agent runs).
type fileID struct{}

func idOf(os.FileInfo) fileID { return fileID{} }
