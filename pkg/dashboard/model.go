package dashboard

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/lb"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/state"
	"github.com/yodeldeploy/yodel/pkg/view"
)

// Overview is the realm page's view model: one row per service, the lb
// agents, and what the reader asked to filter and sort by.
type Overview struct {
	Realm    string
	Now      time.Time
	Services []ServiceRow
	Total    int // services before the filter
	Agents   []AgentRow
	Filter   string
	Sort     string
	// AppsError and AgentsError say why Marathon or the agents could not be
	// read: the page still shows what the store holds.
	AppsError, AgentsError string
}

// ServiceRow is one service on the overview.
type ServiceRow struct {
	Name    string
	Release string
	// Healthy and Wanted count every track's tasks (view.App).
	Healthy, Wanted int
	Tracks          []TrackShare
	// Rollout is the active rollout's step ("" when none).
	Rollout   string
	Paused    bool
	Requests  int64
	Errors    int64
	ErrorRate float64
	// Rate is the traffic through the lb agents now (nil: not known yet).
	Rate       *Rate
	Generation int64
	// Lagging counts the agents that have not applied Generation.
	Lagging int
	// Unread names an app of the service Marathon's answer was too large
	// to read (view.App.Unread): Healthy and Wanted leave it out.
	Unread string
}

// TrackShare is one track and its share of public traffic.
type TrackShare struct {
	Track, Release string
	Share          int
}

// AgentRow is one lb agent.
type AgentRow struct {
	ID, Host  string
	Ready     bool
	Problem   string
	Services  int
	MaxLag    int64
	Lagging   []string
	StartedAt time.Time
}

// Sorts are the overview's sort orders.
var Sorts = []string{"name", "errors", "instances", "rollout"}

// BuildOverview is fetch → view model: the routing states, Marathon's apps
// (through view.Apps, as `yodel status` reads them) and the agents (as
// `yodel lb status`). filter keeps services whose name contains it.
func BuildOverview(realm string, rts []state.Routing, apps []view.App, agents []view.Agent, rates map[string]Rate, filter, sortBy string, now time.Time) Overview {
	o := Overview{Realm: realm, Now: now, Total: len(rts), Filter: filter, Sort: sortBy}
	bySvc := map[string][]view.App{}
	for _, a := range apps {
		// An app yodel does not deploy may be named as a service (/web,
		// or labelled YODEL_SERVICE=web): not the service's.
		if a.Yodel {
			bySvc[a.Service] = append(bySvc[a.Service], a)
		}
	}
	lag := map[string]int{}
	for _, a := range agents {
		row := AgentRow{ID: a.ID, Host: a.Host, Ready: a.Ready, Services: len(a.Services), StartedAt: a.StartedAt}
		row.Problem = firstOf(a.ReadError, a.HAProxyError, a.MarathonError, a.StoreError, a.LastError)
		for _, s := range a.Services {
			if s.Lag > 0 {
				lag[s.Service]++
				row.Lagging = append(row.Lagging, s.Service)
				row.MaxLag = max(row.MaxLag, s.Lag)
			}
		}
		o.Agents = append(o.Agents, row)
	}
	f := strings.ToLower(strings.TrimSpace(filter))
	for _, rt := range rts {
		if f != "" && !strings.Contains(strings.ToLower(rt.Service), f) {
			continue
		}
		row := ServiceRow{Name: rt.Service, Generation: rt.Generation, Lagging: lag[rt.Service]}
		for _, a := range bySvc[rt.Service] {
			row.Healthy += a.Healthy
			row.Wanted += a.Wanted
			if a.Unread != "" {
				row.Unread = a.App
			}
		}
		r, _ := canary.Decode(rt.Rollout)
		share := int(rt.CanaryWeight + 0.5)
		if rt.CanaryIsolated {
			share = 0
		}
		stable := TrackShare{Track: "stable", Share: 100}
		if r != nil {
			stable.Release = r.Stable.Release
		}
		if r.Active() {
			row.Rollout, row.Paused = r.StepName(), r.Paused
			stable.Share = 100 - share
			row.Tracks = append(row.Tracks, stable, TrackShare{Track: "canary", Release: r.Canary.Release, Share: share})
			if r.Window != nil {
				for _, t := range view.Traffic(r.Window.Totals) {
					row.Requests += t.Requests
					row.Errors += t.Errors
				}
			}
		} else {
			if r != nil && r.Outcome == state.OutcomeSucceeded {
				stable.Release = r.Canary.Release
			}
			row.Tracks = append(row.Tracks, stable)
		}
		row.Release = stable.Release
		for _, a := range bySvc[rt.Service] {
			if a.Track == "stable" && a.Release != "" {
				row.Release = a.Release
			}
		}
		if row.Requests > 0 {
			row.ErrorRate = float64(row.Errors) / float64(row.Requests)
		}
		if r, ok := rates[rt.Service]; ok {
			row.Rate, row.ErrorRate = &r, r.ErrorRate
		}
		o.Services = append(o.Services, row)
	}
	sortRows(o.Services, sortBy)
	return o
}

