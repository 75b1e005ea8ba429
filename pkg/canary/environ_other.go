//go:build !linux

package canary

// hideEnviron: /proc/<pid>/environ is Linux's; elsewhere nothing to hide.
func hideEnviron() error { return nil }
