package run

import "testing"

// An agent with a token serves every interface when its address names no
// host (issue 14: register a routable address); without one, loopback.
func TestListenAddr(t *testing.T) {
	for _, c := range []struct{ listen, token, want string }{
		{":9190", "", "127.0.0.1:9190"},
		{":9190", "s3cret", ":9190"},
		{"10.0.0.5:9190", "s3cret", "10.0.0.5:9190"},
		{"127.0.0.1:9190", "s3cret", "127.0.0.1:9190"},
		{"[::1]:9190", "", "[::1]:9190"},
	} {
		if got := listenAddr(c.listen, c.token); got != c.want {
			t.Errorf("listenAddr(%q, token %v) = %q, want %q", c.listen, c.token != "", got, c.want)
		}
	}
}
