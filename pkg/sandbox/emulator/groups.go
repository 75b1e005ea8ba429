package emulator

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"time"
)

// groupExists reports whether id is a group, i.e. some app lives under it.
func (e *Emulator) groupExists(id string) bool {
	if id == "/" {
		return true
	}
	for aid, as := range e.apps {
		if !as.deleted && strings.HasPrefix(aid, id+"/") {
			return true
		}
	}
	return false
}

// groupJSON builds a group from the app ids below it. Groups exist only
// implicitly here: Marathon's empty groups are not kept.
func (e *Emulator) groupJSON(id string, embedApps bool) map[string]any {
	apps := []json.RawMessage{}
	sub := map[string]bool{}
	version := ""
	prefix := strings.TrimSuffix(id, "/") + "/"
	for _, aid := range sortedKeys(e.apps) {
		as := e.apps[aid]
		if as.deleted || !strings.HasPrefix(aid, prefix) {
			continue
		}
		if as.app.Version > version {
			version = as.app.Version
		}
		rest := strings.TrimPrefix(aid, prefix)
		if i := strings.IndexByte(rest, '/'); i >= 0 {
			sub[prefix+rest[:i]] = true
			continue
		}
		if embedApps {
			b, _ := json.Marshal(e.appWire(as.app))
			apps = append(apps, b)
		}
	}
	groups := []map[string]any{}
	for _, g := range sortedKeys(sub) {
		groups = append(groups, e.groupJSON(g, embedApps))
	}
	if version == "" {
		version = ts(time.Unix(0, 0))
	}
	return map[string]any{"id": id, "apps": apps, "groups": groups, "pods": []any{},
		"dependencies": []string{}, "version": version}
}

func (e *Emulator) routeGroups(w http.ResponseWriter, r *http.Request, rest string) {
	id := canonicalID(rest)
	switch r.Method {
	case http.MethodGet:
		e.mu.Lock()
		defer e.mu.Unlock()
		if !e.groupExists(id) {
			writeJSON(w, 404, map[string]string{"message": "Group '" + id + "' does not exist"})
			return
		}
		writeJSON(w, 200, e.groupJSON(id, true))
	case http.MethodDelete:
		e.do(w, r, func(r *http.Request, _ []byte) (*reply, error) {
			e.mu.Lock()
			defer e.mu.Unlock()
			if !e.groupExists(id) || id == "/" && len(e.apps) == 0 {
				return nil, errMessage(404, "Group '%s' does not exist", id)
			}
			var states []*appState
			var ids []string
			for aid, as := range e.apps {
				if !as.deleted && (id == "/" || strings.HasPrefix(aid, id+"/")) {
					states = append(states, as)
					ids = append(ids, aid)
				}
			}
			if err := e.checkLocks(boolParam(r, "force", false), ids...); err != nil {
				return nil, err
			}
			return deploymentResult(e.deleteApps(states...), 200), nil
		})
	case http.MethodPost, http.MethodPut:
		e.do(w, r, func(r *http.Request, body []byte) (*reply, error) { return e.putGroup(r, id, body) })
	default:
		methodNotAllowed(w)
	}
}

