package realm

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/spf13/viper"

	"github.com/yodeldeploy/yodel/pkg/strictyaml"
)

// override is one realm field that YODEL_<KEY> may replace, where KEY is the
// field path upper-cased with dots as underscores (marathon.urls ->
// YODEL_MARATHON_URLS). Secrets and canary defaults are not overridable:
// the former never live in the file, the latter belong in review.
type override struct {
	key string
	set func(r *Realm, v string) error
}

var overrides = []override{
	{"marathon.urls", func(r *Realm, v string) error { r.Marathon.URLs = splitList(v); return nil }},
	{"marathon.caFile", func(r *Realm, v string) error { r.Marathon.CAFile = v; return nil }},
	{"marathon.timeout", func(r *Realm, v string) error { return r.Marathon.Timeout.SetScalar(strings.TrimSpace(v)) }},
	{"state", func(r *Realm, v string) error { r.State = v; return nil }},
	{"haproxy.bindAddress", func(r *Realm, v string) error { r.HAProxy.BindAddress = v; return nil }},
	{"haproxy.configPath", func(r *Realm, v string) error { r.HAProxy.ConfigPath = v; return nil }},
	{"haproxy.socketPath", func(r *Realm, v string) error { r.HAProxy.SocketPath = v; return nil }},
	{"haproxy.masterSocketPath", func(r *Realm, v string) error { r.HAProxy.MasterSocketPath = v; return nil }},
	{"haproxy.template", func(r *Realm, v string) error { r.HAProxy.Template = v; return nil }},
	{"haproxy.agentListen", func(r *Realm, v string) error { r.HAProxy.AgentListen = v; return nil }},
	{"haproxy.resyncInterval", func(r *Realm, v string) error { return r.HAProxy.ResyncInterval.SetScalar(v) }},
	{"haproxy.canaryHeader", func(r *Realm, v string) error { return r.HAProxy.CanaryHeader.SetScalar(v) }},
	{"haproxy.isolatedPortOffset", func(r *Realm, v string) error { return setInt(&r.HAProxy.IsolatedPortOffset, v) }},
	{"haproxy.maxPortsPerApp", func(r *Realm, v string) error { return setInt(&r.HAProxy.MaxPortsPerApp, v) }},
	{"haproxy.maxFrontends", func(r *Realm, v string) error { return setInt(&r.HAProxy.MaxFrontends, v) }},
	{"limits.maxCpus", func(r *Realm, v string) error { return setFloat(&r.Limits.MaxCPUs, v) }},
	{"limits.maxMem", func(r *Realm, v string) error { return setFloat(&r.Limits.MaxMem, v) }},
	{"limits.maxInstances", func(r *Realm, v string) error { return setInt(&r.Limits.MaxInstances, v) }},
	{"limits.servicePortRange", setPortRange},
}

// EnvName is the environment variable that overrides a realm field.
func EnvName(key string) string {
	return "YODEL_" + strings.ToUpper(strings.ReplaceAll(key, ".", "_"))
}

// OverridableKeys lists the realm fields YODEL_* variables may override.
func OverridableKeys() []string {
	keys := make([]string, len(overrides))
	for i, o := range overrides {
		keys[i] = o.key
	}
	return keys
}

// applyEnv applies YODEL_* overrides (read through viper) to r and records
// which were applied. A bad value is reported against the variable's name.
func (r *Realm) applyEnv() error {
	v := viper.New()
	v.SetEnvPrefix("yodel")
	v.SetEnvKeyReplacer(strings.NewReplacer(".", "_"))
	var errs strictyaml.Errors
	for _, o := range overrides {
		_ = v.BindEnv(o.key)
		if !v.IsSet(o.key) {
			continue
		}
		name := EnvName(o.key)
		if err := o.set(r, v.GetString(o.key)); err != nil {
			errs = append(errs, &strictyaml.Error{File: "$" + name, Field: o.key, Msg: fmt.Sprintf("%v (overriding %s)", err, r.File)})
			continue
		}
		r.Overrides = append(r.Overrides, name)
	}
	return errs.Err()
}

func splitList(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func setInt(dst *int, v string) error {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		return fmt.Errorf("%q is not a whole number", v)
	}
	*dst = n
	return nil
}

func setFloat(dst *float64, v string) error {
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		// ParseFloat takes "NaN" and "Inf": a NaN limit compared false
		// with everything and so disabled the limit.
		return fmt.Errorf("%q is not a finite number", v)
	}
	*dst = f
	return nil
}

func setPortRange(r *Realm, v string) error {
	lo, hi, ok := strings.Cut(v, "-")
	a, err1 := strconv.Atoi(strings.TrimSpace(lo))
	b, err2 := strconv.Atoi(strings.TrimSpace(hi))
	if !ok || err1 != nil || err2 != nil {
		return fmt.Errorf("%q is not a port range: write it as MIN-MAX, such as 10000-20000", v)
	}
	r.Limits.ServicePortRange = []int{a, b}
	return nil
}
