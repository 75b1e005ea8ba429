// Package dashboard is the web dashboard `yodel server` serves under /ui/:
// the realm's services, rollouts and lb agents, for people. Pages are
// server-rendered from html/template (everything from Marathon labels,
// manifests and history is escaped by it), the CSS is embedded, and reading
// needs no JavaScript. Pages are built as the CLI and the /v1 API build
// theirs: fetch (the store, Marathon, the agents) → view model (view.Apps,
// view.Agents, view.NewCanary) → render.
//
// Sign-in is with the realm's server.users (the API's users): a session
// cookie (HttpOnly, SameSite=Strict, Secure over TLS) and a CSRF token on
// every POST. Failed logins are rate-limited per client and logged.
package dashboard

import (
	"bytes"
	"crypto/rand"
	"crypto/subtle"
	"embed"
	"encoding/hex"
	"errors"
	"html/template"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/yodeldeploy/yodel/pkg/manifest"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/realm"
	"github.com/yodeldeploy/yodel/pkg/server"
	"github.com/yodeldeploy/yodel/pkg/state"
	"github.com/yodeldeploy/yodel/pkg/view"
)

//go:embed assets templates
var files embed.FS

// Prefix is where the dashboard is mounted.
const Prefix = "/ui/"

// Config is what the dashboard needs.
type Config struct {
	Realm  string
	Source Source
	// Users may sign in (the server's resolved server.users).
	Users  []realm.ServerCredential
	Logger *slog.Logger
	// Now is the clock (tests fix it).
	Now func() time.Time
	// Actions change services (nil: the dashboard only reads).
	Actions server.Actions
	// Adopter is the realm's server as it adopts a rollout whose driver is
	// gone (the server serving the dashboard; nil: the realm names none),
	// said on a service page as `yodel canary status` says it.
	Adopter *view.Adopter
	// LiveEvery is how often a live page is read again (default 1s).
	LiveEvery time.Duration
	// SessionTTL bounds a session (default 12h).
	SessionTTL time.Duration
}

// Dashboard serves the pages.
type Dashboard struct {
	cfg  Config
	tmpl *template.Template

	mu       sync.Mutex
	sessions map[string]*session
	failures map[string][]time.Time // failed logins by client address
	jobs     []*Job                 // actions started here, oldest first
}

type session struct {
	user, role, csrf string
	expires          time.Time
}

// New parses the templates.
func New(cfg Config) *Dashboard {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.LiveEvery <= 0 {
		cfg.LiveEvery = time.Second
	}
	if cfg.SessionTTL <= 0 {
		cfg.SessionTTL = 12 * time.Hour
	}
	t := template.Must(template.New("").Funcs(funcs).ParseFS(files, "templates/*.html"))
	cfg.Source.rates = &rater{}
	cfg.Source.appReads = newShared[[]marathon.App](cfg.LiveEvery)
	cfg.Source.agentReads = newShared[[]view.Agent](cfg.LiveEvery)
	cfg.Source.serverReads = newShared[map[string]view.ServersRead](cfg.LiveEvery)
	return &Dashboard{cfg: cfg, tmpl: t, sessions: map[string]*session{}, failures: map[string][]time.Time{}}
}

// Handler serves /ui/ (pages, login, assets).
func (d *Dashboard) Handler() http.Handler {
	mux := http.NewServeMux()
	assets, _ := fs.Sub(files, "assets")
	mux.Handle("GET /ui/assets/", http.StripPrefix("/ui/assets/", http.FileServerFS(assets)))
	mux.HandleFunc("GET /ui/login", d.loginForm)
	mux.HandleFunc("POST /ui/login", d.login)
	mux.HandleFunc("POST /ui/logout", d.signedIn(d.logout))
	mux.HandleFunc("GET /ui/{$}", d.signedIn(d.overview))
	mux.HandleFunc("GET /ui/services/{service}", d.signedIn(d.service))
	mux.HandleFunc("GET /ui/history", d.signedIn(d.history))
	mux.HandleFunc("GET /ui/events", d.signedIn(d.events))
	mux.HandleFunc("GET /ui/services/{service}/confirm/{action}", d.signedIn(d.confirm))
	mux.HandleFunc("POST /ui/services/{service}/actions/{action}", d.signedIn(d.act))
	return secure(mux)
}

// secure sets the headers every answer carries: a Content-Security-Policy
// that allows no inline script or style and nothing from elsewhere, no
// framing, no MIME sniffing, no caching of pages.
func secure(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "same-origin")
		if !strings.HasPrefix(r.URL.Path, "/ui/assets/") {
			hd.Set("Cache-Control", "no-store")
		}
		h.ServeHTTP(w, r)
	})
}

