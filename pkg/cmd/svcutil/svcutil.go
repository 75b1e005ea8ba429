// Package svcutil is what the service commands (deploy, status, diff, scale,
// rollback, destroy, history) share: resolving SVC or -f FILE and the realm,
// opening the realm's Marathon and state store, the confirmation rules, and
// who is deploying.
package svcutil

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/user"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/yodeldeploy/yodel/pkg/appdef"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/iostreams"
	"github.com/yodeldeploy/yodel/pkg/lb"
	"github.com/yodeldeploy/yodel/pkg/manifest"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/realm"
	"github.com/yodeldeploy/yodel/pkg/state"

	// The hints of the deployment engine's errors: every service command
	// meets them (yodel-lb, which never does, links none of it).
	_ "github.com/yodeldeploy/yodel/pkg/cmd/enginehint"
)

// Labels recording who deployed and from where (appdef's).
const (
	LabelDeployedBy = appdef.LabelDeployedBy
	LabelGitCommit  = appdef.LabelGitCommit
	LabelCIBuild    = appdef.LabelCIBuild
)

// Common are the flags every service command has.
type Common struct {
	Service string
	File    string
	Realm   string
	// Changing commands only.
	Yes            bool
	NonInteractive bool
}

// ManifestArgUse is how a command whose argument Common.Args resolves
// names what it takes in its usage line: a service, a manifest file, or -f.
const ManifestArgUse = "{<service> | <file> | -f <file>}"

// ManifestArgHelp says in a command's help how Common.Args reads its
// argument.
const ManifestArgHelp = `<service> reads services/<service>.yaml; an argument with a "/" or a
.yaml/.yml extension (or an existing file) is the manifest file itself, as
-f FILE is.`

// AddFlags adds -f, --realm and, for commands that change a realm, --yes and
// --non-interactive.
func AddFlags(cmd *cobra.Command, c *Common, changes bool) {
	cmd.Flags().StringVarP(&c.File, "file", "f", "", "Manifest file (default services/<service>.yaml)")
	cmd.Flags().StringVarP(&c.Realm, "realm", "r", "", "Realm name or realm file (required)")
	if changes {
		cmd.Flags().BoolVarP(&c.Yes, "yes", "y", false, "Do not ask for confirmation")
		cmd.Flags().BoolVar(&c.NonInteractive, "non-interactive", false, "Never prompt; imply --yes off a terminal (also CI=true)")
	}
}

// Args fills Service from the first argument and checks that a service and
// a realm were named. verb is for messages ("deploy").
func (c *Common) Args(args []string, verb string) error {
	if len(args) > 0 {
		c.Service = args[0]
	}
	if c.Service == "" && c.File == "" {
		return cmdutil.FlagErrorf("%s which service? Name it, or pass -f FILE", verb)
	}
	if c.Realm == "" {
		return cmdutil.RealmRequired("%s in which realm? (see `yodel realms`)", verb)
	}
	if c.Service != "" && c.File == "" && manifest.IsFileArg(c.Service) {
		// `yodel deploy services/web.yaml` means -f.
		c.File, c.Service = c.Service, ""
	}
	return nil
}

// Manifest loads the manifest named by SVC or -f.
func (c *Common) Manifest() (*manifest.Manifest, error) {
	return manifest.LoadService(c.Service, c.File)
}

// ServiceName is SVC, or the service of the -f manifest. Commands that only
// read or change live state need no manifest when SVC is given.
func (c *Common) ServiceName() (string, error) {
	if c.Service != "" {
		if err := manifest.ValidServiceName(c.Service); err != nil {
			return "", err
		}
		return c.Service, nil
	}
	m, err := c.Manifest()
	if err != nil {
		return "", err
	}
	return m.Service, nil
}

// Deps are the live dependencies of a service command, opened lazily from
// the factory.
type Deps struct {
	IO       *iostreams.IOStreams
	Getenv   func(string) string
	Realm    func(string) (*realm.Realm, error)
	Marathon func(*realm.Realm) (*marathon.Client, error)
	Store    func(context.Context, *realm.Realm) (state.Store, error)
	Now      func() time.Time
}

