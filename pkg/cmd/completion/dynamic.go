package completion

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/manifest"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/realm"
)

// lookupTimeout bounds what one completion may spend asking Marathon or
// the store: a shell waiting on <TAB> is worse than a shorter list.
const lookupTimeout = 3 * time.Second

// Dynamic completes the values that live outside the command tree: service
// names, realm names and releases.
type Dynamic struct {
	F *cmdutil.Factory
	// DefaultRealm is the realm used without --realm ($YODEL_REALM or the
	// configuration file); completion runs no PersistentPreRun to fill it.
	DefaultRealm func() string
}

// Attach wires dynamic completion into every command under root that takes
// a <service> or <realm> argument (by its usage line,
// docs/command-line-syntax.md), a --realm flag, rollback's --to, or
// history's release. Commands that set their own
// completion keep it.
func (d *Dynamic) Attach(root *cobra.Command) {
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.Name() == "history" && c.ValidArgsFunction == nil {
			// history <service> <release>: a release of that service.
			services := d.servicesArg(false)
			c.ValidArgsFunction = func(c *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
				if len(args) == 1 {
					return d.Releases(c, args, toComplete)
				}
				return services(c, args, toComplete)
			}
		}
		if c.ValidArgsFunction == nil && strings.Contains(c.Use, "<service>") {
			c.ValidArgsFunction = d.servicesArg(strings.Contains(c.Use, "]..."))
		}
		if w := strings.Fields(c.Use); c.ValidArgsFunction == nil && len(w) > 1 && w[1] == "<realm>" {
			c.ValidArgsFunction = d.realmArg
		}
		if c.Flags().Lookup("realm") != nil {
			_ = c.RegisterFlagCompletionFunc("realm", d.Realms)
		}
		if c.Name() == "rollback" && c.Flags().Lookup("to") != nil {
			_ = c.RegisterFlagCompletionFunc("to", d.Releases)
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// servicesArg completes the first argument (every argument when many is
// set) with service names; files stay possible where a path is accepted.
func (d *Dynamic) servicesArg(many bool) cobra.CompletionFunc {
	return func(c *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if len(args) > 0 && !many {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		dir := cobra.ShellCompDirectiveNoFileComp
		if many || strings.ContainsRune(toComplete, '/') {
			dir = cobra.ShellCompDirectiveDefault
		}
		return d.Services(c, toComplete), dir
	}
}

// Services are the services of services/*.yaml in the working directory
// and, when a realm is known, the services running in its Marathon (apps
// /<svc>-blue and /<svc>-green labelled YODEL_SERVICE=<svc>).
func (d *Dynamic) Services(c *cobra.Command, toComplete string) []cobra.Completion {
	seen := map[string]string{}
	if files, err := manifest.ListServices(); err == nil {
		for _, f := range files {
			name := strings.TrimSuffix(strings.TrimSuffix(filepath.Base(f), ".yaml"), ".yml")
			seen[name] = f
		}
	}
	if r := d.realm(c); r != nil {
		ctx, cancel := context.WithTimeout(contextOf(c), lookupTimeout)
		defer cancel()
		if mc, err := d.F.Marathon(r); err == nil {
			// A typed prefix asks Marathon for the ids holding "/"+prefix
			// only: every service it can complete to has such an id.
			part := ""
			if toComplete != "" {
				part = "/" + toComplete
			}
			apps, err := mc.AppsWithID(ctx, part)
			cobra.CompDebugln(fmt.Sprintf("marathon apps of %s: %d, err %v", r.Realm, len(apps), err), false)
			for _, a := range apps {
				// Anyone who can post to Marathon can label an app
				// YODEL_SERVICE=x: only /<x>-blue and /<x>-green make a
				// service x (as status, destroy and the lb agents count).
				if svc := a.Service(); svc != "" && seen[svc] == "" && marathon.IsServiceAppID(svc, a.ID) {
					seen[svc] = "running in " + r.Realm
				}
			}
		}
	}
	return sorted(seen, toComplete)
}

// Realms completes --realm with the realms the finder sees.
func (d *Dynamic) Realms(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	seen := map[string]string{}
	for _, e := range realm.NewFinder(d.F.RealmsDir, d.F.Getenv).List() {
		if !e.Shadowed {
			seen[e.Name] = e.File
		}
	}
	// A path is a realm too: let the shell complete files once one is typed.
	if strings.ContainsRune(toComplete, '/') {
		return nil, cobra.ShellCompDirectiveDefault
	}
	return sorted(seen, toComplete), cobra.ShellCompDirectiveNoFileComp
}

// realmArg completes a first argument that is a realm (`realms show`).
func (d *Dynamic) realmArg(c *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	return d.Realms(c, args, toComplete)
}

// Releases completes rollback's --to with the service's releases recorded
// in the realm's history, newest first.
func (d *Dynamic) Releases(c *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	if len(args) == 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	r := d.realm(c)
	if r == nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	ctx, cancel := context.WithTimeout(contextOf(c), lookupTimeout)
	defer cancel()
	st, err := d.F.Store(ctx, r)
	if err != nil {
		cobra.CompDebugln("store: "+err.Error(), false)
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	defer st.Close()
	recs, err := st.History(ctx, args[0], 50)
	if err != nil {
		cobra.CompDebugln("history: "+err.Error(), false)
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var out []cobra.Completion
	seen := map[string]bool{}
	for _, rec := range recs {
		if rec.Release == "" || seen[rec.Release] || !strings.HasPrefix(rec.Release, toComplete) {
			continue
		}
		seen[rec.Release] = true
		out = append(out, cobra.CompletionWithDesc(rec.Release, rec.Outcome+" "+rec.Started.Format("2006-01-02 15:04")))
	}
	return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveKeepOrder
}

// realm loads the realm named by --realm or the default; nil when none is
// known or it does not load (completion never prints errors).
func (d *Dynamic) realm(c *cobra.Command) *realm.Realm {
	name, _ := c.Flags().GetString("realm")
	if name == "" && d.DefaultRealm != nil {
		name = d.DefaultRealm()
	}
	if name == "" {
		return nil
	}
	r, err := d.F.Realm(name)
	if err != nil {
		cobra.CompDebugln("realm: "+err.Error(), false)
		return nil
	}
	return r
}

func contextOf(c *cobra.Command) context.Context {
	if ctx := c.Context(); ctx != nil {
		return ctx
	}
	return context.Background()
}

func sorted(m map[string]string, prefix string) []cobra.Completion {
	var out []cobra.Completion
	for name, desc := range m {
		if strings.HasPrefix(name, prefix) {
			out = append(out, cobra.CompletionWithDesc(name, desc))
		}
	}
	sort.Strings(out)
	return out
}
