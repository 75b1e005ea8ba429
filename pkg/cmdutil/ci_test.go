package cmdutil

import "testing"

func TestIsCI(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		want bool
	}{
		{nil, false},
		{map[string]string{"CI": "true"}, true},
		{map[string]string{"CI": "1"}, true},
		{map[string]string{"CI": "false"}, false},
		{map[string]string{"bamboo_buildKey": "PROJ-PLAN-JOB1"}, true},
		{map[string]string{"bamboo_agentId": "131073"}, true},
		{map[string]string{"BAMBOO": "x"}, false},
	} {
		if got := IsCI(func(k string) string { return tc.env[k] }); got != tc.want {
			t.Errorf("IsCI(%v) = %v, want %v", tc.env, got, tc.want)
		}
	}
}