func sortRows(rows []ServiceRow, by string) {
	less := func(a, b ServiceRow) int { return strings.Compare(a.Name, b.Name) }
	switch by {
	case "errors":
		less = func(a, b ServiceRow) int {
			if a.ErrorRate != b.ErrorRate {
				if a.ErrorRate > b.ErrorRate {
					return -1
				}
				return 1
			}
			return strings.Compare(a.Name, b.Name)
		}
	case "instances":
		less = func(a, b ServiceRow) int {
			if a.Wanted != b.Wanted {
				return b.Wanted - a.Wanted
			}
			return strings.Compare(a.Name, b.Name)
		}
	case "rollout":
		less = func(a, b ServiceRow) int {
			if (a.Rollout == "") != (b.Rollout == "") {
				if a.Rollout != "" {
					return -1
				}
				return 1
			}
			return strings.Compare(a.Name, b.Name)
		}
	}
	slices.SortStableFunc(rows, less)
}

func firstOf(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// ServicePage is one service's view model.
type ServicePage struct {
	Realm   string
	Service string
	Now     time.Time
	Routing state.Routing
	Apps    []view.App
	// Rollout is the active or last rollout (nil: never a canary).
	Rollout *view.Canary
	// Chart draws the rollout's share and error rates over time.
	Chart *Chart
	// Judgements are the rollout's checks, newest first.
	Judgements []canary.Check
	History    []state.Record
	// Changes are what each history record's definition changed from the
	// release before it, by record id (as `yodel history SVC RELEASE`).
	Changes map[string]view.RecordChange
	// Releases are the releases history names, newest first: rollback
	// targets.
	Releases  []string
	AppsError string
	// CPUs and Mem are what one instance of the stable app asks Marathon
	// for (0 when Marathon was not read): the scale preview multiplies.
	CPUs, Mem float64
	// Jobs are the dashboard's actions on this service, newest first.
	Jobs []Job
	// TaskToRead is the task whose output the page suggests reading
	// (view.TaskToRead).
	TaskToRead string
}

// BuildService is one service's page model.
func BuildService(realm string, rt state.Routing, apps []view.App, hist []state.Record, now time.Time) ServicePage {
	// Only the service's own apps (view.App.Yodel): one that is merely
	// named like it must not show, nor set the instances its forms offer.
	apps = slices.DeleteFunc(slices.Clone(apps), func(a view.App) bool { return !a.Yodel })
	p := ServicePage{Realm: realm, Service: rt.Service, Now: now, Routing: rt, Apps: apps, History: hist, Changes: view.RecordChanges(hist),
		TaskToRead: view.TaskToRead(apps)}
	if r, _ := canary.Decode(rt.Rollout); r != nil {
		c := view.NewCanary(r, now)
		p.Rollout = &c
		p.Chart = NewChart(r, now)
		p.Judgements = slices.Clone(r.Checks)
		sort.SliceStable(p.Judgements, func(i, j int) bool { return p.Judgements[i].Time.After(p.Judgements[j].Time) })
	}
	seen := map[string]bool{}
	for _, h := range hist {
		if h.Release != "" && !seen[h.Release] {
			seen[h.Release] = true
			p.Releases = append(p.Releases, h.Release)
		}
	}
	return p
}

// Source reads what the pages show. The server's store always; Marathon
// and the lb agents when configured.
type Source struct {
	Store state.Store
	// Apps lists Marathon's apps (nil: not read): every app for svc "", and
	// for a service's page at least the apps whose id contains svc
	// (marathon.Client.AppsWithID).
	Apps func(ctx context.Context, svc string) ([]marathon.App, error)
	// Agents reads the lb agents (lbagents.Read; nil: the store's
	// registrations only).
	Agents func(ctx context.Context) ([]view.Agent, error)
	// Stats reads the agents' counters summed per service (SumStats of
	// their /v1/stats; nil: no request rates).
	Stats func(ctx context.Context) (map[string]lb.TrackStats, error)
	// Servers reads how every agent's HAProxy holds a service's tasks
	// (lbagents.ReadServers; nil: not shown).
	Servers func(ctx context.Context, svc string) (map[string]view.ServersRead, error)
	rates   *rater
	// Every page's and stream's reads of Marathon and the agents, shared
	// (shared.go; set by New).
	appReads    *shared[[]marathon.App]
	agentReads  *shared[[]view.Agent]
	serverReads *shared[map[string]view.ServersRead]
}

// readApps is Apps through the shared reads.
func (s Source) readApps(ctx context.Context, svc string) ([]marathon.App, error) {
	if s.appReads == nil {
		return s.Apps(ctx, svc)
	}
	return s.appReads.get(ctx, svc, func(ctx context.Context) ([]marathon.App, error) { return s.Apps(ctx, svc) })
}

// readServers is Servers through the shared reads.
func (s Source) readServers(ctx context.Context, svc string) (map[string]view.ServersRead, error) {
	if s.serverReads == nil {
		return s.Servers(ctx, svc)
	}
	return s.serverReads.get(ctx, svc, func(ctx context.Context) (map[string]view.ServersRead, error) { return s.Servers(ctx, svc) })
}

// forget drops the shared answers (after a change made here).
func (s Source) forget() {
	if s.appReads != nil {
		s.appReads.forget()
		s.agentReads.forget()
		s.serverReads.forget()
	}
}

func (s Source) overview(ctx context.Context, realm, filter, sortBy string, now time.Time) (Overview, error) {
	rts, err := s.Store.ListRouting(ctx)
	if err != nil {
		return Overview{}, fmt.Errorf("read routing state: %w", err)
	}
	apps, appsErr := s.apps(ctx, rts, "")
	agents, agentsErr := s.agents(ctx, rts)
	rates, statsErr := s.rates.read(ctx, s.Stats, now)
	o := BuildOverview(realm, rts, apps, agents, rates, filter, sortBy, now)
	if agentsErr == nil {
		agentsErr = statsErr
	}
	o.AppsError, o.AgentsError = errText(appsErr), errText(agentsErr)
	return o, nil
}

func (s Source) service(ctx context.Context, realm, svc string, now time.Time) (ServicePage, error) {
	rt, _, err := s.Store.GetRouting(ctx, svc)
	if err != nil {
		return ServicePage{}, err
	}
	hist, err := s.Store.History(ctx, svc, 20)
	if err != nil && !errors.Is(err, state.ErrNotFound) {
		return ServicePage{}, fmt.Errorf("read history: %w", err)
	}
	var raw []marathon.App
	var appsErr error
	if s.Apps != nil {
		if raw, appsErr = s.readApps(ctx, svc); appsErr != nil {
			appsErr = fmt.Errorf("read Marathon's apps: %w", appsErr)
		}
	}
	apps := view.Apps(raw, view.Routes([]state.Routing{rt}), svc, now)
	if s.Servers != nil && len(raw) > 0 {
		if reads, err := s.readServers(ctx, svc); err == nil { // the agents table says why they cannot be read
			view.AddTaskRouting(apps, reads)
		}
	}
	p := BuildService(realm, rt, apps, hist, now)
	for _, a := range raw {
		if a.ID == rt.Stable {
			p.CPUs = a.CPUs
			if a.Mem != nil {
				p.Mem = *a.Mem
			}
		}
	}
	p.AppsError = errText(appsErr)
	return p, nil
}

func (s Source) apps(ctx context.Context, rts []state.Routing, svc string) ([]view.App, error) {
	if s.Apps == nil {
		return nil, nil
	}
	apps, err := s.readApps(ctx, svc)
	if err != nil {
		return nil, fmt.Errorf("read Marathon's apps: %w", err)
	}
	return view.Apps(apps, view.Routes(rts), svc, time.Now()), nil
}

func (s Source) agents(ctx context.Context, rts []state.Routing) ([]view.Agent, error) {
	if s.Agents != nil && s.agentReads != nil {
		return s.agentReads.get(ctx, "", s.Agents)
	}
	if s.Agents != nil {
		return s.Agents(ctx)
	}
	regs, err := s.Store.ListAgents(ctx)
	if err != nil {
		return nil, fmt.Errorf("list the lb agents: %w", err)
	}
	return view.Agents(regs, nil, rts), nil
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
