package haproxy

import "testing"

func TestWriteLogScopes(t *testing.T) {
	var w writeLog
	read := w.now()
	w.wrote([]string{"show servers state be_a", "prompt", "set severity-output number", "quit"})
	w.wrote([]string{"add map /run/yodel/sticky.map k 1", "set map /run/yodel/sticky.map k 2"})
	if !w.clean("be_a", read) || !w.clean("be_b", read) || !w.quietSince(read) {
		t.Fatal("reads and map commands change no server")
	}
	w.wrote([]string{"set server be_a/s1 weight 3"})
	if w.quietSince(read) {
		t.Fatal("a weight set after the read: not quiet since")
	}
	if w.clean("be_a", read) {
		t.Fatal("a weight set after the read: be_a is stale")
	}
	if !w.clean("be_b", read) {
		t.Fatal("a write to be_a left be_b stale")
	}
	if !w.clean("be_a", w.now()) {
		t.Fatal("a read after the write: be_a is clean")
	}
	read = w.now()
	w.wrote([]string{"shutdown sessions server be_c/s9", "clear counters"})
	if w.clean("be_b", read) {
		t.Fatal("a command of unknown scope must make every backend stale")
	}
	read = w.now()
	for _, c := range []string{"add server be_d/s1 127.0.0.1:1", "enable health be_d/s1", "del server be_d/s1", "set server be_d/s1 state drain"} {
		w.wrote([]string{c})
		if w.clean("be_d", read) || !w.clean("be_e", read) {
			t.Fatalf("%q: be_d stale, be_e clean", c)
		}
		read = w.now()
	}
}
