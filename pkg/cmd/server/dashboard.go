package server

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil"
	"github.com/yodeldeploy/yodel/pkg/dashboard"
	"github.com/yodeldeploy/yodel/pkg/jsondur"
	"github.com/yodeldeploy/yodel/pkg/lb"
	"github.com/yodeldeploy/yodel/pkg/lbagents"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/realm"
	"github.com/yodeldeploy/yodel/pkg/server"
	"github.com/yodeldeploy/yodel/pkg/state"
	"github.com/yodeldeploy/yodel/pkg/view"
)

// withDashboard serves the web dashboard (pkg/dashboard) under /ui/ beside
// the API, with the same users, store, Marathon and lb agents.
func withDashboard(api http.Handler, rl *realm.Realm, st state.Store, mc *marathon.Client, users []realm.ServerCredential,
	actions server.Actions, lookupEnv func(string) (string, bool), log *slog.Logger) http.Handler {
	var agents lb.Client
	if c, err := svcutil.AgentClient(rl, lookupEnv); err == nil {
		agents = *c
	} else {
		log.Warn("the dashboard reads the lb agents without their token", "err", err)
	}
	// This server adopts the rollouts whose driver is gone: its pages say
	// so as `yodel canary status` does.
	adopter := &view.Adopter{URL: rl.Server.URL, AdoptAfter: jsondur.Duration(rl.Server.AdoptAfter.D())}
	d := dashboard.New(dashboard.Config{Realm: rl.Realm, Users: users, Actions: actions, Adopter: adopter, Logger: log.With("component", "dashboard"), Source: dashboard.Source{
		Store:  st,
		Apps:   mc.AppsWithID,
		Agents: func(ctx context.Context) ([]view.Agent, error) { return lbagents.Read(ctx, st, agents) },
		Servers: func(ctx context.Context, svc string) (map[string]view.ServersRead, error) {
			regs, err := st.ListAgents(ctx)
			if err != nil {
				return nil, err
			}
			return lbagents.ReadServers(ctx, agents, regs, svc), nil
		},
		Stats: func(ctx context.Context) (map[string]lb.TrackStats, error) {
			regs, err := st.ListAgents(ctx)
			if err != nil {
				return nil, err
			}
			// An agent that cannot be read is left out: the agents table
			// says why.
			var all []lb.StatsResponse
			for _, a := range regs {
				if s, err := agents.Stats(ctx, a.Address); err == nil {
					all = append(all, s)
				}
			}
			return dashboard.SumStats(all), nil
		},
	}})
	mux := http.NewServeMux()
	mux.Handle(dashboard.Prefix, d.Handler())
	mux.Handle("GET /{$}", http.RedirectHandler(dashboard.Prefix, http.StatusSeeOther))
	mux.Handle("/", api)
	return mux
}
