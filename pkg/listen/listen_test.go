package listen

import (
	"context"
	"errors"
	"net"
	"syscall"
	"testing"
	"time"
)

// The address held at first and released while TCP waits: it listens.
func TestTCPWaitsForTheAddressToBeReleased(t *testing.T) {
	held, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := held.Addr().String()
	refused := make(chan error, 1)
	done := make(chan struct{})
	var ln net.Listener
	go func() {
		defer close(done)
		ln, err = TCP(context.Background(), addr, time.Minute, func(e error) { refused <- e })
	}()
	if e := <-refused; !errors.Is(e, syscall.EADDRINUSE) {
		t.Fatalf("waiting was called with %v, want EADDRINUSE", e)
	}
	held.Close()
	<-done
	if err != nil {
		t.Fatalf("TCP after the release: %v", err)
	}
	defer ln.Close()
	if got := ln.Addr().String(); got != addr {
		t.Fatalf("listening on %s, want %s", got, addr)
	}
}

// Held for longer than within: the in-use error, not a hang.
func TestTCPGivesUpAfterWithin(t *testing.T) {
	held, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	_, err = TCP(context.Background(), held.Addr().String(), 100*time.Millisecond, nil)
	if !errors.Is(err, syscall.EADDRINUSE) {
		t.Fatalf("err = %v, want EADDRINUSE", err)
	}
}

// Other errors are not waited on.
func TestTCPReturnsOtherErrorsAtOnce(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // a wait would return at once too, but with the in-use error
	if _, err := TCP(ctx, "127.0.0.1:notaport", time.Minute, func(error) { t.Error("waiting called for a bad address") }); err == nil || errors.Is(err, syscall.EADDRINUSE) {
		t.Fatalf("err = %v, want the parse error", err)
	}
}
