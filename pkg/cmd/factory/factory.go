// Package factory builds the production cmdutil.Factory, once, for the
// root command (as gh's pkg/cmd/factory does): the realm finder, the
// realm's Marathon client and its state store. Every dependency is lazy:
// nothing here does I/O until a command asks for it. Tests build their own
// Factory (or svctest.Env.Deps) instead.
package factory

import (
	"context"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/debuglog"
	"github.com/yodeldeploy/yodel/pkg/iostreams"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/realm"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// New builds the production factory.
func New(ios *iostreams.IOStreams) *cmdutil.Factory {
	exe, _ := os.Executable()
	f := &cmdutil.Factory{IOStreams: ios, Executable: exe, Getenv: os.Getenv}
	// Depends on --realms (RealmsDir), read at call time: it is parsed
	// after New.
	f.RealmsNamed = &cmdutil.RealmsNamed{}
	f.Realm = func(nameOrPath string) (*realm.Realm, error) {
		r, err := realm.NewFinder(f.RealmsDir, f.Getenv).Find(nameOrPath)
		if err == nil {
			f.RealmsNamed.Note(r)
		}
		return r, err
	}
	// Depends on the realm and the environment (credentials).
	f.Marathon = func(r *realm.Realm) (*marathon.Client, error) { return NewMarathon(r, os.LookupEnv) }
	// Depends on the realm; warnings go to stderr; --debug logs the Open
	// and then each call of the store.
	openStore := StoreOpener(ios.ErrOut)
	f.Store = func(ctx context.Context, r *realm.Realm) (state.Store, error) {
		start := time.Now()
		s, err := openStore(ctx, r)
		if err != nil {
			debuglog.Call(ctx, "store", "Open "+r.State, "took", time.Since(start), "err", err)
			return nil, err
		}
		debuglog.Call(ctx, "store", "Open "+r.State, "took", time.Since(start))
		return debuglog.Store(s), nil
	}
	return f
}

// NewMarathon builds the Marathon client of a realm: its URLs, CA and the
// credential its auth section names. Factory.Marathon in production.
func NewMarathon(r *realm.Realm, lookupEnv func(string) (string, bool)) (*marathon.Client, error) {
	creds, err := r.Credentials(lookupEnv)
	if err != nil {
		return nil, cmdutil.InvalidInput(err)
	}
	cfg := marathon.Config{URLs: r.Marathon.URLs, CAFile: r.Marathon.CAFile, Timeout: r.Marathon.Timeout.D()}
	if a := r.Marathon.Auth; a != nil {
		switch {
		case a.Basic != nil:
			src := "$" + a.Basic.PasswordEnv
			if a.Basic.PasswordFile != "" {
				src = "file " + a.Basic.PasswordFile
			}
			cfg.Auth = marathon.Basic{User: creds.User, Password: creds.Password, Source: src}
		case a.Token != nil:
			src := "$" + a.Token.Env
			if a.Token.File != "" {
				src = "file " + a.Token.File
			}
			cfg.Auth = marathon.Token{Token: creds.Token, Source: src}
		}
	}
	c, err := marathon.New(cfg)
	if err != nil {
		return nil, cmdutil.InvalidInput(fmt.Errorf("realm %s (%s): %w", r.Realm, r.File, err))
	}
	return c, nil
}

// OpenStore opens the realm's state store.
func OpenStore(ctx context.Context, r *realm.Realm) (state.Store, error) {
	return openStore(ctx, r, nil)
}

// StoreOpener is Factory.Store in production: OpenStore, with what the
// store skips over (a junk agent record) printed on errOut as a warning.
func StoreOpener(errOut io.Writer) func(context.Context, *realm.Realm) (state.Store, error) {
	var mu sync.Mutex
	warn := func(msg string) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintln(errOut, "warning: "+msg)
	}
	return func(ctx context.Context, r *realm.Realm) (state.Store, error) { return openStore(ctx, r, warn) }
}

func openStore(ctx context.Context, r *realm.Realm, warn func(string)) (state.Store, error) {
	if r.State == "" {
		return nil, cmdutil.InvalidInput(fmt.Errorf("realm %s (%s) has no `state:` URL: yodel keeps locks, routing and history there", r.Realm, r.File))
	}
	// ZooKeeper digest auth from the realm's stateAuth (the password from
	// the environment or a file, never the realm file).
	creds, err := r.StateCredentials(os.LookupEnv)
	if err != nil {
		return nil, cmdutil.InvalidInput(err)
	}
	return state.Open(ctx, r.State, state.Options{DigestUser: creds.User, DigestPassword: creds.Password, Warn: warn})
}
