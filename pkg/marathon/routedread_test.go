package marathon

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// repeat is n bytes of b, made as they are read.
type repeat struct {
	b byte
	n int64
}

func (r *repeat) Read(p []byte) (int, error) {
	if r.n == 0 {
		return 0, io.EOF
	}
	p = p[:min(int64(len(p)), r.n)]
	for i := range p {
		p[i] = r.b
	}
	r.n -= int64(len(p))
	return len(p), nil
}

// TestRoutedReadHoldsNoAppWhole: an app of 96 MiB of labels and
// command (anybody who may post to Marathon can make one; Marathon stores
// it compressed) is read for routing with memory that does not grow with
// it, beside the apps around it, and keeps its routing labels.
func TestRoutedReadHoldsNoAppWhole(t *testing.T) {
	const size = 24 << 20
	body := io.MultiReader(
		strings.NewReader(`{"apps":[{"id":"/a-blue","labels":{"YODEL_SERVICE":"a"},"tasks":[{"id":"a.1","host":"h","ports":[1]}]},`+
			`{"id":"/big","labels":{"X":"`), &repeat{'x', size},
		strings.NewReader(`","YODEL_SERVICE":"big","HAPROXY_0_VHOST":"`), &repeat{'v', size}, // over maxRoutingLabel: unset
		strings.NewReader(`"},"cmd":"`), &repeat{'c', size},
		strings.NewReader(`","env":{"K":[`), &repeat{'1', size},
		strings.NewReader(`]},"tasks":[{"id":"big.1","host":"h","ports":[2]}]},{"id":"/b-blue","labels":{"YODEL_SERVICE":"b"}}]}`))
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	var got []*App
	err := walkRouted(body, MaxResponseBytes, func(a *App) error { got = append(got, a); return nil },
		func(e *AppTooLargeError) error {
			t.Fatalf("nothing is over the cap of a routing part: %v", e)
			return nil
		})
	runtime.ReadMemStats(&after)
	require.NoError(t, err)
	require.Len(t, got, 3)
	assert.Equal(t, "/big", got[1].ID)
	assert.Equal(t, map[string]string{"YODEL_SERVICE": "big"}, *got[1].Labels)
	require.Len(t, got[1].Tasks, 1)
	assert.Equal(t, []int{2}, got[1].Tasks[0].Ports)
	assert.Equal(t, "b", got[2].Service())
	// 96 MiB read (over the 64 MiB an app the CLI reads); what was allocated is the buffer and the apps kept.
	assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(4<<20), "allocated while reading 96 MiB of one app")
}

// TestRoutedReadLeavesOutAnOversizedRoutingPart: an app whose tasks, ports
// or constraints alone are over the cap is named and left out; the apps
// around it are read.
func TestRoutedReadLeavesOutAnOversizedRoutingPart(t *testing.T) {
	many := strings.Repeat(`["rack","LIKE","x"],`, 400) + `["rack","GROUP_BY"]`
	body := `{"apps":[{"id":"/a"},{"id":"/big","constraints":[` + many + `],"labels":{"YODEL_SERVICE":"big"}},` +
		`{"constraints":[` + many + `],"id":"/late"},{"id":"/b"}]}`
	var got []string
	var skipped []string
	err := walkRouted(strings.NewReader(body), 4<<10, func(a *App) error { got = append(got, a.ID); return nil },
		func(e *AppTooLargeError) error { skipped = append(skipped, e.Error()); return nil })
	require.NoError(t, err)
	assert.Equal(t, []string{"/a", "/b"}, got)
	require.Len(t, skipped, 2)
	assert.Contains(t, skipped[0], "/big: its tasks, ports, checks and constraints are larger than 4 KiB")
	assert.Contains(t, skipped[1], "/late: its tasks", "an id after the cap is still read, to name the app")
}

