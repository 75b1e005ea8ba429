//go:build !unix

package live

// OnResize does nothing where there is no SIGWINCH: each frame still asks
// for the width, so the next redraw fits.
func OnResize(stop <-chan struct{}, redraw func()) {}
