//go:build !(linux && (amd64 || arm64 || 386 || arm || riscv64 || ppc64 || ppc64le || s390x || loong64))

package haproxy

import "net"

// listenLike binds addr; without SO_REUSEPORT here, the check is stricter
// than HAProxy when the base configuration allows port sharing.
func listenLike(addr string, _ bool) (net.Listener, error) {
	return net.Listen("tcp", addr)
}
