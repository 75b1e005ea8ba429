package server

import (
	"log/slog"
	"net/http"

	"github.com/yodeldeploy/yodel/pkg/notify"
	"github.com/yodeldeploy/yodel/pkg/realm"
	"github.com/yodeldeploy/yodel/pkg/server"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// Workers are what only the leader runs besides driving rollouts: the
// notifier (webhooks and New Relic markers from the store's records). Each
// gets a context that ends when this server stops leading, so two servers
// never both send an event. The autoscaler, when it comes, goes here too.
func Workers(rl *realm.Realm, st state.Store, lookupEnv func(string) (string, bool), log *slog.Logger) ([]server.Worker, error) {
	if len(rl.Notifications) == 0 && rl.NewRelic == nil {
		return nil, nil
	}
	// Each receiver has its own timeout (notify.FromRealm); the client
	// only carries them.
	rcv, err := notify.FromRealm(rl, lookupEnv, &http.Client{})
	if err != nil {
		return nil, err
	}
	w := &notify.Worker{Store: st, Realm: rl.Realm, Receivers: rcv, Log: log.With("worker", "notify")}
	return []server.Worker{{Name: "notify", Run: w.Run}}, nil
}
