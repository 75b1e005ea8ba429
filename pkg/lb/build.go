package lb

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"math"
	"net"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/yodeldeploy/yodel/pkg/appdef"
	"github.com/yodeldeploy/yodel/pkg/haproxy"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// BuildOptions are the realm's routing settings.
type BuildOptions struct {
	// BindAddress is the IP every frontend binds ("" or 0.0.0.0: all).
	BindAddress string
	// CanaryHeader reaches the isolated canary of HTTP services.
	CanaryHeader haproxy.Header
	// IsolatedPortOffset: a TCP service's isolated canary listens on
	// servicePort + offset unless its routing state names a port.
	IsolatedPortOffset int
	// Resolve turns a task host into an IP literal (HAProxy does not
	// resolve dynamic servers). nil accepts IP literals only.
	Resolve func(host string) (string, error)
	// ServicePortRange is the realm's limits.servicePortRange: servicePorts
	// outside it are never bound. Zero: no range check.
	ServicePortRange [2]int
	// MaxPortsPerApp: a service (or foreign app) asking for more
	// servicePorts gets none (0: DefaultMaxPortsPerApp). MaxFrontends
	// bounds the frontends of the whole configuration, isolated canary
	// ports included (0: DefaultMaxFrontends). One Marathon app must not
	// be able to ask HAProxy for more than it can bind in a reload: 10,000
	// frontends made the master spin for minutes with every listener
	// paused, or die, taking every service of the load balancer down.
	MaxPortsPerApp int
	MaxFrontends   int
}

// Defaults of BuildOptions' limits (the realm's haproxy.maxPortsPerApp and
// haproxy.maxFrontends). A reload binding 4000 frontends takes 1-2 s on 2
// busy cores with HAProxy 2.6.
const (
	DefaultMaxPortsPerApp = 32
	DefaultMaxFrontends   = 4000
)

func (o BuildOptions) maxPortsPerApp() int {
	if o.MaxPortsPerApp > 0 {
		return o.MaxPortsPerApp
	}
	return DefaultMaxPortsPerApp
}

func (o BuildOptions) maxFrontends() int {
	if o.MaxFrontends > 0 {
		return o.MaxFrontends
	}
	return DefaultMaxFrontends
}

// Input is everything Build looks at.
type Input struct {
	Apps    []*marathon.App
	Routing map[string]state.Routing // by service
	// Gone holds tasks Marathon reported killing or terminated: they leave
	// at once, whatever a (possibly older) app read says.
	Gone   map[string]bool
	Health *Health // nil: a fresh memory
	// Now is the time of the read (zero: time.Now()); a Builder holds
	// the ports of an app left without tasks for TasklessHold from it.
	Now time.Time
}

// TasklessHold is how long a Builder keeps binding the servicePorts of an
// app without routing state (a foreign app) after its last task went.
// Ports are bound only for apps with tasks (what Marathon apps may ask of
// HAProxy is bounded), so an app crash-looping with one instance, or
// restarted, or scaled 0 and back, lost its frontend and got it back each
// time: two reloads a cycle, each closing every other service's
// long-lived connections after hard-stop-after. Marathon relaunches a
// failed task after its backoff (1 s growing 1.15 times a failure), so a
// few minutes cover the first cycles of a loop.
const TasklessHold = 5 * time.Minute

// Plan says what Build made of the input, per service.
type Plan struct {
	Services map[string]*ServicePlan `json:"services"`
	// Backends maps each public backend name (haproxy.BackendName) to its
	// service and port.
	Backends map[string]BackendRef `json:"-"`
}

// BackendRef is one service port.
type BackendRef struct {
	Service string
	Port    int
}

// ServicePlan is one service's routing as built.
type ServicePlan struct {
	Name    string `json:"name"`
	Managed bool   `json:"managed"` // a yodel service (label or routing state)
	// Generation is the routing-state generation this plan follows; 0 when
	// the service has no routing state.
	Generation int64     `json:"generation"`
	Ports      []int     `json:"ports"`
	Apps       []AppPlan `json:"apps"`
	// Weights per track (per server) in the public backend.
	StableWeight int  `json:"stableWeight"`
	CanaryWeight int  `json:"canaryWeight"`
	Isolated     bool `json:"isolated,omitempty"`
	// Problems are tasks or ports left out, and why.
	Problems []string `json:"problems,omitempty"`
	// Refused says why some or all of the service's ports are not bound,
	// or its routing state is not followed: a realm limit, a servicePort
	// another service wins, a routing state naming apps that are not the
	// service's own. Its generation is not acknowledged.
	Refused string `json:"refused,omitempty"`
	keys    []string
	// taskless: bound though without tasks (TasklessHold).
	taskless bool
}

// Keys are the service's public backend names.
func (p *ServicePlan) Keys() []string { return p.keys }

// AppPlan is one app of a service.
type AppPlan struct {
	ID     string `json:"id"`
	Track  string `json:"track"` // stable, canary, or "none" (not routed)
	Tasks  int    `json:"tasks"`
	Routed int    `json:"routed"`
	// Draining: tasks kept in drain state before yodel kills them.
	Draining int `json:"draining,omitempty"`
	// Surplus: running tasks beyond the app's instances, kept in drain
	// state before Marathon's next scale check kills them
	// (marathon.ScaleCheckKills).
	Surplus int `json:"surplus,omitempty"`
	// Unhealthy: running tasks that passed their health checks before and
	// fail them now, kept in drain state: no new requests, the ones in
	// flight finish (a failed check is often a slow task, not a dead one).
	Unhealthy int `json:"unhealthy,omitempty"`
}