// putGroup creates or updates the apps a group body lists, as one bulk app
// update. Nested groups are flattened into their apps.
func (e *Emulator) putGroup(r *http.Request, id string, body []byte) (*reply, error) {
	var g struct {
		ID     string            `json:"id"`
		Apps   []json.RawMessage `json:"apps"`
		Groups []json.RawMessage `json:"groups"`
	}
	if err := json.Unmarshal(body, &g); err != nil {
		return nil, jsonError(err)
	}
	base := id
	if r.Method == http.MethodPost && g.ID != "" {
		base = canonicalID(strings.TrimSuffix(id, "/") + "/" + strings.TrimPrefix(g.ID, "/"))
		if strings.HasPrefix(g.ID, "/") {
			base = canonicalID(g.ID)
		}
	}
	var apps []map[string]json.RawMessage
	var collect func(prefix string, list []json.RawMessage, groups []json.RawMessage) error
	collect = func(prefix string, list []json.RawMessage, groups []json.RawMessage) error {
		for _, raw := range list {
			m, err := decodeObject(raw)
			if err != nil {
				return err
			}
			var aid string
			_ = json.Unmarshal(m["id"], &aid)
			if !strings.HasPrefix(aid, "/") {
				aid = strings.TrimSuffix(prefix, "/") + "/" + aid
			}
			b, _ := json.Marshal(canonicalID(aid))
			m["id"] = b
			apps = append(apps, m)
		}
		for _, raw := range groups {
			var sg struct {
				ID     string            `json:"id"`
				Apps   []json.RawMessage `json:"apps"`
				Groups []json.RawMessage `json:"groups"`
			}
			if err := json.Unmarshal(raw, &sg); err != nil {
				return jsonError(err)
			}
			p := sg.ID
			if !strings.HasPrefix(p, "/") {
				p = strings.TrimSuffix(prefix, "/") + "/" + p
			}
			if err := collect(canonicalID(p), sg.Apps, sg.Groups); err != nil {
				return err
			}
		}
		return nil
	}
	if err := collect(base, g.Apps, g.Groups); err != nil {
		return nil, err
	}
	if r.Method == http.MethodPost {
		e.mu.Lock()
		exists := e.groupExists(base)
		e.mu.Unlock()
		if exists {
			return nil, errMessage(409, "Group %s is already created. Use PUT to change this group.", base)
		}
	}
	b, _ := json.Marshal(apps)
	if len(apps) == 0 {
		// Empty groups are not kept; answer as Marathon does for a no-op.
		return &reply{status: 200, body: map[string]string{"deploymentId": randomUUID(), "version": ts(e.clock.next())}}, nil
	}
	rep, err := e.updateApps(r, b)
	if err == nil && r.Method == http.MethodPost {
		rep.status = 201
	}
	return rep, err
}

// --- event subscriptions (callback transport, Marathon <= 1.4) ---

type callbacks struct {
	mu   sync.Mutex
	urls map[string]*subscriber
}

func (e *Emulator) callbackURLs() []string {
	e.cbOnce()
	e.cb.mu.Lock()
	defer e.cb.mu.Unlock()
	return sortedKeys(e.cb.urls)
}

func (e *Emulator) cbOnce() {
	e.cbInit.Do(func() { e.cb = &callbacks{urls: map[string]*subscriber{}} })
}

func (e *Emulator) serveSubscriptions(w http.ResponseWriter, r *http.Request) {
	e.cbOnce()
	url := r.URL.Query().Get("callbackUrl")
	switch r.Method {
	case http.MethodGet:
		writeJSON(w, 200, map[string]any{"callbackUrls": e.callbackURLs()})
	case http.MethodPost:
		if url == "" {
			writeJSON(w, 400, map[string]string{"message": "callbackUrl is required"})
			return
		}
		e.cb.mu.Lock()
		if e.cb.urls[url] == nil {
			sub := e.bus.subscribe(nil, 0)
			e.cb.urls[url] = sub
			go e.deliver(url, sub)
		}
		e.cb.mu.Unlock()
		ev := map[string]any{"clientIp": hostOf(r.RemoteAddr), "callbackUrl": url, "eventType": "subscribe_event", "timestamp": ts(time.Now())}
		e.publish("subscribe_event", map[string]any{"clientIp": ev["clientIp"], "callbackUrl": url})
		writeJSON(w, 200, ev)
	case http.MethodDelete:
		e.cb.mu.Lock()
		sub := e.cb.urls[url]
		delete(e.cb.urls, url)
		e.cb.mu.Unlock()
		if sub != nil {
			e.bus.unsubscribe(sub)
		}
		ev := map[string]any{"clientIp": hostOf(r.RemoteAddr), "callbackUrl": url, "eventType": "unsubscribe_event", "timestamp": ts(time.Now())}
		e.publish("unsubscribe_event", map[string]any{"clientIp": ev["clientIp"], "callbackUrl": url})
		writeJSON(w, 200, ev)
	default:
		methodNotAllowed(w)
	}
}

var callbackClient = &http.Client{Timeout: 5 * time.Second}

// deliver POSTs every event to a callback URL, in order.
func (e *Emulator) deliver(url string, sub *subscriber) {
	for {
		select {
		case <-sub.gone:
			return
		case ev := <-sub.ch:
			resp, err := callbackClient.Post(url, "application/json", bytes.NewReader(ev.Data))
			if err == nil {
				resp.Body.Close()
			}
		}
	}
}
