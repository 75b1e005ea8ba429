package dashboard

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/yodeldeploy/yodel/pkg/manifest"
	"github.com/yodeldeploy/yodel/pkg/realm"
	"github.com/yodeldeploy/yodel/pkg/server"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// Actions are what the dashboard may change; Rollout takes promote, pause,
// resume and abort. They are the /v1 API's (server.Actions): the same code
// as the CLI's commands.
var Actions = []string{"scale", "promote", "pause", "resume", "abort", "rollback", "restart"}

// Job is one action started from the dashboard. Actions run in the
// background (a scale to 3000 takes minutes); the service page shows
// their progress live and their outcome once done.
type Job struct {
	ID, Service, Action, Detail, User string
	Started, Finished                 time.Time
	Outcome                           *server.Outcome
}

// Confirm is the confirmation page of an action.
type Confirm struct {
	Service, Action, Detail string
	Instances               int
	To                      string
	Page                    ServicePage
}

// mayAct reports whether role may change services (deployer and admin).
func mayAct(role string) bool { return role == realm.RoleDeployer || role == realm.RoleAdmin }

// confirm shows what an action would do and asks for confirmation; the
// scale preview says what capacity the new count asks Marathon for.
func (d *Dashboard) confirm(w http.ResponseWriter, r *http.Request, s *session) {
	c, ok := d.actionOf(w, r, s)
	if !ok {
		return
	}
	p, err := d.servicePage(r.Context(), c.Service, d.cfg.Now())
	if err != nil {
		d.problem(w, s, err)
		return
	}
	c.Page = p
	d.render(w, http.StatusOK, "confirm.html", page{Title: c.Action + " " + c.Service, User: s.user, Role: s.role, CSRF: s.csrf, Data: c})
}

// act starts a confirmed action (POST, with the CSRF token) and sends the
// browser to the service page, where it shows its progress.
func (d *Dashboard) act(w http.ResponseWriter, r *http.Request, s *session) {
	c, ok := d.actionOf(w, r, s)
	if !ok {
		return
	}
	if d.cfg.Actions == nil {
		http.Error(w, "this server makes no changes", http.StatusNotImplemented)
		return
	}
	caller := server.Caller{User: s.user, Role: s.role, Addr: r.RemoteAddr, Request: "dashboard: " + c.Action + " " + c.Service + " " + c.Detail}
	j := &Job{ID: token()[:12], Service: c.Service, Action: c.Action, Detail: c.Detail, User: s.user, Started: d.cfg.Now()}
	d.mu.Lock()
	d.jobs = append(d.jobs, j)
	if len(d.jobs) > maxJobs {
		d.jobs = slices.Delete(d.jobs, 0, len(d.jobs)-maxJobs)
	}
	d.mu.Unlock()
	d.cfg.Logger.Info("dashboard action", "user", s.user, "service", c.Service, "action", c.Action, "detail", c.Detail, "client", clientOf(r))
	// The action outlives the request: the browser follows it on the
	// service page.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), 20*time.Minute)
	go func() {
		defer cancel()
		var out server.Outcome
		switch c.Action {
		case "scale":
			out = d.cfg.Actions.Scale(ctx, caller, c.Service, c.Instances)
		case "rollback":
			out = d.cfg.Actions.Rollback(ctx, caller, c.Service, c.To)
		case "restart":
			out = d.cfg.Actions.Restart(ctx, caller, c.Service)
		default:
			out = d.cfg.Actions.Rollout(ctx, caller, c.Service, c.Action, false)
		}
		d.cfg.Source.forget() // the next page shows the change
		d.mu.Lock()
		j.Finished, j.Outcome = d.cfg.Now(), &out
		d.mu.Unlock()
		d.audit(ctx, caller, *j)
	}()
	http.Redirect(w, r, Prefix+"services/"+c.Service+"?job="+j.ID, http.StatusSeeOther)
}

const maxJobs = 200

// actionOf reads and checks an action's request: the role (server-side,
// whatever the page showed), the service name, the action and its value.
func (d *Dashboard) actionOf(w http.ResponseWriter, r *http.Request, s *session) (Confirm, bool) {
	if !mayAct(s.role) {
		http.Error(w, fmt.Sprintf("user %s has role %s; acting needs deployer or admin", s.user, s.role), http.StatusForbidden)
		return Confirm{}, false
	}
	c := Confirm{Service: r.PathValue("service"), Action: r.PathValue("action")}
	if err := manifest.ValidServiceName(c.Service); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return Confirm{}, false
	}
	if !slices.Contains(Actions, c.Action) {
		http.Error(w, fmt.Sprintf("%q is not an action: use one of %v", c.Action, Actions), http.StatusNotFound)
		return Confirm{}, false
	}
	form := r.URL.Query()
	if r.Method == http.MethodPost {
		form = r.PostForm
	}
	switch c.Action {
	case "scale":
		n, err := strconv.Atoi(form.Get("instances"))
		if err != nil || n < 0 {
			http.Error(w, "instances must be a whole number >= 0", http.StatusBadRequest)
			return Confirm{}, false
		}
		c.Instances, c.Detail = n, "to "+strconv.Itoa(n)
	case "rollback":
		c.To = form.Get("to")
		if c.To != "" {
			c.Detail = "to " + c.To
		}
	}
	return c, true
}

// jobsOf lists svc's jobs, newest first.
func (d *Dashboard) jobsOf(svc string) []Job {
	d.mu.Lock()
	defer d.mu.Unlock()
	var out []Job
	for i := len(d.jobs) - 1; i >= 0; i-- {
		if j := d.jobs[i]; j.Service == svc {
			out = append(out, *j)
		}
	}
	return out
}

// servicePage is svc's page model with the dashboard's jobs on it.
func (d *Dashboard) servicePage(ctx context.Context, svc string, now time.Time) (ServicePage, error) {
	p, err := d.cfg.Source.service(ctx, d.cfg.Realm, svc, now)
	if p.Rollout != nil {
		p.Rollout.Adopter = d.cfg.Adopter
	}
	p.Jobs = d.jobsOf(svc)
	return p, err
}

// audit appends the action's own history row (strategy "dashboard"), as
// the API does for its actions (strategy "api"): who, from where, what,
// and how it ended, beside the change's own row.
func (d *Dashboard) audit(ctx context.Context, c server.Caller, j Job) {
	outcome := state.OutcomeSucceeded
	if j.Outcome.ExitCode != 0 {
		outcome = state.OutcomeFailed
	}
	step := state.Step{Name: c.Request, Started: j.Started, Finished: j.Finished, Outcome: outcome, Message: j.Outcome.Error}
	rec := state.Record{Service: j.Service, User: c.User, Host: c.Addr, Command: c.Request, Started: j.Started, Finished: j.Finished,
		Outcome: outcome, Strategy: "dashboard", Steps: []state.Step{step}}
	if _, err := d.cfg.Source.Store.AppendHistory(ctx, j.Service, rec); err != nil {
		d.cfg.Logger.Warn("dashboard audit row not recorded", "service", j.Service, "user", c.User, "err", err)
	}
}
