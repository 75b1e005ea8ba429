package server

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/yodeldeploy/yodel/pkg/appdef"
	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/manifest"
	"github.com/yodeldeploy/yodel/pkg/realm"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// Caller is who asked for an action through the API: the history's user,
// host and command of what it changes.
type Caller struct {
	User, Role string
	// Addr is the client's address; Request the method and path.
	Addr, Request string
}

// Outcome is what an action did: ExitCode is the CLI's exit code for the
// same change (0: done), Output what the CLI would have printed. Status is
// the HTTP status of the answer (StatusOf; 0: from ExitCode alone).
type Outcome struct {
	Status   int    `json:"-"`
	ExitCode int    `json:"exitCode"`
	Output   string `json:"output,omitempty"`
	Error    string `json:"error,omitempty"`
	Hint     string `json:"hint,omitempty"`
	Result   any    `json:"result,omitempty"`
}

// Actions are the API's changes. pkg/cmd/server runs them with the same
// code as `yodel scale`, `yodel rollback`, `yodel restart` and `yodel
// canary promote|abort|pause|resume --detach` (the leader drives the
// rollout).
type Actions interface {
	Scale(ctx context.Context, c Caller, svc string, instances int) Outcome
	Rollout(ctx context.Context, c Caller, svc, action string, full bool) Outcome
	Rollback(ctx context.Context, c Caller, svc, to string) Outcome
	Restart(ctx context.Context, c Caller, svc string) Outcome
}

// The rollout actions of POST /v1/services/{service}/rollout/{action}.
var rolloutActions = map[string]bool{"promote": true, "abort": true, "pause": true, "resume": true}

var roleRank = map[string]int{realm.RoleViewer: 1, realm.RoleDeployer: 2, realm.RoleAdmin: 3}

// Handler serves /healthz, /metrics and the API under /v1.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", s.healthz)
	if s.cfg.Metrics != nil {
		mux.Handle("GET /metrics", s.cfg.Metrics.Handler())
	}
	read := func(route string, h func(http.ResponseWriter, *http.Request) (any, error)) {
		mux.HandleFunc("GET "+route, s.authed(route, realm.RoleViewer, func(w http.ResponseWriter, r *http.Request, _ Caller) {
			v, err := h(w, r)
			var nf notFound
			var br badRequest
			switch {
			case errors.As(err, &nf):
				s.fail(w, route, http.StatusNotFound, err.Error(), "")
				return
			case errors.As(err, &br):
				s.fail(w, route, http.StatusBadRequest, err.Error(), "")
				return
			case err != nil:
				// The store could not be read.
				s.fail(w, route, http.StatusBadGateway, err.Error(), "")
				return
			}
			s.reply(w, route, http.StatusOK, v)
		}))
	}
	read("/v1/overview", s.overview)
	read("/v1/services", s.services)
	read("/v1/services/{service}", s.service)
	read("/v1/services/{service}/history", s.history)
	read("/v1/history", s.realmHistory)
	read("/v1/rollouts", s.rollouts)
	read("/v1/agents", func(_ http.ResponseWriter, r *http.Request) (any, error) { return s.cfg.Store.ListAgents(r.Context()) })

	act := func(route string, do func(r *http.Request, c Caller, svc string) (Outcome, int, string)) {
		mux.HandleFunc("POST "+route, s.authed(route, realm.RoleDeployer, func(w http.ResponseWriter, r *http.Request, c Caller) {
			svc := r.PathValue("service")
			if s.cfg.Actions == nil {
				s.fail(w, route, http.StatusNotImplemented, "this server makes no changes", "")
				return
			}
			started := time.Now()
			out, code, msg := do(r, c, svc)
			if code != 0 {
				s.fail(w, route, code, msg, "")
				return
			}
			s.audit(r.Context(), c, svc, started, out)
			status := out.Status
			if status == 0 {
				status = StatusOf(nil, out.ExitCode)
			}
			s.reply(w, route, status, out)
		}))
	}
	act("/v1/services/{service}/scale", func(r *http.Request, c Caller, svc string) (Outcome, int, string) {
		var body struct {
			Instances *int `json:"instances"`
		}
		if err := decode(r, &body); err != nil || body.Instances == nil || *body.Instances < 0 {
			return Outcome{}, http.StatusBadRequest, `the body must be {"instances": N} with N >= 0`
		}
		return s.cfg.Actions.Scale(r.Context(), c, svc, *body.Instances), 0, ""
	})
	act("/v1/services/{service}/rollout/{action}", func(r *http.Request, c Caller, svc string) (Outcome, int, string) {
		a := r.PathValue("action")
		if !rolloutActions[a] {
			return Outcome{}, http.StatusNotFound, fmt.Sprintf("%q is not a rollout action: use promote, abort, pause or resume", a)
		}
		var body struct {
			Full bool `json:"full"`
		}
		if err := decode(r, &body); err != nil {
			return Outcome{}, http.StatusBadRequest, `the body must be empty or {"full": true} (promote)`
		}
		return s.cfg.Actions.Rollout(r.Context(), c, svc, a, body.Full), 0, ""
	})
	act("/v1/services/{service}/rollback", func(r *http.Request, c Caller, svc string) (Outcome, int, string) {
		var body struct {
			To string `json:"to"`
		}
		if err := decode(r, &body); err != nil {
			return Outcome{}, http.StatusBadRequest, `the body must be empty or {"to": "<release>"}`
		}
		return s.cfg.Actions.Rollback(r.Context(), c, svc, body.To), 0, ""
	})
	act("/v1/services/{service}/restart", func(r *http.Request, c Caller, svc string) (Outcome, int, string) {
		var body struct{}
		if err := decode(r, &body); err != nil {
			return Outcome{}, http.StatusBadRequest, `the body must be empty or {}`
		}
		return s.cfg.Actions.Restart(r.Context(), c, svc), 0, ""
	})
	return mux
}

