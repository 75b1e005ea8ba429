package emulator

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestLabelsInTaskEnv: port names and labels reach a task's environment as Marathon
// passes them (1.4.13 TaskBuilder.labelsToEnvVars, 1.10.26
// EnvironmentHelper): a key under 493 and a value under 512 UTF-16 units,
// each run of other characters in the name one '_', upper case. A label of
// megabytes used to make every task of its app fail to start ("argument
// list too long").
func TestLabelsInTaskEnv(t *testing.T) {
	e := &Emulator{}
	app := &App{ID: "/a", PortDefinitions: []PortDefinition{{Port: 10001, Name: "my-port"}}, Labels: map[string]string{
		"team":                                  "x",
		"other--label\\--\\a":                   "y",
		"long-value":                            strings.Repeat("v", 512),
		"just-short":                            strings.Repeat("v", 511),
		strings.Repeat("k", 493):                "too long a key",
		strings.Repeat("k", 492):                "fits",
		"huge":                                  strings.Repeat("x", 14<<20),
		"\U0001F600" + strings.Repeat("v", 490): "a key of 492 units",
	}}
	env := map[string]string{}
	for _, kv := range e.taskEnv(&Task{ID: "a.1", Ports: []int{31001}}, app) {
		k, v, _ := strings.Cut(kv, "=")
		env[k] = v
	}
	assert.Equal(t, "x", env["MARATHON_APP_LABEL_TEAM"])
	assert.Equal(t, "y", env["MARATHON_APP_LABEL_OTHER_LABEL_A"])
	assert.Equal(t, strings.Repeat("v", 511), env["MARATHON_APP_LABEL_JUST_SHORT"])
	assert.Equal(t, "fits", env["MARATHON_APP_LABEL_"+strings.Repeat("K", 492)])
	assert.Equal(t, "a key of 492 units", env["MARATHON_APP_LABEL__"+strings.Repeat("V", 490)])
	for k := range env {
		assert.NotContains(t, k, "LONG_VALUE")
		assert.NotContains(t, k, "HUGE")
		assert.NotEqual(t, "MARATHON_APP_LABEL_"+strings.Repeat("K", 493), k)
	}
	// A port name is only upper-cased (portsEnv): not a shell name.
	assert.Equal(t, "31001", env["PORT_MY-PORT"])
	names := strings.Fields(env["MARATHON_APP_LABELS"])
	assert.Len(t, names, 5, env["MARATHON_APP_LABELS"])
}
