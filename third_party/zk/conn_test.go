package zk

import (
	"errors"
	"testing"
	"time"
)

// An auth request re-sent on reconnect has a one-slot answer channel. When
// its write fails, sendData answers it and it stays pending; flushRequests
// then answered it again, blocking the connection loop (and every request
// after it) for ever. A request is answered once.
func TestFlushRequestsSkipsAnsweredRequests(t *testing.T) {
	c := &Conn{requests: map[int32]*request{}}
	writeErr := errors.New("write: broken pipe")
	req := &request{xid: 1, recvChan: make(chan response, 1)}
	req.complete(response{-1, writeErr})
	c.requests[req.xid] = req
	done := make(chan struct{})
	go func() {
		c.flushRequests(ErrConnectionClosed)
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("flushRequests blocked on a request that already had its answer")
	}
	if r := <-req.recvChan; !errors.Is(r.err, writeErr) {
		t.Fatalf("answer = %v, want the first one (%v)", r.err, writeErr)
	}
}
