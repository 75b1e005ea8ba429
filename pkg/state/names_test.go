package state

import (
	"strings"
	"testing"
)

// The names the store keys nodes and files by keep their length bounds
// (checked apart from their patterns) and their first and last characters.
func TestNameBounds(t *testing.T) {
	for _, c := range []struct {
		what  string
		check func(string) error
		max   int
		inner string // a character allowed inside only
		bad   string // a character never allowed
	}{
		{"service", checkService, 63, "-", "_"},
		{"receiver", CheckReceiver, 63, "-", "A"},
		{"agent id", CheckAgentID, 128, ".", "/"},
		{"delivery id", checkDeliveryID, 200, "_", " "},
	} {
		ok := func(s string) {
			t.Helper()
			if err := c.check(s); err != nil {
				t.Errorf("%s %q (%d chars): %v", c.what, s, len(s), err)
			}
		}
		refused := func(s string) {
			t.Helper()
			if c.check(s) == nil {
				t.Errorf("%s %q (%d chars) accepted", c.what, s, len(s))
			}
		}
		ok("a")
		ok(strings.Repeat("a", c.max))
		ok("a" + strings.Repeat(c.inner, c.max-2) + "0")
		refused("")
		refused(strings.Repeat("a", c.max+1))
		refused(c.inner + "a")
		refused("a" + c.inner)
		refused("a" + c.bad + "a")
	}
}
