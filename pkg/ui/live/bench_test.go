package live

import (
	"io"
	"strings"
	"testing"
)

// BenchmarkDrawInline is one redraw of a 12-line coloured frame, two of
// its lines wider than the 80-column terminal: what each tick of a live
// view costs on top of building the frame.
func BenchmarkDrawInline(b *testing.B) {
	frame := strings.Repeat(frameA(), 3)
	s := New(io.Discard, Options{Mode: Inline, Width: func() int { return 80 }})
	for b.Loop() {
		if err := s.Draw(frame); err != nil {
			b.Fatal(err)
		}
	}
}
