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

// TestWriteLogReadBack: a batch's read of the backends it wrote stands for
// its own writes, unless another write to them (or of unknown scope) was
// recorded while it ran: that one may have come after the read.
func TestWriteLogReadBack(t *testing.T) {
	var w writeLog
	began := w.now()
	seqs := w.wroteThenRead([]string{"add server be_a/s1 127.0.0.1:1", "enable server be_a/s1"}, began, []string{"be_a"})
	if seqs["be_a"] == 0 || !w.clean("be_a", seqs["be_a"]) {
		t.Fatalf("read back alone: %v, want be_a clean as of the batch", seqs)
	}
	w.wrote([]string{"set server be_a/s1 weight 2"})
	if w.clean("be_a", seqs["be_a"]) {
		t.Fatal("a write after the batch: be_a is stale")
	}

	began = w.now()
	w.wrote([]string{"del server be_b/s1"}) // the deleter, meanwhile
	seqs = w.wroteThenRead([]string{"set server be_a/s1 weight 3", "set server be_b/s2 weight 3"}, began, []string{"be_a", "be_b"})
	if _, ok := seqs["be_b"]; ok {
		t.Fatalf("be_b was written while the batch ran: %v, want no sequence for it", seqs)
	}
	if seqs["be_a"] == 0 || !w.clean("be_a", seqs["be_a"]) {
		t.Fatalf("be_a: %v, want clean as of the batch", seqs)
	}

	began = w.now()
	w.wrote([]string{"clear counters"})
	if seqs = w.wroteThenRead([]string{"set server be_a/s1 weight 4"}, began, []string{"be_a"}); len(seqs) != 0 {
		t.Fatalf("a write of unknown scope while the batch ran: %v, want nothing clean", seqs)
	}
}
