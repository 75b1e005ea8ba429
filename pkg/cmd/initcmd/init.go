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

	"github.com/spf13/cobra"

	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/iostreams"
	"github.com/yodeldeploy/yodel/pkg/manifest"
	manifesttmpl "github.com/yodeldeploy/yodel/templates/manifest"
)

type Options struct {
	IO *iostreams.IOStreams

	Service     string
	Image       string
	Cmd         string
	Dir         string
	ServicePort int // 0 picks one from the service name
}

func NewCmdInit(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams}
	cmd := &cobra.Command{
		Use:   "init <service> {--image <image> | --cmd <command>}",
		Short: "Scaffold a service manifest",
		Long: `Write services/<service>.yaml from yodel's manifest template, ready to edit.
An existing file is never overwritten.

The servicePort is picked from the service name within 10000-20000,
avoiding ports used by the other manifests in the directory; set it with
--service-port.`,
		Example: `  $ yodel init web --image registry.example.com/web:1.0
  $ yodel init worker --cmd "./worker --port \$PORT0"`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Service = args[0]
			if (opts.Image == "") == (opts.Cmd == "") {
				return cmdutil.FlagErrorf("pass exactly one of --image IMAGE or --cmd COMMAND")
			}
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
	path := filepath.Join(dir, opts.Service+".yaml")
	port := opts.ServicePort
	if port == 0 {
		port = pickPort(opts.Service, usedPorts(dir))
	}
	text, err := manifesttmpl.Render(manifesttmpl.Data{Service: opts.Service, Image: opts.Image, Cmd: opts.Cmd, ServicePort: port})
	if err != nil {
		return err
	}
	// The scaffold must itself be valid, or the user starts from a broken file.
	if _, err := manifest.Parse(path, []byte(text)); err != nil {
		return cmdutil.InvalidInput(fmt.Errorf("the scaffold would not be valid:\n%w", err))
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
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
		fmt.Fprintf(opts.IO.ErrOut, "Wrote %s. Next: edit it, then `yodel validate %s` and `yodel render %s --realm <realm>`.\n", path, opts.Service, opts.Service)
		fmt.Fprintf(opts.IO.ErrOut, "Try it on the local sandbox: `yodel sandbox up --detach`, then `yodel deploy %s --realm local`.\n", opts.Service)
	}
	return nil
}

// usedPorts collects servicePorts of the valid manifests already in dir.
func usedPorts(dir string) map[int]bool {
	used := map[int]bool{}
	files, _ := filepath.Glob(filepath.Join(dir, "*.y*ml"))
	for _, f := range files {
		m, err := manifest.Load(f)
		if err != nil {
			continue
		}
		for _, p := range m.Ports {
			used[p.ServicePort] = true
		}
	}
	return used
}

// pickPort derives a stable port from the name so re-running init on
// another machine suggests the same one, then skips ports in use.
func pickPort(service string, used map[int]bool) int {
	lo, hi := manifest.DefaultServicePortMin, manifest.DefaultServicePortMax
	h := fnv.New32a()
	h.Write([]byte(service))
	span := hi - lo + 1
	start := int(h.Sum32() % uint32(span))
	for i := 0; i < span; i++ {
		p := lo + (start+i)%span
		if !used[p] {
			return p
		}
	}
	return lo
}
