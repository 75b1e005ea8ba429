package server

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/yodeldeploy/yodel/pkg/autoscale"
	"github.com/yodeldeploy/yodel/pkg/deploy"
	"github.com/yodeldeploy/yodel/pkg/lb"
	"github.com/yodeldeploy/yodel/pkg/notify"
	"github.com/yodeldeploy/yodel/pkg/realm"
	"github.com/yodeldeploy/yodel/pkg/server"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// WorkerDeps are what the leader-only workers need from the server.
type WorkerDeps struct {
	Realm     *realm.Realm
	Store     state.Store
	Marathon  deploy.Marathon
	LookupEnv func(string) (string, bool)
	Log       *slog.Logger
	// Holder is the server as lock holder; the autoscaler is it with the
	// user "autoscaler".
	Holder  state.Holder
	Metrics *server.Metrics
	// AutoscaleInterval overrides autoscale.DefaultInterval (tests).
	AutoscaleInterval time.Duration
}

// AutoscalerUser is the history's user of the autoscaler's changes.
const AutoscalerUser = state.AutoscalerUser

// Workers are what only the leader runs besides driving rollouts: the
// notifier (webhooks and New Relic markers from the store's records) and
// the autoscaler (services whose manifest has autoscale). Each gets a
// context that ends when this server stops leading, so two servers never
// both send an event or change a service.
func Workers(d WorkerDeps) ([]server.Worker, error) {
	var ws []server.Worker
	if len(d.Realm.Notifications) > 0 || d.Realm.NewRelic != nil {
		// Each receiver has its own timeout (notify.FromRealm); the client
		// only carries them.
		rcv, err := notify.FromRealm(d.Realm, d.LookupEnv, &http.Client{})
		if err != nil {
			return nil, err
		}
		w := &notify.Worker{Store: d.Store, Realm: d.Realm.Realm, Receivers: rcv, Log: d.Log.With("worker", "notify")}
		ws = append(ws, server.Worker{Name: "notify", Run: w.Run})
	}
	token, err := d.Realm.AgentToken(d.LookupEnv)
	if err != nil {
		d.Log.Warn("the lb agents' token cannot be read: the autoscaler's reads of their counters will be refused", "err", err)
	}
	h := d.Holder.Autoscaler()
	as := &autoscale.Worker{Realm: d.Realm, Store: d.Store, Marathon: d.Marathon, Agents: &lb.Client{Token: token},
		Holder: h, Interval: d.AutoscaleInterval, Log: d.Log.With("worker", "autoscale"),
		Timeout: changeTimeout, ProgressDeadline: progressDeadline, Settle: deploy.DefaultSettle}
	if d.Metrics != nil {
		as.Metrics = autoscale.NewMetrics(d.Metrics.Registerer())
	}
	return append(ws, server.Worker{Name: "autoscale", Run: as.Run}), nil
}
