// Package initcmd implements `yodel init`: scaffold a manifest from the
// template compiled into the binary.
package initcmd

import (
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/iostreams"
	"github.com/yodeldeploy/yodel/pkg/manifest"
	"github.com/yodeldeploy/yodel/pkg/realm"
	"github.com/yodeldeploy/yodel/pkg/state"
	manifesttmpl "github.com/yodeldeploy/yodel/templates/manifest"
)

type Options struct {
	IO *iostreams.IOStreams

	Service     string
	Image       string
	Cmd         string
	Dir         string
	ServicePort int // 0 picks one from the service name
	// HealthPath is the path Marathon's health check calls ("" is
	// manifesttmpl.DefaultHealthPath).
	HealthPath string

	// Realm (a name or a file, as --realm everywhere) gives the
	// servicePort range, and the isolated ports of the other manifests'
	// tcp ports; "" is Marathon's default range. LoadRealm resolves it.
	Realm     string
	LoadRealm func(string) (*realm.Realm, error)
}

func NewCmdInit(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams}
	cmd := &cobra.Command{
		Use:   "init <service> {--image <image> | --cmd <command>}",
		Short: "Scaffold a service manifest",
		Long: `Write services/<service>.yaml from yodel's manifest template, ready to edit.
An existing file is never overwritten.

The servicePort is picked from the service name within 10000-20000,
avoiding ports used by the other manifests in the directory (valid or
not); set it with --service-port, within that range (Marathon's default,
which yodel validate checks without --realm) and not used by another
manifest in the directory.

With --realm (a realm name or a realm file), the range is that realm's
limits.servicePortRange, as yodel validate --realm checks, and the isolated
ports of the other manifests' tcp ports (their servicePort + the realm's
haproxy.isolatedPortOffset) count as used too. Only a --realm given on the
command line counts: $YODEL_REALM and the configuration file's realm: do not
apply to init, which works before any realm exists.

Marathon checks every task at --health-path (/healthz unless given) and
kills tasks that do not answer it with 2xx or 3xx: give the path your
service answers, or edit health: in the file.`,
		Annotations: map[string]string{cmdutil.NoDefaultRealm: "true"},
		Example: `  $ yodel init web --image registry.example.com/web:1.0
  $ yodel init worker --cmd "./worker --port \$PORT0" --health-path /status
  $ yodel init api --image registry.example.com/api:1.0 --realm prod`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Service = args[0]
			if (opts.Image == "") == (opts.Cmd == "") {
				return cmdutil.FlagErrorf("pass exactly one of --image IMAGE or --cmd COMMAND")
			}
			opts.LoadRealm = f.Realm
			if runF != nil {
				return runF(opts)
			}
			return Run(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Image, "image", "", "Docker image to run")
	cmd.Flags().StringVar(&opts.Cmd, "cmd", "", "Shell command to run (host networking, listens on $PORT0)")
	cmd.Flags().StringVar(&opts.Dir, "dir", manifest.DefaultDir, "Directory to write the manifest in")
	cmd.Flags().IntVar(&opts.ServicePort, "service-port", 0, "servicePort clients call on the load balancer")
	cmd.Flags().StringVar(&opts.HealthPath, "health-path", manifesttmpl.DefaultHealthPath, "Path Marathon's health check calls on every task (it must answer 2xx or 3xx)")
	cmd.Flags().StringVarP(&opts.Realm, "realm", "r", "", "Realm name or realm file whose servicePort range (and isolated port offset) to pick and check the port in")
	return cmd
}

func Run(opts *Options) error {
	if err := manifest.ValidServiceName(opts.Service); err != nil {
		return cmdutil.InvalidInput(err)
	}
	dir := opts.Dir
	if dir == "" {
		dir = manifest.DefaultDir
	}
	// Caught here, mkdir would fail with "not a directory", an I/O error
	// (exit 1), for what is a mistyped flag.
	if st, err := os.Stat(dir); err == nil && !st.IsDir() {
		return cmdutil.WithExit(cmdutil.ExitInvalid, fmt.Errorf("--dir %s is a file, not a directory", dir),
			fmt.Sprintf("name the directory to write %s.yaml in: %s", opts.Service, opts.command(filepath.Dir(dir))))
	}
	path := filepath.Join(dir, opts.Service+".yaml")
	var r *realm.Realm
	if opts.Realm != "" {
		var err error
		if r, err = opts.LoadRealm(opts.Realm); err != nil {
			return err
		}
		// Hints address it as the other commands' do (realm.Arg).
		opts.Realm = r.Arg()
	}
	used := usedPorts(dir, r)
	port := opts.ServicePort
	lo, hi := portRange(r)
	switch {
	case port == 0:
		port = pickPort(opts.Service, used, lo, hi)
	case (port < lo || port > hi) && r != nil:
		return cmdutil.FlagErrorf("--service-port %d is outside realm %s's servicePort range %d-%d (limits.servicePortRange in %s), which yodel validate --realm checks: pick a port in it, or leave --service-port out to have a free one picked: %s",
			port, r.Realm, lo, hi, r.File, opts.command(dir))
	case port < lo || port > hi:
		// Written, it would be refused by the next command the user runs.
		return cmdutil.FlagErrorf("--service-port %d is outside Marathon's default servicePort range %d-%d, which yodel validate checks: pick a port in it, or leave --service-port out to have a free one picked: %s",
			port, lo, hi, opts.command(dir))
	case used[port] != "":
		// The lb agents would route the port for one of the two only.
		return cmdutil.WithExit(cmdutil.ExitInvalid, fmt.Errorf("--service-port %d is already used by %s", port, used[port]),
			"each service needs its own servicePort: leave --service-port out to have a free one picked: "+opts.command(dir))
	}
	if opts.HealthPath != "" {
		if problem := manifest.HealthPathProblem(opts.HealthPath); problem != "" {
			return cmdutil.FlagErrorf("--health-path %q %s: the path Marathon calls on every task, such as /healthz", opts.HealthPath, problem)
		}
	}
	text, err := manifesttmpl.Render(manifesttmpl.Data{Service: opts.Service, Image: opts.Image, Cmd: opts.Cmd, ServicePort: port, HealthPath: opts.HealthPath})
	if err != nil {
		return err
	}
	// The scaffold must itself be valid, or the user starts from a broken file.
	if _, err := manifest.Parse(path, []byte(text)); err != nil {
		return cmdutil.InvalidInput(fmt.Errorf("the scaffold would not be valid:\n%w", err))
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		if errors.Is(err, syscall.ENOTDIR) {
			return cmdutil.InvalidInput(fmt.Errorf("--dir %s: %w", dir, err))
		}
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return cmdutil.WithExit(cmdutil.ExitInvalid, fmt.Errorf("%s already exists", path), "edit it, or remove it first to start over")
	}
	if err != nil {
		return err
	}
	if _, err := f.WriteString(text); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintln(opts.IO.Out, path)
	if opts.IO.IsStderrTTY() {
		// The service name finds only services/<service>.yaml: anywhere
		// else the next commands must be given the file.
		ref := opts.Service
		if filepath.Clean(dir) != manifest.DefaultDir {
			ref = cmdutil.ShellWord(path)
		}
		if r != nil {
			ra := cmdutil.ShellWord(r.Arg())
			fmt.Fprintf(opts.IO.ErrOut, "Wrote %s. Next: edit it, then `yodel validate %s --realm %s` and `yodel render %s --realm %s`.\n", path, ref, ra, ref, ra)
		} else {
			fmt.Fprintf(opts.IO.ErrOut, "Wrote %s. Next: edit it, then `yodel validate %s` and `yodel render %s --realm <realm>`.\n", path, ref, ref)
		}
		fmt.Fprintf(opts.IO.ErrOut, "Try it on the local sandbox: `yodel sandbox up --detach`, then `yodel deploy %s --realm local`.\n", ref)
	}
	return nil
}

