package svcutil

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/realm"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// ReadRunE is the RunE of a command that reads one service (history, diff,
// canary status): SVC (or -f) and --realm checked (verb is for messages),
// the dependencies taken from f, then runF (tests) or run.
func ReadRunE[O any](f *cmdutil.Factory, c *Common, deps *Deps, verb string, opts O, runF func(O) error, run func(context.Context, O) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		if err := c.Args(args, verb); err != nil {
			return err
		}
		*deps = DepsFrom(f)
		if runF != nil {
			return runF(opts)
		}
		return run(cmd.Context(), opts)
	}
}

// RealmRunE is the RunE of a command over a realm whose SVC is optional
// (status, logs): SVC taken when given, --realm required ("<what> which
// realm?"), check (when not nil) run on the flags, the dependencies taken
// from f, then runF (tests) or run.
func RealmRunE[O any](f *cmdutil.Factory, c *Common, deps *Deps, what string, check func() error, opts O, runF func(O) error, run func(context.Context, O) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) == 1 {
			c.Service = args[0]
		}
		if c.Realm == "" {
			return cmdutil.RealmRequired("%s which realm? (see `yodel realms`)", what)
		}
		if check != nil {
			if err := check(); err != nil {
				return err
			}
		}
		*deps = DepsFrom(f)
		if runF != nil {
			return runF(opts)
		}
		return run(cmd.Context(), opts)
	}
}

// ServiceStore resolves the service (SVC, or -f's manifest), loads the
// realm and opens its store (the caller closes it): the start of a command
// that reads one service's state (history, canary status).
func (d Deps) ServiceStore(ctx context.Context, c *Common) (string, *realm.Realm, state.Store, error) {
	svc, err := c.ServiceName()
	if err != nil {
		return "", nil, nil, err
	}
	r, st, err := d.RealmStore(ctx, c.Realm)
	if err != nil {
		return "", nil, nil, err
	}
	return svc, r, st, nil
}

// RealmMarathon loads the realm named and builds its Marathon client: the
// start of a command that reads Marathon.
func (d Deps) RealmMarathon(name string) (*realm.Realm, *marathon.Client, error) {
	r, err := d.Realm(name)
	if err != nil {
		return nil, nil, err
	}
	mc, err := d.Marathon(r)
	if err != nil {
		return nil, nil, err
	}
	return r, mc, nil
}

// RealmStore loads the realm named and opens its state store (the caller
// closes it): the start of a command that reads the store.
func (d Deps) RealmStore(ctx context.Context, name string) (*realm.Realm, state.Store, error) {
	r, err := d.Realm(name)
	if err != nil {
		return nil, nil, err
	}
	st, err := d.Store(ctx, r)
	if err != nil {
		return nil, nil, err
	}
	return r, st, nil
}
