package lb

import (
	"os"
	"testing"
)

func TestUnreadable(t *testing.T) {
	here, _ := os.Hostname()
	for _, c := range []struct {
		host, addr string
		refused    bool
	}{
		{"other-host", "127.0.0.1:9190", true},
		{"other-host", "[::1]:9190", true},
		{here, "127.0.0.1:9190", false},
		{"", "127.0.0.1:9190", false},          // an older record without a host
		{"other-host", "10.1.2.3:9190", false}, // routable: read it
		{"other-host", "lb1.example:9190", false},
	} {
		err := Unreadable("a1", c.host, c.addr)
		if (err != nil) != c.refused {
			t.Errorf("Unreadable(host %q, %q) = %v, want refused %v", c.host, c.addr, err, c.refused)
		}
	}
}
