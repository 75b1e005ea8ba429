package loadgen

import (
	"bufio"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Stream runs a load as Start does and also writes every answered request
// and every stall of this process to w, a line each, for Attach in another
// process. Tests run the load generator so, as a process of its own built
// without the race detector: inside a race-instrumented test binary it
// took twice the CPU (4 s of user time instead of 1.4 s per 20 s at 250
// requests/s) on a machine whose sandboxes already share two cores.
func Stream(w io.Writer, url string, rate int, header http.Header, opts ...Option) *Load {
	l := newLoad()
	bw := bufio.NewWriter(w)
	var mu sync.Mutex
	l.emit = func(line string) {
		mu.Lock()
		defer mu.Unlock()
		_, _ = bw.WriteString(line + "\n")
		_ = bw.Flush() // each line at once: the reader's windows are by time
	}
	l.run(url, rate, header, opts)
	return l
}

// Attach is a Load fed by another process's Stream, read from r. stop asks
// that process to end its load; Stop calls it once and returns when r ends.
// Unreadable lines are skipped.
func Attach(r io.Reader, stop func()) *Load {
	l := newLoad()
	l.stopRemote = stop
	go func() {
		defer close(l.done)
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
		for sc.Scan() {
			l.addLine(sc.Text())
		}
	}()
	return l
}

// addLine records one line Stream wrote: "r<TAB>sent<TAB>latency<TAB>code
// <TAB>release<TAB>error[<TAB>POST]" (times in Unix ns and ns, strings
// quoted) or "s<TAB>end<TAB>gap".
func (l *Load) addLine(line string) {
	f := strings.Split(line, "\t")
	switch {
	case (len(f) == 6 || len(f) == 7 && f[6] == "POST") && f[0] == "r":
		at, err1 := strconv.ParseInt(f[1], 10, 64)
		lat, err2 := strconv.ParseInt(f[2], 10, 64)
		code, err3 := strconv.Atoi(f[3])
		rel, err4 := strconv.Unquote(f[4])
		msg, err5 := strconv.Unquote(f[5])
		if err1 != nil || err2 != nil || err3 != nil || err4 != nil || err5 != nil {
			return
		}
		l.add(sample{at: time.Unix(0, at), latency: time.Duration(lat), code: code, rel: rel, err: msg, post: len(f) == 7})
	case len(f) == 3 && f[0] == "s":
		end, err1 := strconv.ParseInt(f[1], 10, 64)
		gap, err2 := strconv.ParseInt(f[2], 10, 64)
		if err1 != nil || err2 != nil {
			return
		}
		l.addStall(stall{end: time.Unix(0, end), gap: time.Duration(gap)})
	}
}
