//go:build unix

package live

import (
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A resize (SIGWINCH) redraws the frame at the new width at once, not at
// the view's next tick.
func TestOnResizeRedrawsOnSIGWINCH(t *testing.T) {
	vt, s := term(100, Inline)
	require.NoError(t, s.Draw(frameA()))
	redrawn := make(chan struct{}, 1)
	stop := make(chan struct{})
	defer close(stop)
	OnResize(stop, func() {
		_ = s.Redraw()
		redrawn <- struct{}{}
	})
	vt.Resize(30)
	require.NoError(t, syscall.Kill(syscall.Getpid(), syscall.SIGWINCH))
	select {
	case <-redrawn:
	case <-time.After(10 * time.Second):
		t.Fatal("no redraw after SIGWINCH")
	}
	for _, r := range vt.Screen() {
		assert.LessOrEqual(t, len([]rune(r)), 30)
	}
	assert.Len(t, vt.Screen(), 5)
}
