package dashboard

import (
	"bufio"
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/yodeldeploy/yodel/pkg/state"
)

// nextEvent reads server-sent events until one named name, and returns
// its data.
func nextEvent(t *testing.T, sc *bufio.Scanner, name string) string {
	t.Helper()
	var ev string
	var data []string
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "event: "):
			ev, data = strings.TrimPrefix(line, "event: "), nil
		case strings.HasPrefix(line, "data: "):
			data = append(data, strings.TrimPrefix(line, "data: "))
		case line == "" && ev == name:
			return strings.Join(data, "\n")
		}
	}
	t.Fatalf("the stream ended before a %q event: %v", name, sc.Err())
	return ""
}

func TestLiveUpdatesSendTheChangedPart(t *testing.T) {
	st := fixture(t, 2)
	d := New(Config{Realm: "test", Source: Source{Store: st}, Users: users, LiveEvery: 20 * time.Millisecond})
	ts := httptest.NewServer(d.Handler())
	defer ts.Close()
	c := signIn(t, ts, "vic", "vic-token")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", ts.URL+"/ui/events?page="+url.QueryEscape("/ui/?q=svc"), nil)
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if ct := res.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("events: %d %s", res.StatusCode, ct)
	}
	sc := bufio.NewScanner(res.Body)
	sc.Buffer(nil, 1<<20)
	first := nextEvent(t, sc, "page")
	if !strings.Contains(first, `data-service="svc001"`) || strings.Contains(first, "svc777") {
		t.Fatalf("first page event:\n%s", first)
	}
	if _, err := st.PutRouting(context.Background(), state.Routing{Service: "svc777", Stable: "/svc777-blue"}, state.NoVersion); err != nil {
		t.Fatal(err)
	}
	for {
		if html := nextEvent(t, sc, "page"); strings.Contains(html, `data-service="svc777"`) {
			break
		}
	}
}

func TestLiveUpdatesNeedASessionAndADashboardPage(t *testing.T) {
	ts := newServer(t, 1)
	res, err := http.Get(ts.URL + "/ui/events?page=/ui/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.Request.URL.Path != "/ui/login" {
		t.Errorf("events without a session ended at %s, want the login page", res.Request.URL.Path)
	}
	c := signIn(t, ts, "vic", "vic-token")
	for _, page := range []string{"https://evil.example/ui/", "/v1/overview", "/ui/services/Bad_Name"} {
		res, _ := get(t, c, ts.URL+"/ui/events?page="+url.QueryEscape(page))
		if res.StatusCode != http.StatusBadRequest {
			t.Errorf("events of %q: %d, want 400", page, res.StatusCode)
		}
	}
}
