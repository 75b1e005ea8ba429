package debuglog

import (
	"bytes"
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"
)

func TestRedact(t *testing.T) {
	for in, want := range map[string]string{
		"http://admin:s3cret@marathon:8080/v2/apps":  "http://admin:xxxxx@marathon:8080/v2/apps",
		"zk://yodel:pw@10.0.0.1:2181/yodel":          "zk://yodel:xxxxx@10.0.0.1:2181/yodel",
		"Authorization: Bearer abc.DEF-123":          "Authorization: Bearer xxxxx",
		"Authorization: Basic YWRtaW46czNjcmV0":      "Authorization: Basic xxxxx",
		"Authorization: token=abcdef":                "Authorization: token=xxxxx",
		"GET /v2/apps?access_token=abc&embed=tasks":  "GET /v2/apps?access_token=xxxxx&embed=tasks",
		`{"password": "hunter2", "user": "u"}`:       `{"password": "xxxxx", "user": "u"}`,
		"GET http://127.0.0.1:9090/v1/stats 200 3ms": "GET http://127.0.0.1:9090/v1/stats 200 3ms",
		"Api-Key: NRAK-ABC123def":                    "Api-Key: xxxxx",
		"401 for key NRAK-ABC123def (account 1)":     "401 for key NRAK-xxxxx (account 1)",
	} {
		if got := Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestURLDropsPassword(t *testing.T) {
	u, _ := url.Parse("https://ops:pw@m.example.com/v2/apps?token=t0k")
	got := URL(u)
	if strings.Contains(got, "pw") || strings.Contains(got, "t0k") {
		t.Fatalf("URL leaked a secret: %s", got)
	}
}

func TestCallOnlyWhenEnabled(t *testing.T) {
	Call(context.Background(), "marathon", "GET /v2/apps") // off: must not panic or print
	var buf bytes.Buffer
	restore := Enable(&buf)
	defer restore()
	if !Enabled() {
		t.Fatal("Enabled() = false after Enable")
	}
	Call(context.Background(), "agent", "GET http://a:b@h/v1/stats", "status", 200, "err", errors.New("Bearer sekret refused"))
	out := buf.String()
	for _, secret := range []string{"b@", "sekret"} {
		if strings.Contains(out, secret) {
			t.Errorf("log leaked %q: %s", secret, out)
		}
	}
	if !strings.Contains(out, "agent GET http://a:xxxxx@h/v1/stats") || !strings.Contains(out, "status=200") {
		t.Errorf("log line missing its request: %s", out)
	}
	restore()
	buf.Reset()
	Call(context.Background(), "store", "History web")
	if buf.Len() != 0 {
		t.Errorf("logged after restore: %s", buf.String())
	}
}
