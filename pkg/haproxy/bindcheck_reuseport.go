//go:build linux && (amd64 || arm64 || 386 || arm || riscv64 || ppc64 || ppc64le || s390x || loong64)

package haproxy

import (
	"context"
	"net"
	"syscall"
)

// soReusePort is SO_REUSEPORT (asm-generic/socket.h), which the frozen
// syscall package lacks on Linux.
const soReusePort = 0xf

// listenLike binds addr the way HAProxy would: with SO_REUSEPORT unless the
// base configuration says noreuseport.
func listenLike(addr string, reuseport bool) (net.Listener, error) {
	var lc net.ListenConfig
	if reuseport {
		lc.Control = func(_, _ string, c syscall.RawConn) error {
			var serr error
			if err := c.Control(func(fd uintptr) {
				serr = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, soReusePort, 1)
			}); err != nil {
				return err
			}
			return serr
		}
	}
	return lc.Listen(context.Background(), "tcp", addr)
}
