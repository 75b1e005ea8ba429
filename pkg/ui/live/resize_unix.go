//go:build unix

package live

import (
	"os"
	"os/signal"
	"syscall"
)

// OnResize calls redraw each time the terminal is resized (SIGWINCH) until
// stop is closed.
func OnResize(stop <-chan struct{}, redraw func()) {
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGWINCH)
	go func() {
		defer signal.Stop(c)
		for {
			select {
			case <-stop:
				return
			case <-c:
				redraw()
			}
		}
	}()
}