// AgentClient reads the realm's lb agents with the realm's agent token
// (haproxy.agentToken, else $YODEL_LB_TOKEN): agents off loopback refuse
// every read without it.
func AgentClient(r *realm.Realm, lookupEnv func(string) (string, bool)) (*lb.Client, error) {
	if lookupEnv == nil {
		lookupEnv = os.LookupEnv
	}
	token, err := r.AgentToken(lookupEnv)
	if err != nil {
		return nil, cmdutil.InvalidInput(err)
	}
	return &lb.Client{Token: token}, nil
}

// DepsFrom takes the dependencies from f.
func DepsFrom(f *cmdutil.Factory) Deps {
	return Deps{IO: f.IOStreams, Getenv: f.Getenv, Realm: f.Realm, Marathon: f.Marathon, Store: f.Store, Now: time.Now}
}

// NonInteractive reports whether prompts are off: --non-interactive, or a
// CI job (CI=true, or Bamboo's bamboo_* variables; see cmdutil.IsCI).
func NonInteractive(getenv func(string) string, c *Common) bool {
	return c.NonInteractive || cmdutil.IsCI(getenv)
}

// ErrDeclined is the answer "no" to a confirmation.
var ErrDeclined = cmdutil.WithExit(cmdutil.ExitFailure, errors.New("cancelled: nothing was changed"), "")

// Confirm applies the confirmation rules before a change: --yes goes ahead;
// on a terminal, ask; off a terminal, --yes is implied only with
// --non-interactive or CI=true, anything else is refused (exit 2) with a
// hint, so a script never blocks on a prompt nobody sees.
func Confirm(ios *iostreams.IOStreams, getenv func(string) string, c *Common, question string) error {
	if c.Yes {
		return nil
	}
	if !ios.CanPrompt() {
		if NonInteractive(getenv, c) {
			return nil
		}
		return cmdutil.WithExit(cmdutil.ExitInvalid,
			errors.New("refusing to change the realm without confirmation: not a terminal"),
			"pass --yes (or --non-interactive, or set CI=true) to go ahead without a prompt")
	}
	ok, err := AskYesNo(ios, question, false)
	if err != nil {
		return err
	}
	if !ok {
		return ErrDeclined
	}
	return nil
}

// ConfirmName asks the user to type want (the service name) before a
// destructive change; --yes skips it, and off a terminal it is refused
// unless --non-interactive or CI=true.
func ConfirmName(ios *iostreams.IOStreams, getenv func(string) string, c *Common, prompt, want string) error {
	if c.Yes {
		return nil
	}
	if !ios.CanPrompt() {
		if NonInteractive(getenv, c) {
			return nil
		}
		return cmdutil.WithExit(cmdutil.ExitInvalid,
			errors.New("refusing to destroy without confirmation: not a terminal"),
			"pass --yes to destroy without typing the service name")
	}
	fmt.Fprintf(ios.ErrOut, "%s\nType the service name (%s) to confirm: ", prompt, want)
	got, err := readLine(ios.In)
	if err != nil {
		return err
	}
	if got != want {
		return cmdutil.WithExit(cmdutil.ExitFailure, fmt.Errorf("cancelled: %q is not %q; nothing was changed", got, want), "")
	}
	return nil
}

// AskYesNo asks a yes/no question on stderr and reads the answer from stdin.
func AskYesNo(ios *iostreams.IOStreams, question string, def bool) (bool, error) {
	hint := "[y/N]"
	if def {
		hint = "[Y/n]"
	}
	fmt.Fprintf(ios.ErrOut, "%s %s ", question, hint)
	ans, err := readLine(ios.In)
	if err != nil {
		return false, err
	}
	switch strings.ToLower(ans) {
	case "":
		return def, nil
	case "y", "yes":
		return true, nil
	}
	return false, nil
}

func readLine(r io.Reader) (string, error) {
	// One byte at a time: a buffered reader would swallow input meant for a
	// later prompt.
	var b strings.Builder
	buf := make([]byte, 1)
	for {
		n, err := r.Read(buf)
		if n == 1 {
			if buf[0] == '\n' {
				break
			}
			b.WriteByte(buf[0])
		}
		if err != nil {
			if err == io.EOF && b.Len() > 0 {
				break
			}
			if err == io.EOF {
				return "", cmdutil.WithExit(cmdutil.ExitFailure, errors.New("cancelled: no answer (end of input); nothing was changed"), "")
			}
			return "", err
		}
	}
	return strings.TrimSpace(strings.TrimSuffix(b.String(), "\r")), nil
}