const cookieName = "yodel_session"

// signedIn runs h for a live session; otherwise a GET goes to the login
// page and anything else is refused. Every POST must carry the session's
// CSRF token.
func (d *Dashboard) signedIn(h func(http.ResponseWriter, *http.Request, *session)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s := d.session(r)
		if s == nil {
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "/ui/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			http.Error(w, "sign in first", http.StatusUnauthorized)
			return
		}
		if r.Method != http.MethodGet && subtle.ConstantTimeCompare([]byte(r.PostFormValue("csrf")), []byte(s.csrf)) != 1 {
			http.Error(w, "the form's CSRF token is missing or wrong: reload the page", http.StatusForbidden)
			return
		}
		h(w, r, s)
	}
}

func (d *Dashboard) session(r *http.Request) *session {
	c, err := r.Cookie(cookieName)
	if err != nil {
		return nil
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	s := d.sessions[c.Value]
	if s == nil {
		return nil
	}
	if d.cfg.Now().After(s.expires) {
		delete(d.sessions, c.Value)
		return nil
	}
	return s
}

func token() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

type loginPage struct {
	Title, Realm, Next, Name, Error string
	CSRF                            string // none before signing in: the layout shows no sign-out
}

func (d *Dashboard) loginForm(w http.ResponseWriter, r *http.Request) {
	d.render(w, http.StatusOK, "login.html", loginPage{Title: "Sign in", Realm: d.cfg.Realm, Next: safeNext(r.URL.Query().Get("next"))})
}

// Failed logins allowed per client in loginWindow before it must wait.
const (
	loginFailures = 5
	loginWindow   = time.Minute
)

func (d *Dashboard) login(w http.ResponseWriter, r *http.Request) {
	client := clientOf(r)
	name, secret := r.PostFormValue("user"), r.PostFormValue("password")
	page := loginPage{Title: "Sign in", Realm: d.cfg.Realm, Next: safeNext(r.PostFormValue("next")), Name: name}
	if d.limited(client) {
		d.cfg.Logger.Warn("dashboard login refused: too many failures", "client", client, "user", name)
		w.Header().Set("Retry-After", "60")
		page.Error = "Too many failed sign-ins from this address: wait a minute."
		d.render(w, http.StatusTooManyRequests, "login.html", page)
		return
	}
	u, ok := d.check(name, secret)
	if !ok {
		d.fail(client)
		d.cfg.Logger.Warn("dashboard login failed", "client", client, "user", name)
		page.Error = "Unknown user or wrong password."
		d.render(w, http.StatusUnauthorized, "login.html", page)
		return
	}
	id := token()
	d.mu.Lock()
	d.sessions[id] = &session{user: u.Name, role: u.Role, csrf: token(), expires: d.cfg.Now().Add(d.cfg.SessionTTL)}
	d.mu.Unlock()
	d.cfg.Logger.Info("dashboard login", "client", client, "user", u.Name, "role", u.Role)
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: id, Path: "/ui/", HttpOnly: true, Secure: r.TLS != nil,
		SameSite: http.SameSiteStrictMode, MaxAge: int(d.cfg.SessionTTL / time.Second)})
	http.Redirect(w, r, page.Next, http.StatusSeeOther)
}

// check accepts a user's password (against its bcrypt hash) or its API
// token.
func (d *Dashboard) check(name, secret string) (realm.ServerCredential, bool) {
	if name == "" || secret == "" {
		return realm.ServerCredential{}, false
	}
	for _, u := range d.cfg.Users {
		if u.Name != name {
			continue
		}
		if u.Token != "" && subtle.ConstantTimeCompare([]byte(u.Token), []byte(secret)) == 1 {
			return u, true
		}
		if u.PasswordHash != "" && bcrypt.CompareHashAndPassword([]byte(u.PasswordHash), []byte(secret)) == nil {
			return u, true
		}
	}
	return realm.ServerCredential{}, false
}

func (d *Dashboard) limited(client string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	cut := d.cfg.Now().Add(-loginWindow)
	recent := slices.DeleteFunc(d.failures[client], func(t time.Time) bool { return t.Before(cut) })
	d.failures[client] = recent
	return len(recent) >= loginFailures
}

func (d *Dashboard) fail(client string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.failures[client] = append(d.failures[client], d.cfg.Now())
}

