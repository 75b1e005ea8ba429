package sandbox

import (
	"net"
	"os"
	"os/exec"
	"strconv"
	"testing"
)

// TestHoldsListener: a component is ready only when its own process holds
// the port it answers on, not when another process (a parallel sandbox's
// component on the same port) does.
func TestHoldsListener(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	addr := ln.Addr().String()
	if ok, err := holdsListener(os.Getpid(), addr); !ok || err != nil {
		t.Fatalf("holdsListener(self, %s) = %v, %v; want true", addr, ok, err)
	}
	other := exec.Command("sleep", "30")
	if err := other.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = other.Process.Kill(); _ = other.Wait() }()
	if ok, err := holdsListener(other.Process.Pid, addr); ok || err != nil {
		t.Fatalf("holdsListener(another process, %s) = %v, %v; want false", addr, ok, err)
	}
	ln.Close()
	if ok, _ := holdsListener(os.Getpid(), addr); ok {
		t.Fatalf("holdsListener(self, %s) after close = true", addr)
	}
}

// TestHoldsListenerIPv6: ZooKeeper (Java) listens on an IPv6 socket even
// for clientPortAddress=127.0.0.1; a dual-stack listener on :: counts too.
func TestHoldsListenerIPv6(t *testing.T) {
	ln, err := net.Listen("tcp", "[::]:0")
	if err != nil {
		t.Skip("no IPv6:", err)
	}
	defer ln.Close()
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(ln.Addr().(*net.TCPAddr).Port))
	if ok, err := holdsListener(os.Getpid(), addr); !ok || err != nil {
		t.Fatalf("holdsListener(self, %s) on a [::] listener = %v, %v; want true", addr, ok, err)
	}
	ip, port, ok := procNetAddr("0000000000000000FFFF00000100007F:1F90")
	if !ok || port != 8080 || !ip.Equal(net.IPv4(127, 0, 0, 1)) {
		t.Fatalf("procNetAddr(v4-mapped 127.0.0.1:8080) = %v, %d, %v", ip, port, ok)
	}
}