// TestWholeReadLeavesOutAnOversizedApp: the CLI's reads (Apps,
// ServiceApps) decode each app whole as encoding/json does, and an app
// over the cap of one is named and left out, the apps around it read: a
// foreign app too large to read stops nobody's status.
func TestWholeReadLeavesOutAnOversizedApp(t *testing.T) {
	big := strings.Repeat("x", 8<<10)
	body := `{"apps":[{"id":"/a","cmd":"sleep 1","labels":{"YODEL_SERVICE":"a"}},{"id":"/big","labels":{"X":"` + big + `"}},` +
		`{"env":{"X":"` + big + `"},"id":"/late"},{"cmd":"` + big + `","id":"/` + strings.Repeat("i", maxKeyRaw) + `"},{"id":"/b","tasks":[null,{"id":"b.1"}]}]}`
	var got []*App
	var skipped []*AppTooLargeError
	err := walkWhole(iotest.OneByteReader(strings.NewReader(body)), 4<<10, func(a *App) error { got = append(got, a); return nil },
		func(e *AppTooLargeError) error { skipped = append(skipped, e); return nil })
	require.NoError(t, err)
	require.Len(t, got, 2)
	assert.Equal(t, "/a", got[0].ID)
	assert.Equal(t, "sleep 1", *got[0].Cmd, "whole: every field, not only routing's")
	assert.Equal(t, "a", got[0].Service())
	assert.Equal(t, "/b", got[1].ID)
	require.Len(t, got[1].Tasks, 1, "null tasks dropped as before")
	require.Len(t, skipped, 3)
	assert.Equal(t, "/big", skipped[0].ID)
	assert.Equal(t, "/late", skipped[1].ID, "an id after the cap is still read")
	assert.Empty(t, skipped[2].ID, "an id too long to keep is not")
	assert.EqualError(t, skipped[0], "marathon: /big is larger than 4 KiB, the most yodel reads of one app: left out of the read (check its labels, environment and command)")
	assert.Contains(t, skipped[2].Error(), "an app (its id came later)")

	stop := errors.New("stop")
	err = walkWhole(strings.NewReader(body), 4<<10, func(*App) error { return nil }, func(*AppTooLargeError) error { return stop })
	assert.Same(t, stop, err, "skipped's error stops the walk")
}

// TestRoutedReadRefusesWhatTheFullReadRefuses: broken JSON, wherever it is
// (in what the routed read drops unread too), fails the read as
// encoding/json fails the full one.
func TestRoutedReadRefusesWhatTheFullReadRefuses(t *testing.T) {
	for _, body := range []string{
		``,
		`{"apps":[{"id":"/a"}]`,
		`{"apps":[{"id":"/a","cmd":"x\q"}]}`,
		`{"apps":[{"id":"/a","cmd":"x` + "\x01" + `"}]}`,
		`{"apps":[{"id":"/a","env":{"a":01}}]}`,
		`{"apps":[{"id":"/a","env":{"a":1.}}]}`,
		`{"apps":[{"id":"/a","env":{"a":-}}]}`,
		`{"apps":[{"id":"/a","env":{"a":tru}}]}`,
		`{"apps":[{"id":"/a","env":{"a" 1}}]}`,
		`{"apps":[{"id":"/a","env":[1,]}]}`,
		`{"apps":[{"id":"/a","env":{1:1}}]}`,
		`{"apps":[{"id":"/a","labels":{"X":1}}]}`,
		`{"apps":[{"id":"/a","labels":[]}]}`,
		`{"apps":[{"id":"/a",}]}`,
		`{"apps":[{"id":"/a"}]} x`,
		`{"apps":{}}`,
		`{"apps":[1]}`,
		`{"apps":[{"id":"/a","cmd":` + strings.Repeat("[", maxNesting) + strings.Repeat("]", maxNesting) + `}]}`,
		`{"x":"\u12"}`,
	} {
		t.Run(fmt.Sprintf("%.40s", body), func(t *testing.T) {
			errFull := refWalkApps(strings.NewReader(body), func(*App) error { return nil })
			require.Error(t, errFull, "the full read refuses it")
			errRouted := walkRouted(strings.NewReader(body), MaxResponseBytes, func(*App) error { return nil }, nil)
			require.Error(t, errRouted)
			errWhole := walkWhole(strings.NewReader(body), MaxResponseBytes, func(*App) error { return nil }, nil)
			require.Error(t, errWhole)
		})
	}
	// One level less deep is taken by both.
	deep := `{"apps":[{"id":"/a","x":` + strings.Repeat("[", maxNesting-1) + strings.Repeat("]", maxNesting-1) + `}]}`
	require.NoError(t, refWalkApps(strings.NewReader(deep), func(*App) error { return nil }))
	require.NoError(t, walkRouted(strings.NewReader(deep), MaxResponseBytes, func(*App) error { return nil }, nil))
	require.NoError(t, walkWhole(strings.NewReader(deep), MaxResponseBytes, func(*App) error { return nil }, nil))
}