// TrackNone marks an app the routing state names neither stable nor canary
// (a canary being started before it is routed, or one being removed).
const TrackNone = "none"

var serviceNameRe = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?$`)

// validServiceName is serviceNameRe (at most 63 characters) without the
// regexp machinery: it runs for every app on every sync.
func validServiceName(s string) bool {
	if s == "" || len(s) > 63 || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// group is one service's apps before it becomes haproxy services.
type group struct {
	name    string
	managed bool
	apps    []*marathon.App
	routing *state.Routing
	read    state.Routing // what routing points to, as read
}

// groupScratch is what groupApps reuses from one call to the next.
type groupScratch struct {
	groups map[string]*group
	slab   []group
	one    []*marathon.App
}

// Build turns apps, routing state and health into the desired HAProxy
// configuration. It never fails as a whole: a task or port that cannot be
// routed is left out and reported in the plan; a service that HAProxy would
// refuse is reported by Apply without touching the others.
func Build(in Input, opts BuildOptions) (haproxy.Config, *Plan) {
	cfg, plan := NewBuilder(opts).Build(in)
	cfg.Delta = nil // one Config: nothing to be relative to
	return cfg, plan
}

// Builder is Build with a memory: a service whose apps (the same
// *marathon.App values), routing state, task health and killed tasks are
// unchanged since the previous call is not built again. With thousands of
// services a one-task change then costs one service's build, not all of
// them. Apps must not be modified after they are passed in: a changed app
// is a new value (the agent replaces what it re-reads). The Services of a
// Config it returns stay its own: the next Build may overwrite them in
// place (Config.Clone is a copy to keep). So may the entries of a Plan's
// Services (its Backends are never changed). Not safe for concurrent use.
type Builder struct {
	opts  BuildOptions
	cache map[string]*builtGroup
	// owned: which service (an index in ownedBy) each port went to in the
	// previous Build; among services of the same class, the one holding a
	// port keeps it.
	owned   map[int]int
	ownedBy []string

	// What tells which services' tasks to judge again without judging
	// them all: the health memory last read and its version, the killed
	// tasks of the previous Build, and the service of each remembered
	// task (health key).
	health    *Health
	healthVer uint64
	gone      map[string]bool
	keyGroup  map[string]string

	// names are the previous Build's services, sorted; last its
	// admission. A Build in which no service came or went and no rebuilt
	// service changed its ports or class admits every service as before
	// (admitSame): only the rebuilt services' entries change.
	names []string
	last  *admission

	// svcOf is each app's service label (an app is an immutable value):
	// reading the labels of 1000 apps spread over the heap on every
	// change was most of groupApps' time.
	svcOf   map[*marathon.App]string
	scratch groupScratch

	// tasksSeen is when each service without routing state last had a
	// task (TasklessHold).
	tasksSeen map[string]time.Time
}

func (b *Builder) serviceOf(a *marathon.App) string {
	if s, ok := b.svcOf[a]; ok {
		return s
	}
	if b.svcOf == nil {
		b.svcOf = map[*marathon.App]string{}
	}
	s := a.Service()
	b.svcOf[a] = s
	return s
}

// admission is what admit decided, kept for admitSame.
type admission struct {
	services []haproxy.Service // the Config's
	plan     *Plan
	at       map[string]int // where each service's entries start in services
	clean    bool           // every service admitted whole
	seq      uint64         // the Config's Delta.Seq
}

type builtGroup struct {
	apps    []*marathon.App
	routing *state.Routing // as read
	// used is the routing state followed: routing, or the last one
	// followed when routing names apps that are not the service's own.
	used  *state.Routing
	tasks []byte   // per task, in app order: gone and alive bits
	keys  []string // health keys of its tasks (keyGroup's entries)
	svcs  []haproxy.Service
	plan  *ServicePlan
}

// NewBuilder returns a Builder with an empty memory.
func NewBuilder(opts BuildOptions) *Builder {
	return &Builder{opts: opts, cache: map[string]*builtGroup{}}
}

// Build is the package-level Build, rebuilding only what changed.
func (b *Builder) Build(in Input) (haproxy.Config, *Plan) {
	if in.Health == nil {
		in.Health = NewHealth()
	}
	groups := groupApps(in.Apps, in.Routing, b.serviceOf, &b.scratch)
	if len(b.svcOf) > len(in.Apps)+64 {
		// Apps replaced since: their entries would keep them in memory.
		b.svcOf = nil
	}
	names, sameNames := b.namesOf(groups)
	if !sameNames {
		// Services gone: forgotten. (The cache is updated in place: a new
		// map of every service per change was a third of a one-task
		// change's garbage.)
		for n, bg := range b.cache {
			if groups[n] == nil {
				b.forgetKeys(bg.keys, n)
				delete(b.cache, n)
			}
		}
		for n := range b.tasksSeen {
			if groups[n] == nil {
				delete(b.tasksSeen, n)
			}
		}
	}
	now := in.Now
	if now.IsZero() {
		now = time.Now()
	}
	judgeAll, rejudge := b.judgeAgain(in)
	var rebuilt []string
	prev := map[string]*builtGroup{} // of the rebuilt services
	for _, n := range names {
		g := groups[n]
		bg := b.cache[n]
		heldSince, expired := b.holdPorts(n, g, now)
		same := bg != nil && slices.Equal(bg.apps, g.apps) && equalRouting(bg.routing, g.routing) && !expired
		if same && !judgeAll && !rejudge[n] {
			continue // nothing it reads changed
		}
		tasks, keys := taskBits(g, in)
		if bg != nil {
			b.forgetKeys(bg.keys, n)
		}
		for _, k := range keys {
			b.keyGroup[k] = n
		}
		if same && bytes.Equal(bg.tasks, tasks) && !expired {
			bg.keys = keys
		} else {
			read := g.routing
			var untied string
			if read != nil {
				if untied = untiedApps(n, read); untied != "" {
					// Never route an app the record does not tie to the
					// service: anyone who can write the store could send
					// its traffic anywhere. Keep following the last
					// record that was the service's own, if any.
					if bg != nil && bg.used != nil {
						g.routing = bg.used
					}
				}
			}
			svcs, sp := buildGroup(g, in, b.opts, heldSince)
			if untied != "" {
				sp.Refused = joinReasons(sp.Refused, untied)
			}
			for _, s := range svcs {
				sp.keys = append(sp.keys, s.Key())
			}
			// Copies: g's lists and routing are groupApps' scratch.
			bg = &builtGroup{apps: slices.Clone(g.apps), routing: clonePtr(read), used: clonePtr(g.routing), tasks: tasks, keys: keys, svcs: svcs, plan: sp}
			if g.routing == read && untied != "" {
				bg.used = nil // nothing of the service's own followed yet
			}
			rebuilt = append(rebuilt, n)
			prev[n] = b.cache[n]
		}
		b.cache[n] = bg
	}
	if sameNames {
		if cfg, plan, ok := b.admitSame(rebuilt, prev, b.cache); ok {
			return cfg, plan
		}
	}
	plan := &Plan{Services: make(map[string]*ServicePlan, len(groups)), Backends: make(map[string]BackendRef, len(groups))}
	var cfg haproxy.Config
	b.admit(names, b.cache, &cfg, plan)
	return cfg, plan
}

// holdPorts returns since when service n, without routing state and
// without tasks now, has been held (its last task's going; zero: not
// held), and whether a hold ended with this Build (n must be built again
// without it).
func (b *Builder) holdPorts(n string, g *group, now time.Time) (since time.Time, expired bool) {
	seen, ok := b.tasksSeen[n]
	switch {
	case g.routing != nil:
	case hasTasks(g):
		if b.tasksSeen == nil {
			b.tasksSeen = map[string]time.Time{}
		}
		b.tasksSeen[n] = now
		return time.Time{}, false
	case ok && now.Sub(seen) < TasklessHold:
		return seen, false
	}
	delete(b.tasksSeen, n)
	return time.Time{}, ok
}

func hasTasks(g *group) bool {
	return slices.ContainsFunc(g.apps, func(a *marathon.App) bool {
		return slices.ContainsFunc(a.Tasks, func(t *marathon.Task) bool { return t != nil })
	})
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	c := *p
	return &c
}

// namesOf lists the groups' names, sorted: the previous Build's list when
// the same services, and whether it is.
func (b *Builder) namesOf(groups map[string]*group) ([]string, bool) {
	if len(groups) == len(b.names) && b.names != nil {
		same := true
		for _, n := range b.names {
			if groups[n] == nil {
				same = false
				break
			}
		}
		if same {
			return b.names, true
		}
	}
	names := make([]string, 0, len(groups))
	for n := range groups {
		names = append(names, n)
	}
	sort.Strings(names)
	b.names = names
	return names, false
}

// admitSame is admit when the services are the previous Build's, that
// admission refused nothing, and every rebuilt service binds the same
// ports with the same class as before: the answer is then everyone
// admitted again, whatever the order, so only the rebuilt services'
// entries change. ok is false when admit must run.
func (b *Builder) admitSame(rebuilt []string, prev, now map[string]*builtGroup) (cfg haproxy.Config, plan *Plan, ok bool) {
	last := b.last
	if last == nil || !last.clean {
		return cfg, nil, false
	}
	for _, n := range rebuilt {
		if o := prev[n]; o == nil || !sameAdmission(o, now[n]) {
			return cfg, nil, false
		}
	}
	// The services and the plan's entries are the Builder's: overwritten
	// in place. A copy of the plan per Build was 53 KB at 1000 services,
	// a sixth of the agent's garbage over spaced one-task changes.
	plan = last.plan
	var changed []int
	for _, n := range rebuilt {
		g, at := now[n], last.at[n]
		copy(last.services[at:at+len(g.svcs)], g.svcs)
		for k := range g.svcs {
			changed = append(changed, at+k)
		}
		plan.Services[n] = g.plan
	}
	seq := haproxy.NextSeq()
	b.last = &admission{services: last.services, plan: plan, at: last.at, clean: true, seq: seq}
	return haproxy.Config{Services: last.services, Delta: &haproxy.Delta{Seq: seq, Base: last.seq, Changed: changed}}, plan, true
}

// sameAdmission says whether a rebuilt service asks admit for what it
// asked before: the same services, ports and class.
func sameAdmission(o, g *builtGroup) bool {
	if len(o.svcs) != len(g.svcs) || classOf(o.plan, o) != classOf(g.plan, g) {
		return false
	}
	for k := range o.svcs {
		a, c := &o.svcs[k], &g.svcs[k]
		if a.Name != c.Name || a.Port != c.Port || a.IsolatedPort != c.IsolatedPort {
			return false
		}
	}
	return true
}

// judgeAgain says which services' tasks to judge again (taskBits): those
// with a task whose health memory changed or that was killed or revived
// since the previous Build; all of them when that is not known.
func (b *Builder) judgeAgain(in Input) (all bool, groups map[string]bool) {
	if b.keyGroup == nil {
		b.keyGroup = map[string]string{}
	}
	if in.Health != b.health {
		b.health, all = in.Health, true
	}
	keys, ver, ok := in.Health.changesSince(b.healthVer)
	b.healthVer = ver
	if !ok {
		all = true
	}
	groups = map[string]bool{}
	for _, k := range keys {
		if n, ok := b.keyGroup[k]; ok {
			groups[n] = true
		}
	}
	mark := func(id string) {
		if n, ok := b.keyGroup[in.Health.Key(id)]; ok {
			groups[n] = true
		} else if n, ok := b.keyGroup[id]; ok {
			groups[n] = true // a task of an app without health checks: keyed by its id
		}
	}
	for id := range in.Gone {
		if !b.gone[id] {
			mark(id)
		}
	}
	for id := range b.gone {
		if !in.Gone[id] {
			mark(id)
		}
	}
	b.gone = maps.Clone(in.Gone)
	return all, groups
}

// forgetKeys drops the keys of service n's tasks from keyGroup (those
// another service claimed since stay).
func (b *Builder) forgetKeys(keys []string, n string) {
	for _, k := range keys {
		if b.keyGroup[k] == n {
			delete(b.keyGroup, k)
		}
	}
}

// untiedApps checks that the apps a routing record routes are the
// service's own: /<svc>-blue or /<svc>-green (appdef's id scheme). An app
// of that id is routed only when it also carries YODEL_SERVICE=<svc>
// (groupApps puts it in the service's group by that label). It returns why
// the record is refused, or "".
func untiedApps(svc string, r *state.Routing) string {
	own := []string{appdef.AppID(svc, appdef.ColourBlue), appdef.AppID(svc, appdef.ColourGreen)}
	var bad []string
	for _, x := range []struct{ track, id string }{{"stable", r.Stable}, {"canary", r.Canary}} {
		if x.id != "" && !slices.Contains(own, x.id) {
			bad = append(bad, fmt.Sprintf("%s %q", x.track, x.id))
		}
	}
	if len(bad) == 0 {
		return ""
	}
	return fmt.Sprintf("routing state generation %d names %s, not one of %s's apps (%s, labelled %s=%s): not routed, and the generation is not acknowledged; fix or rewrite the routing state (a yodel deploy of %s does)",
		r.Generation, strings.Join(bad, " and "), svc, strings.Join(own, ", "), marathon.LabelService, svc, svc)
}

func joinReasons(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

// Admission classes: on a contested servicePort, and for the frontend
// budget, yodel services with routing state come first, then apps labelled
// as yodel services, then foreign apps.
const (
	classRouted = iota
	classLabelled
	classForeign
)

func classOf(sp *ServicePlan, bg *builtGroup) int {
	switch {
	case bg.routing != nil:
		return classRouted
	case sp.Managed:
		return classLabelled
	}
	return classForeign
}

var classWord = [...]string{"a yodel service with routing state", "a yodel service", "a foreign app"}

// admit decides which of the built services get their frontends: one
// service per servicePort (by class, then the one that held the port in
// the previous Build, then name) and at most MaxFrontends frontends (whole
// services, in the same order). What is left out is reported in the
// service's plan (Refused) and never reaches HAProxy.
func (b *Builder) admit(names []string, built map[string]*builtGroup, cfg *haproxy.Config, plan *Plan) {
	// Per service, in names order; order is the admission order.
	class := make([]int, len(names))
	held := make([]bool, len(names))
	order := make([]int, len(names))
	for i, n := range names {
		bg := built[n]
		for _, s := range bg.svcs {
			ps, np := bindPorts(&s)
			for _, p := range ps[:np] {
				if j, ok := b.owned[p]; ok && b.ownedBy[j] == n {
					held[i] = true
				}
			}
		}
		class[i], order[i] = classOf(bg.plan, bg), i
	}
	// A service bound only while it waits for tasks (TasklessHold) yields
	// its ports to one of its class with tasks.
	waiting := func(i int) bool { return built[names[i]].plan.taskless }
	sort.SliceStable(order, func(x, y int) bool {
		i, j := order[x], order[y]
		if class[i] != class[j] {
			return class[i] < class[j]
		}
		if waiting(i) != waiting(j) {
			return !waiting(i)
		}
		return held[i] && !held[j]
	})
	maxFE := b.opts.maxFrontends()
	owner := make(map[int]int, len(b.owned)) // port -> index in names
	frontends := 0
	admitted := make([][]haproxy.Service, len(names))
	clean := true
	for _, i := range order {
		n := names[i]
		bg := built[n]
		keep := bg.svcs
		var lost []string
		for k, s := range bg.svcs {
			ps, np := bindPorts(&s)
			conflict := ""
			for _, p := range ps[:np] {
				if o, taken := owner[p]; taken && conflict == "" {
					why := "which sorts first by name"
					switch {
					case class[o] < class[i]:
						why = "which wins over " + classWord[class[i]]
					case waiting(i) && !waiting(o):
						why = "which has tasks"
					case held[o] && !held[i]:
						why = "which held it first"
					}
					conflict = fmt.Sprintf("port %d is taken by %s %s, %s; give this one another servicePort", p, classWord[class[o]], names[o], why)
				}
			}
			if conflict != "" {
				if len(lost) == 0 {
					keep = slices.Clone(bg.svcs[:k])
				}
				lost = append(lost, conflict)
				continue
			}
			if len(lost) > 0 {
				keep = append(keep, s)
			}
		}
		count := 0
		for _, s := range keep {
			_, np := bindPorts(&s)
			count += np
		}
		if count > 0 && frontends+count > maxFE {
			lost = append(lost, fmt.Sprintf("its %d frontend(s) would exceed the load balancer's %d (haproxy.maxFrontends, %d in use by services that come first): not bound; raise the limit in the realm or remove unused apps", count, maxFE, frontends))
			keep = nil
		}
		for _, s := range keep {
			ps, np := bindPorts(&s)
			for _, p := range ps[:np] {
				owner[p] = i
			}
			frontends += np
		}
		admitted[i] = keep
		sp := bg.plan
		if len(lost) > 0 {
			clean = false
			cp := *sp
			cp.Refused = joinReasons(sp.Refused, strings.Join(lost, "; "))
			cp.Ports, cp.keys = nil, nil
			for _, s := range keep {
				cp.Ports = append(cp.Ports, s.Port)
				cp.keys = append(cp.keys, s.Key())
			}
			sp = &cp
		}
		plan.Services[n] = sp
	}
	b.owned, b.ownedBy = owner, names
	total := 0
	for _, keep := range admitted {
		total += len(keep)
	}
	cfg.Services = make([]haproxy.Service, 0, total) // grown by append: twice the memory, at every sync
	at := make(map[string]int, len(names))
	for i, n := range names {
		keys := plan.Services[n].keys // in step with admitted[i]
		at[n] = len(cfg.Services)
		for k, s := range admitted[i] {
			plan.Backends[keys[k]] = BackendRef{Service: n, Port: s.Port}
			cfg.Services = append(cfg.Services, s)
		}
	}
	seq := haproxy.NextSeq()
	cfg.Delta = &haproxy.Delta{Seq: seq}
	b.last = &admission{services: cfg.Services, plan: plan, at: at, clean: clean, seq: seq}
}

// bindPorts are the ports a service's frontends bind: ps[:n].
func bindPorts(s *haproxy.Service) (ps [2]int, n int) {
	if s.IsolatedPort != 0 {
		return [2]int{s.Port, s.IsolatedPort}, 2
	}
	return [2]int{s.Port}, 1
}

// taskBits are what a group's build reads of the health memory and the
// killed tasks, which change without the apps changing, and the keys
// its tasks are known by (the health memory's, or the task id for an app
// without health checks).
func taskBits(g *group, in Input) ([]byte, []string) {
	var out []byte
	var keys []string
	for _, a := range g.apps {
		for _, t := range a.Tasks {
			if t == nil {
				continue
			}
			var bits byte
			if in.Gone[t.ID] {
				bits |= 1
			}
			alive, passed, k := in.Health.judgeKey(a, t)
			if k == "" {
				k = t.ID
			}
			keys = append(keys, k)
			if alive {
				bits |= 2
			}
			if passed {
				bits |= 4
			}
			out = append(out, bits)
		}
	}
	return out, keys
}

func equalRouting(a, b *state.Routing) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Service == b.Service && a.Stable == b.Stable && a.Canary == b.Canary && a.CanaryWeight == b.CanaryWeight &&
		a.CanaryIsolated == b.CanaryIsolated && a.CanarySticky == b.CanarySticky && a.Generation == b.Generation && slices.Equal(a.Ports, b.Ports) &&
		slices.Equal(a.Draining, b.Draining) && a.Retiring == b.Retiring
}

// groupApps sorts apps into services: by YODEL_SERVICE label, else one
// service per foreign app named after its id. Services with routing state
// but no app still get a group, so their frontends stay up and their
// generation is acknowledged.
func groupApps(apps []*marathon.App, routing map[string]state.Routing, serviceOf func(*marathon.App) string, sc *groupScratch) map[string]*group {
	// The map, groups and one-app lists of the previous call are reused:
	// this runs on every change, and their garbage was a third of a
	// one-task change's at 1000 services. What outlives the call (a
	// builtGroup) copies what it keeps.
	n := len(apps) + len(routing)
	if sc.groups == nil {
		sc.groups = make(map[string]*group, n)
	}
	clear(sc.groups)
	groups := sc.groups
	// Never grown while in use: every group's pointer is into it.
	if cap(sc.slab) < n {
		sc.slab = make([]group, 0, n)
	}
	slab := sc.slab[:0]
	if cap(sc.one) < len(apps) {
		sc.one = make([]*marathon.App, len(apps))
	}
	one := sc.one[:len(apps)]
	// Nothing of the previous call kept alive by the scratch.
	clear(slab[:cap(slab)])
	clear(sc.one[:cap(sc.one)])
	newGroup := func(g group) *group {
		slab = append(slab, g)
		return &slab[len(slab)-1]
	}
	for name := range routing {
		g := newGroup(group{name: name, managed: true, read: routing[name]})
		g.routing = &g.read
		groups[name] = g
	}
	var foreign []*marathon.App
	byID := func(a, b *marathon.App) int { return strings.Compare(a.ID, b.ID) }
	for i, a := range apps {
		if a == nil {
			continue
		}
		svc := serviceOf(a)
		if !validServiceName(svc) {
			foreign = append(foreign, a)
			continue
		}
		g := groups[svc]
		if g == nil {
			g = newGroup(group{name: svc, managed: true})
			groups[svc] = g
		}
		if g.apps == nil {
			one[i] = a
			g.apps = one[i : i+1 : i+1] // a second app copies it out
		} else {
			g.apps = append(g.apps, a)
		}
	}
	// Sorted by id within each service, and the foreign apps (which
	// claims a clashing name): the apps come in any order. Sorting the
	// groups, not every app, spares a one-task change at 1000 services a
	// sort of 1000.
	for _, g := range groups {
		if len(g.apps) > 1 {
			slices.SortFunc(g.apps, byID)
		}
	}
	slices.SortFunc(foreign, byID)
	for _, a := range foreign {
		name := foreignName(a.ID)
		if g, taken := groups[name]; taken && (g.managed || len(g.apps) > 0) {
			name = hashed(name, a.ID)
		}
		groups[name] = newGroup(group{name: name, apps: []*marathon.App{a}})
	}
	return groups
}

// foreignName derives a service name from an app id: /team/web -> team-web.
// Ids that do not map one to one (too long, other characters) get a hash
// suffix, so two apps never share a name by accident.
func foreignName(id string) string {
	plain := strings.ReplaceAll(strings.Trim(id, "/"), "/", "-")
	if len(plain) <= 63 && serviceNameRe.MatchString(plain) {
		return plain
	}
	var b strings.Builder
	for _, r := range strings.ToLower(plain) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		} else if n := b.Len(); n > 0 && b.String()[n-1] != '-' {
			b.WriteByte('-')
		}
	}
	return hashed(strings.Trim(b.String(), "-"), id)
}

func hashed(name, id string) string {
	sum := sha256.Sum256([]byte(id))
	h := hex.EncodeToString(sum[:4])
	if len(name) > 54 {
		name = strings.Trim(name[:54], "-")
	}
	if name == "" {
		return "app-" + h
	}
	return name + "-" + h
}

// portSpec is one service port with what routes it.
type portSpec struct {
	service  int
	mode     string
	isolated int // explicit isolated port, 0 for the default
}

// buildGroup builds one service; heldSince (non-zero) keeps the ports of
// one without tasks since then (TasklessHold).
func buildGroup(g *group, in Input, opts BuildOptions, heldSince time.Time) ([]haproxy.Service, *ServicePlan) {
	sp := &ServicePlan{Name: g.name, Managed: g.managed}
	if g.routing != nil {
		sp.Generation = g.routing.Generation
	}
	problem := func(format string, args ...any) { sp.Problems = append(sp.Problems, fmt.Sprintf(format, args...)) }

	tracks := map[string]string{} // app id -> track
	routed := g.routing != nil && (g.routing.Stable != "" || g.routing.Canary != "")
	for _, a := range g.apps {
		if (routed || g.managed) && !marathon.IsServiceAppID(g.name, a.ID) {
			// Not the service's own app (an app labelled as the service
			// by anyone who can post to Marathon): never routed,
			// whatever the routing state says (see Build), nor beside
			// the service's apps before it has any.
			tracks[a.ID] = TrackNone
			continue
		}
		t := haproxy.TrackStable
		if routed {
			switch a.ID {
			case g.routing.Stable:
				t = haproxy.TrackStable
			case g.routing.Canary:
				t = haproxy.TrackCanary
			default:
				t = TrackNone
			}
		}
		tracks[a.ID] = t
	}

	ports := servicePorts(g, tracks, problem)
	ports = limitPorts(g, ports, opts, sp, problem, heldSince)
	for _, p := range ports {
		if p.service != 0 {
			sp.Ports = append(sp.Ports, p.service)
		}
	}

	// Tasks yodel is about to kill stay as draining servers, whatever their
	// app's track and health, until Marathon reports them gone: removing a
	// server cuts its sessions, a drained one lets them finish (pkg/drain).
	var draining map[string]bool
	if g.routing != nil && len(g.routing.Draining) > 0 {
		draining = make(map[string]bool, len(g.routing.Draining))
		for _, id := range g.routing.Draining {
			draining[id] = true
		}
	}

	// Tasks Marathon's next scale check will kill (an unreachable task
	// back beside its replacement: up to 5 minutes later, with no drain
	// of its own) are drained from now on, as yodel's own victims are:
	// no request is lost to that kill. At most the surplus goes, so the
	// app keeps its instances routed.
	var surplus map[string]bool
	for _, a := range g.apps {
		if tracks[a.ID] == TrackNone {
			continue
		}
		kills := marathon.ScaleCheckKills(a, func(id string) bool { return in.Gone[id] })
		for _, id := range kills {
			if surplus == nil {
				surplus = map[string]bool{}
			}
			surplus[id] = true
		}
		if len(kills) > 0 {
			problem("%s runs more tasks than its %d instances: draining %s, which Marathon's next scale check kills",
				a.ID, *a.Instances, strings.Join(kills, ", "))
		}
	}

	// Eligible tasks per app, judged once for all ports.
	type routedTask struct {
		task     *marathon.Task
		addr     string
		track    string
		draining bool
	}
	var tasks []routedTask
	var stableN, canaryN int
	pick := func(alive func(*marathon.App, *marathon.Task) bool, report bool) {
		tasks, stableN, canaryN, sp.Apps = nil, 0, 0, nil
		for _, a := range g.apps {
			ap := AppPlan{ID: a.ID, Track: tracks[a.ID]}
			for _, t := range a.Tasks {
				if t == nil {
					continue
				}
				ap.Tasks++
				if draining[t.ID] && marathon.TaskRunning(t) && !in.Gone[t.ID] {
					if addr, err := resolve(opts.Resolve, t.Host); err == nil {
						track := ap.Track
						if track == TrackNone {
							track = haproxy.TrackStable
						}
						tasks = append(tasks, routedTask{task: t, addr: addr, track: track, draining: true})
						ap.Draining++
					}
					continue
				}
				if ap.Track == TrackNone || !marathon.TaskRunning(t) || in.Gone[t.ID] {
					continue
				}
				if !alive(a, t) {
					// A task that served and now fails its check leaves
					// through drain state, not removal: removal cuts the
					// sessions still open after haproxy's DeleteGrace, and
					// a task failing a check under load is slow, not dead.
					// Marathon's kill (maxConsecutiveFailures) removes it.
					if report && in.Health.Passed(a, t) {
						if addr, err := resolve(opts.Resolve, t.Host); err == nil {
							tasks = append(tasks, routedTask{task: t, addr: addr, track: ap.Track, draining: true})
							ap.Unhealthy++
						}
					}
					continue
				}
				addr, err := resolve(opts.Resolve, t.Host)
				if err != nil {
					if report {
						problem("task %s: host %q: %v", t.ID, t.Host, err)
					}
					continue
				}
				if surplus[t.ID] {
					tasks = append(tasks, routedTask{task: t, addr: addr, track: ap.Track, draining: true})
					ap.Surplus++
					continue
				}
				tasks = append(tasks, routedTask{task: t, addr: addr, track: ap.Track})
				ap.Routed++
				if ap.Track == haproxy.TrackCanary {
					canaryN++
				} else {
					stableN++
				}
			}
			sp.Apps = append(sp.Apps, ap)
		}
	}
	pick(in.Health.Alive, true)
	if stableN+canaryN == 0 {
		// Fail open: when every running task of the service fails its
		// checks at once, a stalled checker or a network blip is as likely
		// as a broken service, and an empty backend answers every request
		// with a 503 for certain. Route the tasks that passed before, the
		// way load balancers with a panic threshold do; one healthy task
		// ends it.
		pick(in.Health.Passed, false)
		if n := stableN + canaryN; n > 0 {
			problem("no running task passes its health checks: routing the %d that passed before (fail open)", n)
		}
	}

	if stableN+canaryN == 0 && (g.routing == nil || !g.routing.Retiring) {
		// Never drain to an empty backend: while no other task is routed
		// (the agent has not seen the replacements healthy yet), the tasks
		// to drain keep serving. The CLI waits for the replacements to be
		// routed before it drains (drain.Surge), so this is a safety net.
		// A service being destroyed (Retiring) has no replacements: its
		// requests finish, new ones find no server.
		for i := range tasks {
			if tasks[i].draining {
				tasks[i].draining = false
				if tasks[i].track == haproxy.TrackCanary {
					canaryN++
				} else {
					stableN++
				}
			}
		}
	}

	isolated := g.routing != nil && g.routing.Canary != "" && g.routing.CanaryIsolated
	sp.Isolated = isolated
	share := 0.0
	if g.routing != nil && g.routing.Canary != "" {
		share = g.routing.CanaryWeight / 100
	}
	sw, cw := haproxy.DefaultWeight, haproxy.DefaultWeight
	if !isolated {
		sw, cw = haproxy.Weights(stableN, canaryN, share)
	}
	sp.StableWeight, sp.CanaryWeight = sw, cw

	out := make([]haproxy.Service, 0, len(ports))
	for i, p := range ports {
		if p.service == 0 {
			continue // kept only so task ports still match by index
		}
		s := haproxy.Service{Name: g.name, Port: p.service, Mode: p.mode, BindAddress: opts.BindAddress}
		if g.routing != nil {
			// Services with routing state always carry their canary route,
			// so that a rollout's steps (isolated, partial, full) change
			// servers and weights only: no reload.
			if p.mode == haproxy.ModeHTTP && opts.CanaryHeader.Name != "" {
				s.CanaryHeader = opts.CanaryHeader
				// Sticky clients draw their track against the share the
				// weights give (haproxy.Service.Sticky): runtime only.
				if g.routing.CanarySticky && g.routing.Canary != "" && !isolated {
					s.Sticky = true
					s.StickyShare = int(math.Round(share * haproxy.StickyScale))
				}
			} else if p.mode == haproxy.ModeTCP {
				// The one isolated-port rule (state.Port.Isolated): the
				// routing state's port, else the service port plus the
				// realm's offset, never past 65535.
				sport := state.Port{ServicePort: p.service, Protocol: "tcp", IsolatedPort: p.isolated}
				if iso := sport.Isolated(opts.IsolatedPortOffset); iso > 0 {
					if slices.ContainsFunc(ports, func(q portSpec) bool { return q.service == iso }) {
						// Both frontends on one port: HAProxy would hand the
						// public port's connections to the canary's at random.
						problem("isolated port %d of tcp servicePort %d is also its servicePort: no isolated route (give one of them another servicePort)", iso, p.service)
					} else {
						s.IsolatedPort = iso
					}
				}
			}
		}
		for _, rt := range tasks {
			if i >= len(rt.task.Ports) || rt.task.Ports[i] <= 0 {
				problem("task %s: no host port for service port %d (index %d)", rt.task.ID, p.service, i)
				continue
			}
			sv := haproxy.Server{Name: haproxy.ServerName(rt.task.ID), Addr: rt.addr, Port: rt.task.Ports[i],
				Track: rt.track, Weight: sw, Draining: rt.draining}
			if rt.track == haproxy.TrackCanary {
				sv.Weight = cw
				sv.Isolated = isolated && s.HasCanaryBackend()
				if isolated && !s.HasCanaryBackend() {
					sv.Weight = 0 // isolated, but no way to reach it alone: no public traffic
				}
			}
			s.Servers = append(s.Servers, sv)
		}
		out = append(out, s)
	}
	return out, sp
}

// limitPorts applies the realm's bounds to a service's ports: none for an
// app without routing state and without tasks (an app scaled to 0 must not
// hold ports, nor make HAProxy bind thousands of them), none when it asks
// for more than MaxPortsPerApp, and none outside ServicePortRange. Ports
// left out keep their index (service 0) so task ports still match.
func limitPorts(g *group, ports []portSpec, opts BuildOptions, sp *ServicePlan, problem func(string, ...any), heldSince time.Time) []portSpec {
	n := 0
	for _, p := range ports {
		if p.service != 0 {
			n++
		}
	}
	if n == 0 {
		return ports
	}
	if g.routing == nil && !hasTasks(g) {
		if heldSince.IsZero() {
			problem("no tasks: its %d servicePort(s) are bound once it has tasks", n)
			return nil
		}
		sp.taskless = true
		problem("no tasks since %s: its %d servicePort(s) stay bound until %s in case tasks come back (a restart, a crash loop), sparing a reload",
			heldSince.UTC().Format(time.RFC3339), n, heldSince.Add(TasklessHold).UTC().Format(time.RFC3339))
	}
	if max := opts.maxPortsPerApp(); n > max {
		sp.Refused = joinReasons(sp.Refused, fmt.Sprintf("asks for %d servicePorts, more than the load balancer's %d per app (haproxy.maxPortsPerApp): none bound", n, max))
		return nil
	}
	lo, hi := opts.ServicePortRange[0], opts.ServicePortRange[1]
	if lo == 0 && hi == 0 {
		return ports
	}
	var out []string
	for i := range ports {
		if p := ports[i].service; p != 0 && (p < lo || p > hi) {
			out = append(out, strconv.Itoa(p))
			ports[i].service = 0
		}
	}
	if len(out) > 0 {
		sp.Refused = joinReasons(sp.Refused, fmt.Sprintf("servicePort(s) %s outside the realm's servicePortRange [%d, %d]: not bound", strings.Join(out, ", "), lo, hi))
	}
	return ports
}

// servicePorts decides a service's ports: the routing state's when it lists
// them (the apps of one service share them), else the stable app's (or the
// first app's) servicePorts with protocols from its labels.
func servicePorts(g *group, tracks map[string]string, problem func(string, ...any)) []portSpec {
	if g.routing != nil && len(g.routing.Ports) > 0 {
		var out []portSpec
		for i, p := range g.routing.Ports {
			mode := strings.ToLower(p.Protocol)
			if mode != haproxy.ModeHTTP && mode != haproxy.ModeTCP {
				problem("routing state port %d: protocol %q is neither http nor tcp; using tcp", i, p.Protocol)
				mode = haproxy.ModeTCP
			}
			if p.ServicePort <= 0 || p.ServicePort > 65535 {
				problem("routing state port %d: servicePort %d; not routed", i, p.ServicePort)
				p.ServicePort = 0
			}
			out = append(out, portSpec{service: p.ServicePort, mode: mode, isolated: p.IsolatedPort})
		}
		return out
	}
	var ref *marathon.App
	for _, a := range g.apps {
		if tracks[a.ID] == haproxy.TrackStable {
			ref = a
			break
		}
	}
	if ref == nil {
		// An app not routed (not the service's own) gives it no port.
		for _, a := range g.apps {
			if tracks[a.ID] != TrackNone {
				ref = a
				break
			}
		}
	}
	if ref == nil {
		return nil
	}
	var out []portSpec
	for i, sp := range ref.ServicePorts() {
		if sp != 0 && ref.UDPOnly(i) {
			// HAProxy proxies tcp: a tcp frontend would answer nothing
			// the app serves, and take a frontend of the budget.
			problem("app %s: servicePort %d is udp: not bound (HAProxy routes tcp only)", ref.ID, sp)
			sp = 0
		}
		out = append(out, portSpec{service: sp, mode: portMode(ref, i, g.managed, problem)})
	}
	return out
}

// portMode is the mode of port i: YODEL_PORT_<i>_PROTOCOL (written by
// yodel), else marathon-lb's HAPROXY_<i>_MODE for foreign apps, else tcp.
func portMode(a *marathon.App, i int, managed bool, problem func(string, ...any)) string {
	k, v := a.PortModeLabel(i)
	switch m := strings.ToLower(v); m {
	case "":
	case haproxy.ModeHTTP, haproxy.ModeTCP:
		return m
	default:
		problem("app %s: label %s=%q is neither http nor tcp; using tcp", a.ID, k, v)
	}
	return haproxy.ModeTCP
}

func resolve(fn func(string) (string, error), host string) (string, error) {
	if ip := net.ParseIP(host); ip != nil {
		return ip.String(), nil
	}
	if host == "" {
		return "", fmt.Errorf("no host")
	}
	if fn == nil {
		return "", fmt.Errorf("not an IP address and no resolver")
	}
	return fn(host)
}
