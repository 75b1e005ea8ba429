package dashboard

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/yodeldeploy/yodel/pkg/manifest"
)

// liveURL is the events URL of the page r asked for.
func liveURL(r *http.Request) string {
	return "/ui/events?page=" + url.QueryEscape(r.URL.RequestURI())
}

// events streams a page's live part as server-sent events: a "page"
// event with the part's HTML (rendered by the page's own template) when
// it changed, a "tick" event with the time it was read otherwise. The
// page's script swaps the HTML in; without the script the page reads as
// it was served.
func (d *Dashboard) events(w http.ResponseWriter, r *http.Request, _ *session) {
	build, err := d.liveBuilder(r.URL.Query().Get("page"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming is not supported here", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	fl.Flush()
	t := time.NewTicker(d.cfg.LiveEvery)
	defer t.Stop()
	var last []byte
	for {
		now := d.cfg.Now()
		html, err := build(r.Context(), now)
		switch {
		case err != nil:
			writeEvent(w, "problem", err.Error())
		case !bytes.Equal(html, last):
			writeEvent(w, "page", string(html))
			last = html
		}
		writeEvent(w, "tick", "Read at "+whenText(now)+".")
		fl.Flush()
		select {
		case <-r.Context().Done():
			return
		case <-t.C:
		}
	}
}

func writeEvent(w http.ResponseWriter, name, data string) {
	fmt.Fprintf(w, "event: %s\n", name)
	for line := range strings.SplitSeq(data, "\n") {
		fmt.Fprintf(w, "data: %s\n", line)
	}
	fmt.Fprint(w, "\n")
}

// liveBuilder renders the live part of page (a dashboard path with its
// query) at a given time.
func (d *Dashboard) liveBuilder(page string) (func(context.Context, time.Time) ([]byte, error), error) {
	u, err := url.Parse(page)
	if err != nil || u.IsAbs() || u.Host != "" {
		return nil, fmt.Errorf("page %q is not a dashboard page", page)
	}
	render := func(name string, v any) ([]byte, error) {
		var b bytes.Buffer
		err := d.tmpl.ExecuteTemplate(&b, name, v)
		return b.Bytes(), err
	}
	if u.Path == Prefix {
		q := u.Query()
		sortBy := sortParam(q)
		return func(ctx context.Context, now time.Time) ([]byte, error) {
			o, err := d.cfg.Source.overview(ctx, d.cfg.Realm, q.Get("q"), sortBy, now)
			if err != nil {
				return nil, err
			}
			return render("overview-live", o)
		}, nil
	}
	if svc, ok := strings.CutPrefix(u.Path, Prefix+"services/"); ok && manifest.ValidServiceName(svc) == nil {
		return func(ctx context.Context, now time.Time) ([]byte, error) {
			p, err := d.servicePage(ctx, svc, now)
			if err != nil {
				return nil, err
			}
			return render("service-live", p)
		}, nil
	}
	return nil, fmt.Errorf("page %q has no live updates", page)
}