// TestRoutedAppIsTheRoutingCopy: the agent's read of one app holds what
// RoutingCopy keeps of the full read of it; a missing app is NotFound; an
// app whose routing part is over the cap is named as such.
func TestRoutedAppIsTheRoutingCopy(t *testing.T) {
	app := `{"id":"/web-blue","cmd":"` + strings.Repeat("c", 2<<20) + `","labels":{"YODEL_SERVICE":"web","X":"x"},` +
		`"portDefinitions":[{"port":10001,"protocol":"tcp"}],"instances":2,"healthChecks":[{"protocol":"HTTP","intervalSeconds":1}],` +
		`"tasks":[{"id":"web.1","host":"h","ports":[31001],"state":"TASK_RUNNING","startedAt":"2026-12-05T00:00:00.000Z",` +
		`"healthCheckResults":[{"alive":true,"firstSuccess":"2026-12-05T00:00:01.000Z"}]}]}`
	huge := `{"id":"/huge","tasks":[` + strings.Repeat(`{"id":"t","host":"h","ports":[1]},`, (1<<20)/32) + `{}]}`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/v2/apps/web-blue":
			_, _ = io.WriteString(w, `{"app":`+app+`}`)
		case "/v2/apps/huge":
			_, _ = io.WriteString(w, `{"app":`+huge+`}`)
		case "/v2/apps/null":
			_, _ = io.WriteString(w, `{"app":null}`)
		default:
			w.WriteHeader(http.StatusNotFound)
			_, _ = io.WriteString(w, `{"message":"App '/x' does not exist"}`)
		}
	}))
	defer srv.Close()
	c, err := New(Config{URLs: []string{srv.URL}})
	require.NoError(t, err)
	c.maxBody = 1 << 20 // the cap of one app, and of a routing part: the command alone is over it

	got, err := c.RoutedApp(context.Background(), "/web-blue")
	require.NoError(t, err)
	var full App
	require.NoError(t, json.Unmarshal([]byte(app), &full))
	assert.Equal(t, RoutingCopy(&full), got)
	_, err = c.App(context.Background(), "/web-blue")
	require.Error(t, err, "the full read of the same app is over the cap")

	_, err = c.RoutedApp(context.Background(), "/gone")
	assert.True(t, IsNotFound(err), "%v", err)
	_, err = c.RoutedApp(context.Background(), "/null")
	assert.ErrorContains(t, err, "answered without an app")
	_, err = c.RoutedApp(context.Background(), "/huge")
	var tl *AppTooLargeError
	require.ErrorAs(t, err, &tl)
	assert.Equal(t, "/huge", tl.ID)
}

// TestStringSpecial: the eight-bytes-at-a-time test finds exactly the
// words with a byte that stops a string scan.
func TestStringSpecial(t *testing.T) {
	special := func(c byte) bool { return c < 0x20 || c == '"' || c == '\\' }
	check := func(w [8]byte) {
		want := false
		for _, c := range w {
			want = want || special(c)
		}
		if got := stringSpecial(binary.LittleEndian.Uint64(w[:])); got != want {
			t.Fatalf("%q: got %v, want %v", w[:], got, want)
		}
	}
	for v := range 256 {
		for p := range 8 {
			for _, fill := range []byte{'a', 0x7f, 0x80, 0xff, 0x20, 0x21, 0x23, 0x5b, 0x5d} {
				w := [8]byte{fill, fill, fill, fill, fill, fill, fill, fill}
				w[p] = byte(v)
				check(w)
			}
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 200000 {
		var w [8]byte
		binary.LittleEndian.PutUint64(w[:], r.Uint64())
		check(w)
	}
}
