// Package shared turns a realm and the `yodel lb` flags into the pieces of
// an lb agent, for `yodel lb run` and `yodel lb sync`.
package shared

import (
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/haproxy"
	"github.com/yodeldeploy/yodel/pkg/lb"
	"github.com/yodeldeploy/yodel/pkg/realm"
)

// HAProxyFlags override the realm's haproxy section.
type HAProxyFlags struct {
	Realm        string
	ConfigPath   string
	SocketPath   string
	MasterSocket string
	Bin          string
}

// Add registers the flags shared by run and sync.
func (h *HAProxyFlags) Add(cmd *cobra.Command) {
	cmd.Flags().StringVar(&h.Realm, "realm", "", "Realm name or realm file (required)")
	cmd.Flags().StringVar(&h.ConfigPath, "haproxy-config", "", "HAProxy configuration file the agent owns (default: the realm's haproxy.configPath)")
	cmd.Flags().StringVar(&h.SocketPath, "haproxy-socket", "", "HAProxy admin stats socket (default: the realm's haproxy.socketPath)")
	cmd.Flags().StringVar(&h.MasterSocket, "master-socket", "", "HAProxy master CLI socket, for reloads (default: the realm's haproxy.masterSocketPath)")
	cmd.Flags().StringVar(&h.Bin, "haproxy-bin", "", "haproxy binary used for `haproxy -c` (default: haproxy on PATH, else /usr/sbin/haproxy)")
}

// Check validates the flags alone.
func (h *HAProxyFlags) Check() error {
	if h.Realm == "" {
		return cmdutil.RealmRequired("for example --realm prod or --realm ./realms/prod.yaml")
	}
	return nil
}

// Setup is what both commands build from a realm.
type Setup struct {
	Realm   *realm.Realm
	HAProxy haproxy.Options
	Build   lb.BuildOptions
}

// Load reads the realm and resolves the HAProxy settings and base config.
func Load(f *cmdutil.Factory, h *HAProxyFlags) (*Setup, error) {
	r, err := f.Realm(h.Realm)
	if err != nil {
		return nil, err
	}
	hx := r.HAProxy
	cfgPath := first(h.ConfigPath, hx.ConfigPath)
	sock := first(h.SocketPath, hx.SocketPath)
	master := first(h.MasterSocket, hx.MasterSocketPath)
	tmpl := hx.Template
	if tmpl != "" && !filepath.IsAbs(tmpl) && r.File != "" {
		tmpl = filepath.Join(filepath.Dir(r.File), tmpl)
	}
	base, stateFile, err := lb.LoadBase(cfgPath, tmpl, sock)
	if err != nil {
		return nil, cmdutil.InvalidInput(err)
	}
	if !strings.Contains(base, sock) {
		return nil, cmdutil.WithExit(cmdutil.ExitInvalid,
			fmt.Errorf("the HAProxy base config (%s) has no stats socket %s, the socket the agent would use", baseSource(cfgPath, tmpl), sock),
			"make the realm's haproxy.socketPath (or --haproxy-socket) match the base config's `stats socket` line")
	}
	bin := h.Bin
	if bin == "" {
		if p, err := exec.LookPath("haproxy"); err == nil {
			bin = p
		}
	}
	bind := hx.BindAddress
	if bind == "0.0.0.0" || bind == "::" {
		bind = "" // every address, as HAProxy's ":port"
	}
	s := &Setup{
		Realm: r,
		HAProxy: haproxy.Options{ConfigPath: cfgPath, HAProxyBin: bin, SocketPath: sock, MasterSocketPath: master,
			ServerStateFile: stateFile, BaseTemplate: base},
		Build: lb.BuildOptions{BindAddress: bind, CanaryHeader: haproxy.Header{Name: hx.CanaryHeader.Name, Value: hx.CanaryHeader.Value},
			IsolatedPortOffset: hx.IsolatedPortOffset, Resolve: (&lb.Resolver{}).Resolve,
			MaxPortsPerApp: hx.MaxPortsPerApp, MaxFrontends: hx.MaxFrontends},
	}
	if pr := r.Limits.ServicePortRange; len(pr) == 2 {
		s.Build.ServicePortRange = [2]int{pr[0], pr[1]}
	}
	if _, err := haproxy.New(s.HAProxy); err != nil {
		return nil, cmdutil.InvalidInput(err)
	}
	return s, nil
}

func baseSource(cfgPath, tmpl string) string {
	if tmpl != "" {
		return tmpl
	}
	return lb.BaseFile(cfgPath)
}

func first(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// ErrNoFactory is returned when the factory lacks Marathon or Store.
var ErrNoFactory = errors.New("yodel lb: this build has no Marathon client or store factory")
