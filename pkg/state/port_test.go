package state

import "testing"

func TestPortIsolated(t *testing.T) {
	for _, tc := range []struct {
		p      Port
		offset int
		want   int
	}{
		{Port{ServicePort: 10080, Protocol: "http"}, 1000, 0},                         // the canary header
		{Port{ServicePort: 10080, Protocol: "tcp"}, 1000, 11080},                      // the offset
		{Port{ServicePort: 10080, Protocol: "tcp"}, 0, 0},                             // no offset, none recorded
		{Port{ServicePort: 10080, Protocol: "tcp", IsolatedPort: 12000}, 1000, 12000}, // recorded wins
		{Port{ServicePort: 65000, Protocol: "tcp"}, 1000, 0},                          // past 65535
	} {
		if got := tc.p.Isolated(tc.offset); got != tc.want {
			t.Errorf("%+v offset %d: %d, want %d", tc.p, tc.offset, got, tc.want)
		}
	}
}
