package marathon

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEachAppStreams: apps are handed over one at a time in order, keys
// beside "apps" are skipped, null tasks dropped, and an answer that is not
// one JSON object (or stops half-way) is an error, as with json.Unmarshal.
func TestEachAppStreams(t *testing.T) {
	for _, tt := range []struct {
		name, body string
		want       []string
		err        string
	}{
		{name: "apps", body: `{"before":{"x":[1,2]},"apps":[{"id":"/a","tasks":[null,{"id":"a.1"}]},{"id":"/b"}],"after":null}`, want: []string{"/a", "/b"}},
		{name: "null list", body: `{"apps":null}`},
		{name: "empty", body: `{"apps":[]}  ` + "\n"},
		{name: "trailing data", body: `{"apps":[{"id":"/a"}]} {"apps":[]}`, want: []string{"/a"}, err: "after the answer"},
		{name: "truncated", body: `{"apps":[{"id":"/a"},{"id":"/b"`, want: []string{"/a"}, err: "decoding the answer"},
		{name: "not a list", body: `{"apps":{"id":"/a"}}`, err: "not a list"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				assert.Equal(t, "/v2/apps", r.URL.Path)
				assert.Equal(t, appsEmbed["embed"], r.URL.Query()["embed"])
				_, _ = io.WriteString(w, tt.body)
			}))
			defer srv.Close()
			c, err := New(Config{URLs: []string{srv.URL}})
			require.NoError(t, err)
			var got []string
			err = c.EachApp(context.Background(), func(a *App) error {
				got = append(got, a.ID)
				for _, tk := range a.Tasks {
					assert.NotNil(t, tk)
				}
				return nil
			})
			assert.Equal(t, tt.want, got)
			if tt.err == "" {
				assert.NoError(t, err)
			} else {
				assert.ErrorContains(t, err, tt.err)
			}
		})
	}
}

// TestEachAppStopsOnCallbackError: the callback's error ends the read and
// comes back as it was, not as a decoding error, and no other member is
// asked (the callback acted on part of the answer).
func TestEachAppStopsOnCallbackError(t *testing.T) {
	hits := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits++
		_, _ = io.WriteString(w, `{"apps":[{"id":"/a"},{"id":"/b"},{"id":"/c"}]}`)
	}))
	defer srv.Close()
	c, err := New(Config{URLs: []string{srv.URL, srv.URL}})
	require.NoError(t, err)
	stop := errors.New("enough")
	n := 0
	err = c.EachApp(context.Background(), func(a *App) error {
		n++
		if a.ID == "/b" {
			return stop
		}
		return nil
	})
	assert.Same(t, stop, err)
	assert.Equal(t, 2, n)
	assert.Equal(t, 1, hits)
}
