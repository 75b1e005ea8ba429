package cmdutil

import (
	"context"

	"github.com/yodeldeploy/yodel/pkg/iostreams"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/realm"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// Factory holds the dependencies commands need, most of them lazy so that a
// command pays only for what it uses (start-up time matters: `yodel version`
// must stay under 30 ms). Built once in pkg/cmd/factory; tests build their own.
type Factory struct {
	IOStreams  *iostreams.IOStreams
	Executable string // path of the running yodel binary
	Getenv     func(string) string

	// Global flags, filled by the root command before any RunE.
	RealmsDir string // --realms

	// Realm loads a realm by name (looked up in --realms, $YODEL_REALMS,
	// ./realms, $XDG_CONFIG_HOME/yodel/realms (~/.config/yodel/realms), /etc/yodel/realms; "local" is the
	// sandbox) or by file path. Errors exit 2.
	Realm func(nameOrPath string) (*realm.Realm, error)
	// RealmsNamed remembers how each realm Realm loaded was addressed; the
	// root command fixes the final hint with it. nil: hints as built.
	RealmsNamed *RealmsNamed

	// Marathon builds a client for the realm's Marathon (credentials
	// resolved from the environment or files); it does not connect.
	Marathon func(r *realm.Realm) (*marathon.Client, error)
	// Store opens the realm's state store (routing, locks, history); the
	// caller closes it.
	Store func(ctx context.Context, r *realm.Realm) (state.Store, error)
}