// decode reads an optional JSON body (empty is the zero value).
func decode(r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, 1<<16))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	return nil
}

// authed checks the caller's credential and role before h runs: 401
// without a known credential, 403 with too low a role; nothing else runs.
func (s *Server) authed(route, role string, h func(http.ResponseWriter, *http.Request, Caller)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		u, ok := s.authenticate(r)
		if !ok {
			w.Header().Set("WWW-Authenticate", `Bearer realm="yodel", Basic realm="yodel"`)
			s.fail(w, route, http.StatusUnauthorized, "authentication required: send Authorization: Bearer <token> or basic auth of a user in the realm's server.users", "")
			return
		}
		if roleRank[u.Role] < roleRank[role] {
			s.fail(w, route, http.StatusForbidden, fmt.Sprintf("user %s has role %s; this needs %s", u.Name, u.Role, role), "")
			return
		}
		if svc := r.PathValue("service"); svc != "" {
			if err := manifest.ValidServiceName(svc); err != nil {
				s.fail(w, route, http.StatusBadRequest, err.Error(), "")
				return
			}
		}
		h(w, r, Caller{User: u.Name, Role: u.Role, Addr: r.RemoteAddr, Request: r.Method + " " + r.URL.Path})
	}
}

func (s *Server) authenticate(r *http.Request) (realm.ServerCredential, bool) {
	if tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok && tok != "" {
		for _, u := range s.cfg.Users {
			if u.Token != "" && subtle.ConstantTimeCompare([]byte(u.Token), []byte(tok)) == 1 {
				return u, true
			}
		}
		return realm.ServerCredential{}, false
	}
	name, pw, ok := r.BasicAuth()
	if !ok {
		return realm.ServerCredential{}, false
	}
	for _, u := range s.cfg.Users {
		if u.Name == name && u.PasswordHash != "" && bcrypt.CompareHashAndPassword([]byte(u.PasswordHash), []byte(pw)) == nil {
			return u, true
		}
	}
	return realm.ServerCredential{}, false
}

// audit appends the action's line to the service's history: who, from
// where, what, which release and how it ended.
func (s *Server) audit(ctx context.Context, c Caller, svc string, started time.Time, out Outcome) {
	outcome, msg := state.OutcomeSucceeded, out.Error
	if out.ExitCode != 0 {
		outcome = state.OutcomeFailed
	}
	now := time.Now()
	rec := state.Record{Service: svc, Release: s.releaseOf(ctx, svc, c), User: c.User, Host: c.Addr, Command: "api: " + c.Request, Started: started, Finished: now,
		Outcome: outcome, Strategy: "api", Steps: []state.Step{{Name: c.Request, Started: started, Finished: now, Outcome: outcome, Message: msg}}}
	if _, err := s.cfg.Store.AppendHistory(ctx, svc, rec); err != nil {
		s.log.Warn("audit line not recorded", "service", svc, "request", c.Request, "user", c.User, "err", err)
	}
}

// releaseOf is the release an action was about, read once it ended: a
// rollout action's canary release; otherwise the release the stable app
// runs (after a rollback, the one it went back to). "" when it cannot be
// read (a service never deployed).
func (s *Server) releaseOf(ctx context.Context, svc string, c Caller) string {
	rt, _, err := s.cfg.Store.GetRouting(ctx, svc)
	if err != nil {
		return ""
	}
	if r, err := canary.Decode(rt.Rollout); err == nil && r != nil && strings.Contains(c.Request, "/rollout/") {
		return r.Canary.Release
	}
	if rt.Stable == "" || s.cfg.Marathon == nil {
		return ""
	}
	app, err := s.cfg.Marathon.App(ctx, rt.Stable)
	if err != nil {
		return ""
	}
	return app.Label(appdef.LabelRelease)
}

type apiError struct {
	Error string `json:"error"`
	Hint  string `json:"hint,omitempty"`
}

func (s *Server) fail(w http.ResponseWriter, route string, code int, msg, hint string) {
	s.reply(w, route, code, apiError{Error: msg, Hint: hint})
}

