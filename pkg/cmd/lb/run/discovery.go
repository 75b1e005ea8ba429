package run

import (
	"log/slog"
	"os"
	"strings"

	"github.com/yodeldeploy/yodel/pkg/discovery"
	"github.com/yodeldeploy/yodel/pkg/lb"
	"github.com/yodeldeploy/yodel/pkg/realm"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// curatorHook registers the routed tasks of services with a
// discovery.curator key for Curator clients, in the ZooKeeper of the
// realm's state store, with its stateAuth (pkg/discovery). nil for a
// realm without a zk:// store: there is nothing Curator clients read.
// The registrar connects only once some app asks for it.
func curatorHook(r *realm.Realm, log *slog.Logger) (*discovery.Hook, func()) {
	if !strings.HasPrefix(r.State, "zk://") {
		return nil, func() {}
	}
	// Problems with the URL or the credentials are the store's to report
	// (the agent retries opening it); registering goes without them.
	servers, err := state.ZKServers(r.State)
	if err != nil {
		log.Warn("curator discovery off: the state URL", "err", err)
		return nil, func() {}
	}
	creds, err := r.StateCredentials(os.LookupEnv)
	if err != nil {
		log.Warn("curator discovery off: no ZooKeeper credentials", "err", err)
		return nil, func() {}
	}
	reg := discovery.NewRegistrar(discovery.Options{Servers: servers, DigestUser: creds.User,
		DigestPassword: creds.Password, Logger: log})
	return &discovery.Hook{Registrar: reg, BasePath: r.CuratorBasePath()}, reg.Close
}

// appliedHook keeps a nil *Hook a nil interface.
func appliedHook(h *discovery.Hook) lb.AppliedHook {
	if h == nil {
		return nil
	}
	return h
}
