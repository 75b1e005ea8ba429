// Package listen opens the TCP listeners of yodel's long-running
// components (the lb agent's API, yodel server, the sandbox's Marathon
// emulator) on addresses that a predecessor may still hold.
package listen

import (
	"context"
	"errors"
	"net"
	"syscall"
	"time"

	"github.com/yodeldeploy/yodel/pkg/retry"
)

// Wait is how long TCP waits for an address in use to be released.
const Wait = 10 * time.Second

// TCP listens on addr. While the address is in use it tries again for up
// to within (and until ctx ends), calling waiting once with the first
// refusal: a component restarted at once after a kill -9 (by systemd, a
// supervisor or a test) found its port still held by the old process,
// whose listening socket closes only once its last thread has exited, and
// on a busy machine a thread still in a disk write outlived the kill by
// seconds. Any other error is returned at once.
func TCP(ctx context.Context, addr string, within time.Duration, waiting func(error)) (net.Listener, error) {
	deadline := time.Now().Add(within)
	b := retry.Backoff{Min: 20 * time.Millisecond, Max: 500 * time.Millisecond}
	for attempt := 1; ; attempt++ {
		ln, err := net.Listen("tcp", addr)
		if err == nil || !errors.Is(err, syscall.EADDRINUSE) {
			return ln, err
		}
		d := b.Delay(attempt)
		if time.Now().Add(d).After(deadline) {
			return nil, err
		}
		if attempt == 1 && waiting != nil {
			waiting(err)
		}
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, err
		case <-t.C:
		}
	}
}
