package haproxy_test

import (
	"os"
	"testing"

	"github.com/yodeldeploy/yodel/pkg/haproxy/haproxytest"
)

// The admin socket gives full control of HAProxy (add servers, weights,
// shutdown sessions): only its owner may connect. The base template said
// mode 660 while RELIABILITY.md promised 0600 (issue 14).
func TestAdminSocketIsOwnerOnly(t *testing.T) {
	if testing.Short() {
		t.Skip("runs HAProxy")
	}
	in := haproxytest.Start(t, haproxytest.Options{})
	for _, p := range []string{in.SocketPath, in.MasterSocketPath} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode()&os.ModeSocket == 0 || fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, want a socket with 0600", p, fi.Mode())
		}
	}
}