func clientOf(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// safeNext keeps a redirect after login on the dashboard.
func safeNext(next string) string {
	if !strings.HasPrefix(next, Prefix) || strings.HasPrefix(next, "//") || strings.Contains(next, "\\") {
		return Prefix
	}
	return next
}

func (d *Dashboard) logout(w http.ResponseWriter, r *http.Request, _ *session) {
	if c, err := r.Cookie(cookieName); err == nil {
		d.mu.Lock()
		delete(d.sessions, c.Value)
		d.mu.Unlock()
	}
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: "", Path: "/ui/", HttpOnly: true, Secure: r.TLS != nil, SameSite: http.SameSiteStrictMode, MaxAge: -1})
	http.Redirect(w, r, "/ui/login", http.StatusSeeOther)
}

// page is what every signed-in page's layout needs.
type page struct {
	Title, User, Role, CSRF string
	// Live is the URL of the page's live updates (server-sent events).
	Live string
	Data any
}

func (d *Dashboard) overview(w http.ResponseWriter, r *http.Request, s *session) {
	q := r.URL.Query()
	o, err := d.cfg.Source.overview(r.Context(), d.cfg.Realm, q.Get("q"), sortParam(q), d.cfg.Now())
	if err != nil {
		d.problem(w, s, err)
		return
	}
	d.render(w, http.StatusOK, "overview.html", page{Title: "Realm " + d.cfg.Realm, User: s.user, Role: s.role, CSRF: s.csrf, Live: liveURL(r), Data: o})
}

func (d *Dashboard) service(w http.ResponseWriter, r *http.Request, s *session) {
	svc := r.PathValue("service")
	if err := manifest.ValidServiceName(svc); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	p, err := d.servicePage(r.Context(), svc, d.cfg.Now())
	if errors.Is(err, state.ErrNotFound) {
		http.Error(w, "service "+svc+" has no routing state in realm "+d.cfg.Realm, http.StatusNotFound)
		return
	}
	if err != nil {
		d.problem(w, s, err)
		return
	}
	d.render(w, http.StatusOK, "service.html", page{Title: svc, User: s.user, Role: s.role, CSRF: s.csrf, Live: liveURL(r), Data: p})
}

// historyLimit is how many of the realm's changes the history page shows.
const historyLimit = 50

// HistoryPage is the realm's newest changes.
type HistoryPage struct {
	Realm   string
	Now     time.Time
	Limit   int
	Records []state.Record
	// Routed are the services with routing state, which have a page; a
	// destroyed service's records are listed without a link.
	Routed map[string]bool
	// Changes: as ServicePage's.
	Changes map[string]view.RecordChange
}

// history is the realm's newest changes, as `yodel history --realm R`
// lists them: read when asked for, not live (it reads every service's
// history).
func (d *Dashboard) history(w http.ResponseWriter, r *http.Request, s *session) {
	recs, err := state.RecentHistory(r.Context(), d.cfg.Source.Store, historyLimit)
	if err != nil {
		d.problem(w, s, err)
		return
	}
	rts, err := d.cfg.Source.Store.ListRouting(r.Context())
	if err != nil {
		d.problem(w, s, err)
		return
	}
	routed := make(map[string]bool, len(rts))
	for _, rt := range rts {
		routed[rt.Service] = true
	}
	d.render(w, http.StatusOK, "history.html", page{Title: "History", User: s.user, Role: s.role, CSRF: s.csrf,
		Data: HistoryPage{Realm: d.cfg.Realm, Now: d.cfg.Now(), Limit: historyLimit, Records: recs, Routed: routed, Changes: view.RecordChanges(recs)}})
}

// sortParam is the overview's sort order from its query: name unless it
// names one of Sorts.
func sortParam(q url.Values) string {
	if by := q.Get("sort"); slices.Contains(Sorts, by) {
		return by
	}
	return "name"
}

func (d *Dashboard) problem(w http.ResponseWriter, s *session, err error) {
	d.cfg.Logger.Warn("dashboard page not built", "err", err)
	d.render(w, http.StatusBadGateway, "problem.html", page{Title: "Not available", User: s.user, Role: s.role, CSRF: s.csrf, Data: err.Error()})
}

func (d *Dashboard) render(w http.ResponseWriter, code int, name string, v any) {
	// Rendered whole before the status is sent: a template error is a
	// 500, never half a page.
	var b bytes.Buffer
	if err := d.tmpl.ExecuteTemplate(&b, name, v); err != nil {
		d.cfg.Logger.Error("dashboard page not rendered", "page", name, "err", err)
		http.Error(w, "the page could not be rendered: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	_, _ = b.WriteTo(w)
}
