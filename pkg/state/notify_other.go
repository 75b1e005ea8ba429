//go:build !linux

package state

// dirNotifier: without inotify the file store polls only.
type dirNotifier struct{}

func notifyDir(...string) *dirNotifier { return nil }

func (n *dirNotifier) wake() <-chan struct{} { return nil }

func (n *dirNotifier) close() {}

func (n *dirNotifier) complete() bool { return false }
