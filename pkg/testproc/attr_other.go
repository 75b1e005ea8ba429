//go:build !linux

package testproc

import "syscall"

// DieWithParent: only Linux can tie a child's life to its parent's; the
// tests' own cleanup stops it elsewhere.
func DieWithParent() *syscall.SysProcAttr { return &syscall.SysProcAttr{} }
