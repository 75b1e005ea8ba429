// Package svctest sets up what the service commands' tests need: a Marathon
// emulator on a loopback port, a file state store and a realm file naming
// both, in a temporary working directory with a services/ folder.
package svctest

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/yodeldeploy/yodel/pkg/cmd/factory"
	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil"
	"github.com/yodeldeploy/yodel/pkg/iostreams"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/realm"
	"github.com/yodeldeploy/yodel/pkg/sandbox/emulator/emutest"
	"github.com/yodeldeploy/yodel/pkg/state"
	"github.com/yodeldeploy/yodel/pkg/ui/uitest"
)

// Env is one test realm.
type Env struct {
	Emu       *emutest.Instance
	Dir       string // the working directory (services/ and realm.yaml)
	RealmFile string
	StoreURL  string
	Client    *marathon.Client
	Store     state.Store
	// Now is the clock given to commands; fixed unless a test changes it.
	Now func() time.Time
	Env map[string]string
}

// Clock is the fixed time of golden outputs.
var Clock = uitest.Clock

// Golden compares got with dir/testdata/<name>.golden (-update rewrites it).
var Golden = uitest.Golden

// Start starts an emulator (process executor unless opts say otherwise,
// timings scaled by 0.1) and a file store, and changes into a fresh
// directory.
func Start(t testing.TB, opts ...emutest.Option) *Env {
	t.Helper()
	opts = append([]emutest.Option{emutest.Process(), emutest.TimeScale(0.1)}, opts...)
	emu := emutest.Start(t, opts...)
	dir := t.TempDir()
	if c, ok := t.(interface{ Chdir(string) }); ok {
		c.Chdir(dir)
	}
	if err := os.MkdirAll(filepath.Join(dir, "services"), 0o755); err != nil {
		t.Fatal(err)
	}
	e := &Env{Emu: emu, Dir: dir, RealmFile: filepath.Join(dir, "realm.yaml"),
		StoreURL: "file://" + filepath.Join(dir, "state"), Now: func() time.Time { return Clock },
		Env: map[string]string{"USER": "tester"}}
	if err := os.MkdirAll(filepath.Join(dir, "state"), 0o755); err != nil {
		t.Fatal(err)
	}
	realmYAML := "realm: test\nmarathon:\n  urls: [" + emu.URL + "]\nstate: " + e.StoreURL + "\nlimits:\n  maxInstances: 3000\n"
	if err := os.WriteFile(e.RealmFile, []byte(realmYAML), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := marathon.New(marathon.Config{URLs: []string{emu.URL}})
	if err != nil {
		t.Fatal(err)
	}
	e.Client = c
	st, err := state.Open(context.Background(), e.StoreURL, state.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	e.Store = st
	return e
}

// Manifest writes services/<svc>.yaml.
// AgentAPI points the realm's mesos.agentURL at the emulator, which
// serves the Mesos agent API (task sandboxes and their files).
func (e *Env) AgentAPI(t testing.TB) {
	t.Helper()
	f, err := os.OpenFile(e.RealmFile, os.O_APPEND|os.O_WRONLY, 0)
	if err == nil {
		_, err = f.WriteString("mesos:\n  agentURL: " + e.Emu.URL + "\n")
		err = errors.Join(err, f.Close())
	}
	if err != nil {
		t.Fatal(err)
	}
}

func (e *Env) Manifest(t testing.TB, svc, body string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(e.Dir, "services", svc+".yaml"), []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// Deps are the command dependencies bound to this realm.
func (e *Env) Deps(ios *iostreams.IOStreams) svcutil.Deps {
	return svcutil.Deps{
		IO:     ios,
		Getenv: func(k string) string { return e.Env[k] },
		Realm:  func(string) (*realm.Realm, error) { return realm.Load(e.RealmFile, "") },
		Marathon: func(r *realm.Realm) (*marathon.Client, error) {
			return factory.NewMarathon(r, func(string) (string, bool) { return "", false })
		},
		Store: factory.OpenStore,
		Now:   func() time.Time { return e.Now() },
	}
}

// IO returns test streams, all TTYs or none.
func IO(tty bool) (*iostreams.IOStreams, *bytes.Buffer, *bytes.Buffer, *bytes.Buffer) {
	ios, in, out, errOut := iostreams.Test()
	ios.SetStdinTTY(tty)
	ios.SetStdoutTTY(tty)
	ios.SetStderrTTY(tty)
	return ios, in, out, errOut
}
