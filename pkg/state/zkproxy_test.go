package state

import (
	"encoding/binary"
	"io"
	"net"
	"sync"
	"testing"
	"time"
)

// zkProxy relays ZooKeeper's client protocol to a server, and can misbehave
// the ways a busy or broken server does: answer a connection's session
// request late, or go on answering its pings but none of its requests.
type zkProxy struct {
	t      *testing.T
	target string
	ln     net.Listener

	mu           sync.Mutex
	delayConnect time.Duration // before relaying a connection's session request
	accepted     int           // connections so far
	swallowUpTo  int           // connections 1..swallowUpTo lose their requests
	stallLeft    int           // new connections still to stall for stallFor
	stallFor     time.Duration
	conns        []net.Conn
}

func startZKProxy(t *testing.T, target string) *zkProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &zkProxy{t: t, target: target, ln: ln}
	go p.accept()
	t.Cleanup(p.close)
	return p
}

func (p *zkProxy) Addr() string { return p.ln.Addr().String() }

// DelayConnect makes every new connection's session request wait d.
func (p *zkProxy) DelayConnect(d time.Duration) {
	p.mu.Lock()
	p.delayConnect = d
	p.mu.Unlock()
}

// SwallowRequests makes the connections open now drop every request
// from now on (pings still go through, so the client keeps them); new
// connections work.
func (p *zkProxy) SwallowRequests() {
	p.mu.Lock()
	p.swallowUpTo = p.accepted
	p.mu.Unlock()
}

// StallNext makes the next n new connections' session requests wait d
// (a server that accepted the connection while starting and never answers
// it); later connections work.
func (p *zkProxy) StallNext(n int, d time.Duration) {
	p.mu.Lock()
	p.stallLeft, p.stallFor = n, d
	p.mu.Unlock()
}

// Cut closes every connection open now; new ones are accepted.
func (p *zkProxy) Cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

func (p *zkProxy) close() {
	p.ln.Close()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.Close()
	}
}

func (p *zkProxy) accept() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		s, err := net.Dial("tcp", p.target)
		if err != nil {
			c.Close()
			continue
		}
		p.mu.Lock()
		p.accepted++
		n, delay := p.accepted, p.delayConnect
		if p.stallLeft > 0 {
			p.stallLeft--
			delay = p.stallFor
		}
		p.conns = append(p.conns, c, s)
		p.mu.Unlock()
		go func() {
			_, _ = io.Copy(c, s)
			c.Close()
		}()
		go p.relay(n, delay, c, s)
	}
}

// relay copies the client's packets to the server one by one.
func (p *zkProxy) relay(n int, delay time.Duration, c, s net.Conn) {
	defer s.Close()
	first := true
	for {
		var size [4]byte
		if _, err := io.ReadFull(c, size[:]); err != nil {
			return
		}
		body := make([]byte, binary.BigEndian.Uint32(size[:]))
		if _, err := io.ReadFull(c, body); err != nil {
			return
		}
		if first {
			first = false
			time.Sleep(delay) // the fault itself: a server slow to grant a session
		} else if len(body) >= 4 && int32(binary.BigEndian.Uint32(body)) >= 0 {
			p.mu.Lock()
			swallow := n <= p.swallowUpTo
			p.mu.Unlock()
			if swallow {
				continue
			}
		}
		if _, err := s.Write(append(size[:], body...)); err != nil {
			return
		}
	}
}
