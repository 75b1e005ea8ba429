package security_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/sandbox/sandboxtest"
)

// inputRig is a directory with realms/ and services/ for the built binary.
func inputRig(t *testing.T, realm, svc string) (string, string) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the yodel binary")
	}
	bin := sandboxtest.Binary(t)
	dir := t.TempDir()
	for sub, body := range map[string]string{"realms/qa.yaml": realm, "services/web.yaml": svc} {
		require.NoError(t, os.MkdirAll(filepath.Join(dir, filepath.Dir(sub)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(dir, sub), []byte(body), 0o600))
	}
	return bin, dir
}

const inputService = "service: web\ncmd: sleep 1000\nresources: {cpus: 0.1, mem: 32}\nports:\n  - {name: http, servicePort: 10080}\n"

// TestCredentialsInURLsRedacted: a realm whose Marathon or state URL holds
// user:password is refused, and no command prints the password, in text
// or JSON, whether the URL came from the file or from YODEL_MARATHON_URLS.
// Before: "http://u:pw@[bad" and zk://user:pw@... were echoed (and the
// latter accepted).
func TestCredentialsInURLsRedacted(t *testing.T) {
	const pw = "urlpw-" + secretTag
	realm := "realm: qa\nmarathon:\n  urls: [\"http://admin:" + pw + "@m1:8080\", \"http://u:" + pw + "@[bad\"]\nstate: \"zk://zu:" + pw + "@zk1:2181/yodel\"\n"
	bin, dir := inputRig(t, realm, inputService)
	for _, c := range []struct {
		args []string
		env  []string
	}{
		{[]string{"realms"}, nil},
		{[]string{"realms", "-o", "json"}, nil},
		{[]string{"validate", "web", "--realm", "qa"}, nil},
		{[]string{"validate", "web", "--realm", "qa", "-o", "json"}, nil},
		{[]string{"deploy", "web", "--realm", "qa", "--yes"}, nil},
		{[]string{"deploy", "web", "--realm", "qa", "--yes", "-o", "json"}, nil},
		{[]string{"status", "--realm", "qa", "-o", "json"}, []string{"YODEL_MARATHON_URLS=ftp://x:" + pw + "@h,http://y:" + pw + "@h:1"}},
	} {
		code, out, errOut := run(t, bin, dir, c.env, c.args...)
		assert.NotContains(t, out+errOut, pw, "yodel %v printed the password in a URL", c.args)
		if c.args[0] != "realms" {
			assert.Equal(t, 2, code, "yodel %v: %s%s", c.args, out, errOut)
		} else {
			assert.Regexp(t, `"valid": false|invalid: `, out, "yodel %v lists the realm as usable", c.args)
		}
		assert.Contains(t, out+errOut, "***", "yodel %v: the refused URL is not shown redacted", c.args)
	}
}

// TestNumbersBounded: every number in a manifest and a realm, and every
// YODEL_* override, has a bound with a clear error. Before: health seconds
// up to 2^63-1 passed, YODEL_LIMITS_MAXCPUS=NaN disabled the limit,
// YODEL_HAPROXY_RESYNCINTERVAL=1ns was accepted, and .nan read "expected a
// number, found a number".
func TestNumbersBounded(t *testing.T) {
	realm := "realm: qa\nmarathon:\n  urls: [http://m1:8080]\nstate: file:///tmp/yodel-unused\nlimits: {maxCpus: 1}\n"
	bin, dir := inputRig(t, realm, inputService)
	write := func(body string) {
		require.NoError(t, os.WriteFile(filepath.Join(dir, "services", "web.yaml"), []byte(inputService+body), 0o600))
	}
	for _, c := range []struct{ body, want string }{
		{"health: {command: 'true', intervalSeconds: 9223372036854775807}\n", "health.intervalSeconds: must be from 1 to 3600"},
		{"health: {command: 'true', gracePeriodSeconds: 100000000}\n", "health.gracePeriodSeconds: must be from 0 to 86400"},
		{"instances: 2147483648\n", "instances: must be from 1 to 10000"},
		{"upgrade: {minimumHealthCapacity: .nan}\n", "expected a finite number, found not-a-number (.nan)"},
		{"canary: {partial: {duration: 8760h}}\n", "canary.partial.duration: must be from 0s to 24h"},
		{"canary: {partial: {interval: 1ns}}\n", "canary.partial.interval: must be from 1s to 24h"},
		{"killGracePeriodSeconds: 4294967296\n", "killGracePeriodSeconds: must be from 0 to 600"},
	} {
		write(c.body)
		code, out, errOut := run(t, bin, dir, nil, "validate", "web")
		assert.Equal(t, 2, code, "%q accepted: %s%s", c.body, out, errOut)
		assert.Contains(t, errOut, c.want, "%q", c.body)
	}
	write("")
	for _, c := range []struct{ env, want string }{
		{"YODEL_LIMITS_MAXCPUS=NaN", "YODEL_LIMITS_MAXCPUS"},
		{"YODEL_LIMITS_MAXMEM=-Inf", "YODEL_LIMITS_MAXMEM"},
		{"YODEL_LIMITS_MAXINSTANCES=99999999", "limits.maxInstances: must be from 0 to 10000"},
		{"YODEL_HAPROXY_RESYNCINTERVAL=1ns", "haproxy.resyncInterval: must be from 1s to 1h0m0s"},
		{"YODEL_HAPROXY_RESYNCINTERVAL=-5s", "haproxy.resyncInterval"},
		{"YODEL_HAPROXY_RESYNCINTERVAL=9000000h", "haproxy.resyncInterval"},
	} {
		code, out, errOut := run(t, bin, dir, []string{c.env}, "validate", "web", "--realm", "qa")
		assert.Equal(t, 2, code, "%s accepted: %s%s", c.env, out, errOut)
		assert.Contains(t, errOut, c.want, c.env)
	}
}
