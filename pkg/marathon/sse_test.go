package marathon

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func readFrames(t *testing.T, r io.Reader, max int) ([]frame, error) {
	t.Helper()
	s := newSSEReader(r, max)
	var out []frame
	for {
		f, err := s.next()
		if err != nil {
			return out, err
		}
		out = append(out, f)
	}
}

func TestSSEFraming(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []frame
	}{
		{"marathon CRLF with heartbeats",
			"\r\n\r\nevent: status_update_event\r\ndata: {\"a\":1}\r\n\r\n\r\n",
			[]frame{{event: "status_update_event", data: []byte(`{"a":1}`)}}},
		{"LF only", "event: x\ndata: 1\n\ndata: 2\n\n",
			[]frame{{event: "x", data: []byte("1")}, {data: []byte("2")}}},
		{"CR only", "event: x\rdata: 1\r\r", []frame{{event: "x", data: []byte("1")}}},
		{"multi-line data joined with LF", "data: a\r\ndata:b\r\ndata:  c\r\n\r\n",
			[]frame{{data: []byte("a\nb\n c")}}},
		{"comments and unknown fields ignored", ": hi\r\nid: 7\r\nretry: 10\r\nfoo\r\ndata: z\r\n\r\n",
			[]frame{{data: []byte("z")}}},
		{"event without data is not dispatched", "event: x\r\n\r\ndata: y\r\n\r\n",
			[]frame{{data: []byte("y")}}},
		{"BOM at start", "\xEF\xBB\xBFdata: y\n\n", []frame{{data: []byte("y")}}},
		{"empty data field dispatches empty", "data\n\n", []frame{{data: []byte{}}}},
		{"partial last event at EOF is dropped", "data: a\n\ndata: {\"trunc", []frame{{data: []byte("a")}}},
		{"no blank line after last event", "data: a\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, rd := range []struct {
				name string
				r    io.Reader
			}{{"whole", strings.NewReader(tt.in)}, {"byte by byte", iotest.OneByteReader(strings.NewReader(tt.in))}} {
				got, err := readFrames(t, rd.r, 1<<20)
				require.ErrorIs(t, err, io.EOF, rd.name)
				normalize(got)
				normalize(tt.want)
				assert.Equal(t, tt.want, got, rd.name)
			}
		})
	}
}

func normalize(fs []frame) {
	for i := range fs {
		if fs[i].data == nil {
			fs[i].data = []byte{}
		}
	}
}

func TestSSELineCap(t *testing.T) {
	long := strings.Repeat("x", 100)
	in := "event: big\r\ndata: " + long + "\r\n\r\n" +
		"data: " + strings.Repeat("y", 30) + "\r\ndata: " + strings.Repeat("z", 30) + "\r\n\r\n" +
		"event: ok\r\ndata: {}\r\n\r\n"
	got, err := readFrames(t, strings.NewReader(in), 50)
	require.ErrorIs(t, err, io.EOF)
	require.Len(t, got, 3)
	assert.True(t, got[0].tooLong, "a line over the cap marks the event")
	assert.Equal(t, "big", got[0].event)
	assert.Less(t, len(got[0].data), 51)
	assert.True(t, got[1].tooLong, "data lines adding up over the cap too")
	assert.False(t, got[2].tooLong, "the stream goes on after a dropped event")
	assert.Equal(t, "ok", got[2].event)
}

func TestSSEReadError(t *testing.T) {
	boom := errors.New("boom")
	r := io.MultiReader(strings.NewReader("data: a\r\n\r\ndata: b"), iotest.ErrReader(boom))
	got, err := readFrames(t, r, 1024)
	assert.ErrorIs(t, err, boom)
	assert.Len(t, got, 1)
}