// command is the init command line for these options writing in dir, for
// hints: quoted so that it runs as printed.
func (o *Options) command(dir string) string {
	w := []string{"yodel", "init", o.Service}
	if o.Image != "" {
		w = append(w, "--image", cmdutil.ShellWord(o.Image))
	} else {
		w = append(w, "--cmd", cmdutil.ShellWord(o.Cmd))
	}
	if filepath.Clean(dir) != manifest.DefaultDir {
		w = append(w, "--dir", cmdutil.ShellWord(dir))
	}
	if o.HealthPath != "" && o.HealthPath != manifesttmpl.DefaultHealthPath {
		w = append(w, "--health-path", cmdutil.ShellWord(o.HealthPath))
	}
	if o.Realm != "" {
		w = append(w, "--realm", cmdutil.ShellWord(o.Realm))
	}
	return strings.Join(w, " ")
}

// portRange is the servicePort range of realm r, Marathon's default
// without one.
func portRange(r *realm.Realm) (lo, hi int) {
	if r != nil && len(r.Limits.ServicePortRange) == 2 {
		return r.Limits.ServicePortRange[0], r.Limits.ServicePortRange[1]
	}
	return manifest.DefaultServicePortMin, manifest.DefaultServicePortMax
}

// usedPorts maps the servicePorts written in the manifests already in dir
// to where each is (file:line and service). A manifest with other problems
// still holds its ports (LoadAll decodes what it can): one being edited is
// no less likely to be deployed. With a realm, each tcp port's isolated
// port (state.Port.Isolated with the realm's offset) is used too, as
// yodel validate --realm and deploy count it.
func usedPorts(dir string, r *realm.Realm) map[int]string {
	used := map[int]string{}
	var isolated map[int]string // taken after every servicePort: those name the port best
	files, _ := filepath.Glob(filepath.Join(dir, "*.y*ml"))
	for _, f := range files {
		m, _ := manifest.LoadAll(f)
		if m == nil {
			continue
		}
		for i, p := range m.Ports {
			if p.ServicePort == 0 || used[p.ServicePort] != "" {
				continue
			}
			at := f
			if pos := m.Doc().Pos(fmt.Sprintf("ports[%d].servicePort", i)); pos.Line > 0 {
				at += ":" + strconv.Itoa(pos.Line)
			}
			if m.Service != "" {
				at += " (service " + m.Service + ")"
			}
			used[p.ServicePort] = at
			if r == nil {
				continue
			}
			sp := state.Port{ServicePort: p.ServicePort, Protocol: p.PortProtocol()}
			if iso := sp.Isolated(r.HAProxy.IsolatedPortOffset); iso > 0 {
				if isolated == nil {
					isolated = map[int]string{}
				}
				if isolated[iso] == "" {
					isolated[iso] = fmt.Sprintf("%s as the isolated port of its tcp servicePort %d (+ realm %s's haproxy.isolatedPortOffset %d)", at, p.ServicePort, r.Realm, r.HAProxy.IsolatedPortOffset)
				}
			}
		}
	}
	for port, at := range isolated {
		if used[port] == "" {
			used[port] = at
		}
	}
	return used
}

// pickPort derives a stable port in lo-hi from the name so re-running init
// on another machine suggests the same one, then skips ports in use.
func pickPort(service string, used map[int]string, lo, hi int) int {
	h := fnv.New32a()
	h.Write([]byte(service))
	span := hi - lo + 1
	start := int(h.Sum32() % uint32(span))
	for i := 0; i < span; i++ {
		p := lo + (start+i)%span
		if used[p] == "" {
			return p
		}
	}
	return lo
}