// Who is user@host of the deployer.
func Who(getenv func(string) string) (usr, host string) {
	usr = getenv("USER")
	if u, err := user.Current(); err == nil && usr == "" {
		usr = u.Username
	}
	if usr == "" {
		usr = "unknown"
	}
	host, _ = os.Hostname()
	return usr, host
}

// Holder describes this process for a lock.
func Holder(getenv func(string) string, command string, now time.Time) state.Holder {
	u, h := Who(getenv)
	return state.Holder{User: u, Host: h, Pid: os.Getpid(), Command: command, StartedAt: now}
}

// ciBuildVars are the environment variables naming a CI build, first found
// wins: Bamboo, then other common CIs.
var ciBuildVars = []string{"bamboo_buildResultKey", "BUILD_TAG", "GITHUB_RUN_ID", "CI_JOB_ID", "BUILD_NUMBER"}

// DeployLabels are the labels recording who deployed and from where:
// user@host, the git commit of the manifest's directory, the CI build key.
func DeployLabels(getenv func(string) string, dir string) map[string]string {
	u, h := Who(getenv)
	l := map[string]string{LabelDeployedBy: u + "@" + h}
	if c := gitCommit(getenv, dir); c != "" {
		l[LabelGitCommit] = c
	}
	for _, k := range ciBuildVars {
		if v := getenv(k); v != "" {
			l[LabelCIBuild] = v
			break
		}
	}
	return l
}

func gitCommit(getenv func(string) string, dir string) string {
	for _, k := range []string{"bamboo_planRepository_revision", "GIT_COMMIT", "GITHUB_SHA"} {
		if v := getenv(k); v != "" {
			return v
		}
	}
	if _, err := exec.LookPath("git"); err != nil {
		return ""
	}
	cmd := exec.Command("git", "rev-parse", "HEAD")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

// CommandArgs is the command being run, after "yodel", for the lock's
// holder and history (a re-run of it is what the hints suggest): the
// command path, then the rest of the command line as typed. It used to be
// os.Args cut at a fixed position, so a global flag before the command
// shifted it ("yodel --no-color deploy web" recorded "yodel deploy deploy
// web"). When the process's arguments are not this command's (tests
// executing a command tree), it is rebuilt from cobra's parse: the
// arguments, then the flags that were set.
func CommandArgs(c *cobra.Command, args []string) []string {
	path := strings.Fields(c.CommandPath())[1:]
	if rest, ok := typedRest(path, os.Args[1:]); ok {
		return append(path, rest...)
	}
	out := append(path, args...)
	c.Flags().Visit(func(f *pflag.Flag) {
		if f.Value.Type() == "bool" {
			if f.Value.String() == "true" {
				out = append(out, "--"+f.Name)
			} else {
				out = append(out, "--"+f.Name+"=false")
			}
			return
		}
		out = append(out, "--"+f.Name, cmdutil.ShellWord(f.Value.String()))
	})
	return out
}

// typedRest is raw without the words of the command path (each the first
// one after the previous): global flags before the command stay, in the
// order typed. ok is false when raw does not hold the path.
func typedRest(path, raw []string) (rest []string, ok bool) {
	i := 0
	for _, w := range raw {
		if i < len(path) && w == path[i] {
			i++
			continue
		}
		rest = append(rest, w)
	}
	return rest, i == len(path)
}

// AddWaitFlags adds --timeout and --progress-deadline to a command that
// waits for a Marathon deployment, with their defaults (15m, 5m), and
// refuses a --timeout that is not positive or a negative
// --progress-deadline before anything runs. left is what --timeout leaves
// running ("the restart", or "" when there is nothing to say), back what a
// stall does ("Roll back").
func AddWaitFlags(cmd *cobra.Command, timeout, deadline *time.Duration, left, back string) {
	th := "Give up waiting after this long (exit 4)"
	if left != "" {
		th = "Give up waiting after this long (" + left + " is left running; exit 4)"
	}
	cmd.Flags().DurationVar(timeout, "timeout", 15*time.Minute, th)
	cmd.Flags().DurationVar(deadline, "progress-deadline", 5*time.Minute, back+" when nothing moves for this long (0: never)")
	pre := cmd.PreRunE
	cmd.PreRunE = func(c *cobra.Command, args []string) error {
		if *timeout <= 0 || *deadline < 0 {
			return cmdutil.FlagErrorf("--timeout must be positive and --progress-deadline not negative")
		}
		if pre != nil {
			return pre(c, args)
		}
		return nil
	}
}
