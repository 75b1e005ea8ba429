package realm

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNotificationsParse(t *testing.T) {
	r, err := parse(t, minimal+`notifications:
  - name: team-chat
    url: https://hooks.example.com/T1/B2
    format: slack
    events: [started, finished, rolled-back]
  - name: audit
    url: http://127.0.0.1:9999/hook
    secretEnv: AUDIT_HOOK_SECRET
    timeout: 2s
newRelic: {apiKeyEnv: NEW_RELIC_API_KEY, accountID: 123, appID: 456}
`)
	require.NoError(t, err)
	require.Len(t, r.Notifications, 2)
	assert.Equal(t, FormatSlack, r.Notifications[0].Format)
	assert.Equal(t, 2*time.Second, r.Notifications[1].Timeout.D())
	assert.Equal(t, int64(456), r.NewRelic.AppID)
	// Their secrets are credentials: no manifest may read them.
	assert.Equal(t, "notifications[1].secretEnv", r.CredentialEnv()["AUDIT_HOOK_SECRET"])
	assert.Equal(t, "newRelic.apiKeyEnv", r.CredentialEnv()["NEW_RELIC_API_KEY"])

	env := map[string]string{"AUDIT_HOOK_SECRET": "s3cret\n"}
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	s, err := r.NotificationSecret(1, lookup)
	require.NoError(t, err)
	assert.Equal(t, "s3cret", s)
	s, err = r.NotificationSecret(0, lookup)
	require.NoError(t, err)
	assert.Empty(t, s, "a receiver without a secret is not signed")
	_, err = r.NewRelicKey(lookup)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "realms/qa.yaml")
	assert.Contains(t, err.Error(), "newRelic")
	assert.Contains(t, err.Error(), "NEW_RELIC_API_KEY")
}

func TestNotificationsSecretFile(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "hook.secret"), []byte("from-file\n"), 0o600))
	r, err := Parse(filepath.Join(dir, "qa.yaml"), []byte(minimal+"notifications: [{name: a, url: 'http://127.0.0.1:1/x', secretFile: hook.secret}]\n"), "qa")
	require.NoError(t, err)
	s, err := r.NotificationSecret(0, nil)
	require.NoError(t, err)
	assert.Equal(t, "from-file", s)
}

func TestNotificationsBadInput(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"notifications: [{name: a, url: 'ftp://x/y'}]", `realms/qa.yaml:6:27: notifications[0].url: "ftp://x/y" is not an http:// or https:// URL`},
		{"notifications: [{name: a, url: 'http://u:pw@h/x'}]", `"http://u:***@h/x" has credentials in the URL`},
		{"notifications: [{name: a, url: 'http://h/x', events: [started, finsihed]}]", `notifications[0].events[1]: unknown event "finsihed" (did you mean finished?); the events are started, step-reached`},
		{"notifications: [{name: a, url: 'http://h/x', format: teams}]", `notifications[0].format: unknown format "teams"`},
		{"notifications: [{name: a, url: 'http://h/x', secret: hunter2}]", `notifications[0].secret: a secret must not be written in the realm file`},
		{"notifications: [{name: a, url: 'http://h/x', secretEnv: 'A-B'}]", `notifications[0].secretEnv: "A-B" is not an environment variable name`},
		{"notifications: [{name: A_b, url: 'http://h/x'}]", `notifications[0].name: "A_b": use 1-63 lowercase letters`},
		{"notifications: [{name: a, url: 'http://h/x'}, {name: a, url: 'http://h/y'}]", `notifications[1].name: "a" is used twice`},
		{"notifications: [{url: 'http://h/x'}]", `notifications[0].name: required`},
		{"notifications: [{name: a}]", `notifications[0].url: required`},
		{"notifications: [{name: a, url: 'http://h/x', timeout: 1h}]", `notifications[0].timeout: must be from 1ms to 2m0s`},
		{"notifications: [{name: a, url: 'http://h/x', colour: red}]", `notifications[0].colour: unknown key`},
		{"newRelic: {apiKey: abc, entityGUID: X}", `newRelic.apiKey: a secret must not be written in the realm file`},
		{"newRelic: {apiKeyEnv: K}", `newRelic: set entityGUID (the entity the markers go on) or appID with accountID`},
		{"newRelic: {apiKeyEnv: K, appID: 5}", `newRelic.accountID: required with appID`},
		{"newRelic: {apiKeyEnv: K, entityGUID: X, region: mars}", `newRelic.region: unknown region "mars"`},
	} {
		_, err := parse(t, minimal+tc.src+"\n")
		if assert.Error(t, err, tc.src) {
			assert.Contains(t, err.Error(), tc.want, tc.src)
		}
	}
}