func (s *Server) reply(w http.ResponseWriter, route string, code int, v any) {
	s.cfg.Metrics.request(route, strconv.Itoa(code))
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

// Health is GET /healthz: the server runs; whether it leads.
type Health struct {
	Status  string    `json:"status"`
	Realm   string    `json:"realm"`
	Leader  bool      `json:"leader"`
	Since   time.Time `json:"since,omitzero"`
	Driving []string  `json:"driving"`
}

func (s *Server) healthz(w http.ResponseWriter, _ *http.Request) {
	lead, since := s.Leading()
	s.reply(w, "/healthz", http.StatusOK, Health{Status: "ok", Realm: s.cfg.Realm.Realm, Leader: lead, Since: since, Driving: s.Driving()})
}

// ServiceView is one service in /v1/services.
type ServiceView struct {
	Service      string          `json:"service"`
	Stable       string          `json:"stable,omitempty"`
	Canary       string          `json:"canary,omitempty"`
	CanaryWeight float64         `json:"canaryWeight"`
	Step         string          `json:"step,omitempty"`
	Generation   int64           `json:"generation"`
	UpdatedAt    time.Time       `json:"updatedAt"`
	Ports        []state.Port    `json:"ports,omitempty"`
	Rollout      *canary.Rollout `json:"rollout,omitempty"`
}

func view(rt state.Routing) ServiceView {
	r, _ := canary.Decode(rt.Rollout)
	return ServiceView{Service: rt.Service, Stable: rt.Stable, Canary: rt.Canary, CanaryWeight: rt.CanaryWeight, Step: rt.Step,
		Generation: rt.Generation, UpdatedAt: rt.UpdatedAt, Ports: rt.Ports, Rollout: r}
}

// Overview is GET /v1/overview.
type Overview struct {
	Realm          string   `json:"realm"`
	Store          string   `json:"store"`
	Server         Health   `json:"server"`
	Services       int      `json:"services"`
	ActiveRollouts []string `json:"activeRollouts"`
	Agents         int      `json:"agents"`
}

func (s *Server) overview(_ http.ResponseWriter, r *http.Request) (any, error) {
	rts, err := s.cfg.Store.ListRouting(r.Context())
	if err != nil {
		return nil, err
	}
	agents, err := s.cfg.Store.ListAgents(r.Context())
	if err != nil {
		return nil, err
	}
	lead, since := s.Leading()
	o := Overview{Realm: s.cfg.Realm.Realm, Store: s.cfg.Store.URL(), Services: len(rts), Agents: len(agents), ActiveRollouts: []string{},
		Server: Health{Status: "ok", Realm: s.cfg.Realm.Realm, Leader: lead, Since: since, Driving: s.Driving()}}
	for _, rt := range rts {
		if v := view(rt); v.Rollout.Active() {
			o.ActiveRollouts = append(o.ActiveRollouts, rt.Service)
		}
	}
	return o, nil
}

func (s *Server) services(_ http.ResponseWriter, r *http.Request) (any, error) {
	rts, err := s.cfg.Store.ListRouting(r.Context())
	if err != nil {
		return nil, err
	}
	out := make([]ServiceView, 0, len(rts))
	for _, rt := range rts {
		out = append(out, view(rt))
	}
	return out, nil
}

func (s *Server) service(w http.ResponseWriter, r *http.Request) (any, error) {
	svc := r.PathValue("service")
	rt, _, err := s.cfg.Store.GetRouting(r.Context(), svc)
	if errors.Is(err, state.ErrNotFound) {
		return nil, notFound{svc}
	}
	if err != nil {
		return nil, err
	}
	return view(rt), nil
}

func (s *Server) rollouts(_ http.ResponseWriter, r *http.Request) (any, error) {
	rts, err := s.cfg.Store.ListRouting(r.Context())
	if err != nil {
		return nil, err
	}
	out := []*canary.Rollout{}
	for _, rt := range rts {
		if v := view(rt); v.Rollout.Active() {
			out = append(out, v.Rollout)
		}
	}
	return out, nil
}

func (s *Server) history(_ http.ResponseWriter, r *http.Request) (any, error) {
	limit, err := historyLimit(r)
	if err != nil {
		return nil, err
	}
	recs, err := s.cfg.Store.History(r.Context(), r.PathValue("service"), limit)
	if recs == nil {
		recs = []state.Record{}
	}
	return recs, err
}

// realmHistory is the newest changes of every service of the realm,
// as `yodel history --realm R` lists them.
func (s *Server) realmHistory(_ http.ResponseWriter, r *http.Request) (any, error) {
	limit, err := historyLimit(r)
	if err != nil {
		return nil, err
	}
	return state.RecentHistory(r.Context(), s.cfg.Store, limit)
}

func historyLimit(r *http.Request) (int, error) {
	q := r.URL.Query().Get("limit")
	if q == "" {
		return 20, nil
	}
	n, err := strconv.Atoi(q)
	if err != nil || n < 1 {
		return 0, badRequest("limit must be a whole number >= 1")
	}
	return n, nil
}

type notFound struct{ svc string }

func (e notFound) Error() string { return "service " + e.svc + " has no routing state in this realm" }

type badRequest string

func (e badRequest) Error() string { return string(e) }
