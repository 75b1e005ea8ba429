// Package diff computes a typed, field-by-field difference between the
// Marathon app yodel would send (desired) and the one Marathon runs (live).
//
// Marathon fills in defaults (backoffSeconds, ipAddress, …) and status fields
// (tasks, version, deployments) that no manifest sets, so a naive comparison
// of the two JSON documents would always differ. The rules here keep the diff
// to what yodel owns:
//   - at the top level, every field yodel sets, plus the definition fields
//     yodel could have set (so one removed from the manifest shows as -);
//   - inside env and labels, every key (a removed variable matters);
//   - inside any other object, only the keys the desired side sets (Marathon's
//     defaults inside a health check are not changes).
package diff

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/yodeldeploy/yodel/pkg/marathon"
)

// Kind is what happened to a field.
type Kind string

const (
	Added   Kind = "added"
	Removed Kind = "removed"
	Changed Kind = "changed"
)

// Marker is the one-character marker of a kind: + - ~.
func (k Kind) Marker() string {
	switch k {
	case Added:
		return "+"
	case Removed:
		return "-"
	}
	return "~"
}

// Change is one field that differs. Old and New are JSON values (nil when
// absent); a secret's value is replaced by Mask and Secret is set.
type Change struct {
	Path   string `json:"path"` // env.DB_URL, healthChecks[0].path
	Kind   Kind   `json:"kind"`
	Old    any    `json:"old,omitempty"`
	New    any    `json:"new,omitempty"`
	Secret bool   `json:"secret,omitempty"`
}

// Line is the change as one line: its marker, its path and its values,
// "~ env.LOG: "info" => "debug"" (a secret's: "<secret> (changed)").
func (c Change) Line() string {
	switch {
	case c.Kind == Added:
		return fmt.Sprintf("+ %s: %s", c.Path, Format(c.New))
	case c.Kind == Removed:
		return fmt.Sprintf("- %s: %s", c.Path, Format(c.Old))
	case c.Secret:
		return fmt.Sprintf("~ %s: %s (changed)", c.Path, Mask)
	}
	return fmt.Sprintf("~ %s: %s => %s", c.Path, Format(c.Old), Format(c.New))
}

// Mask stands in for a secret's value in a change.
const Mask = "<secret>"

// Result is the diff of one app.
type Result struct {
	AppID   string   `json:"appId"`
	Create  bool     `json:"create"` // the app does not exist yet
	Changes []Change `json:"changes"`
}

// Empty reports whether nothing would change.
func (r Result) Empty() bool { return !r.Create && len(r.Changes) == 0 }

// Options tune a diff.
type Options struct {
	// Ignore skips a path entirely (labels that change on every deploy,
	// such as who deployed). Paths are as in Change.Path.
	Ignore func(path string) bool
	// Secret reports whether a path holds a secret, whose value must never
	// be shown on either side.
	Secret func(path string) bool
	// LiveSecret reports whether the live value at a path may be a secret
	// (an app that does not say which of its keys are): only the old side
	// is masked.
	LiveSecret func(path string) bool
}

// owned are the top-level definition fields yodel may set; a live value for
// one of them that the desired app lacks is a removal.
var owned = map[string]bool{
	"cmd": true, "args": true, "container": true, "env": true, "labels": true,
	"healthChecks": true, "readinessChecks": true, "constraints": true,
	"portDefinitions": true, "instances": true, "cpus": true, "mem": true,
	"disk": true, "upgradeStrategy": true,
}

// marathonDefaults are the values Marathon gives fields yodel leaves out.
var marathonDefaults = map[string]any{
	"disk":                                  0.0,
	"upgradeStrategy.minimumHealthCapacity": 1.0,
	"upgradeStrategy.maximumOverCapacity":   1.0,
}

// everyKey are the objects whose every key is compared.
var everyKey = map[string]bool{"env": true, "labels": true}

// Apps diffs desired against live; live nil means a first deploy, and every
// field of desired is listed as added.
func Apps(desired, live *marathon.App, opts Options) (Result, error) {
	res := Result{AppID: desired.ID, Changes: []Change{}}
	d, err := toMap(desired)
	if err != nil {
		return res, err
	}
	l := map[string]any{}
	if live == nil {
		res.Create = true
	} else if l, err = toMap(live); err != nil {
		return res, err
	}
	w := walker{opts: opts, out: &res.Changes}
	keys := map[string]bool{}
	for k := range d {
		keys[k] = true
	}
	for k := range l {
		if owned[k] {
			keys[k] = true
		}
	}
	delete(keys, "id")
	for _, k := range sorted(keys) {
		dv, dok := d[k]
		lv, lok := l[k]
		if (!dok || empty(dv)) && !owned[k] {
			continue // a status field, or one Marathon fills in
		}
		w.value(k, dv, dok, lv, lok, everyKey[k])
	}
	return res, nil
}

func toMap(app *marathon.App) (map[string]any, error) {
	b, err := json.Marshal(app)
	if err != nil {
		return nil, fmt.Errorf("diff: encode app %s: %w", app.ID, err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("diff: decode app %s: %w", app.ID, err)
	}
	return m, nil
}

type walker struct {
	opts Options
	out  *[]Change
}

func (w walker) add(c Change) {
	both := w.opts.Secret != nil && w.opts.Secret(c.Path)
	old := both || (w.opts.LiveSecret != nil && w.opts.LiveSecret(c.Path))
	if old && c.Old != nil {
		c.Old, c.Secret = Mask, true
	}
	if both && c.New != nil {
		c.New, c.Secret = Mask, true
	}
	*w.out = append(*w.out, c)
}

// value compares one field; all says whether every key of nested objects
// counts (env, labels) or only the desired side's.
func (w walker) value(path string, d any, dok bool, l any, lok bool, all bool) {
	if w.opts.Ignore != nil && w.opts.Ignore(path) {
		return
	}
	dok = dok && !empty(d)
	lok = lok && !empty(l)
	if !dok && lok && reflect.DeepEqual(marathonDefaults[path], l) {
		return // Marathon's default for a field yodel left out
	}
	dm, dIsMap := d.(map[string]any)
	lm, lIsMap := l.(map[string]any)
	switch {
	case !dok && !lok:
		return
	case dIsMap && !lok, lIsMap && !dok:
		// Key by key, so that a secret inside is masked on its own and
		// the ignore rules apply.
		m := dm
		if !dok {
			m = lm
		}
		for _, k := range sortedKeys(m) {
			var dv, lv any
			if dok {
				dv = m[k]
			} else {
				lv = m[k]
			}
			w.value(path+"."+k, dv, dok, lv, lok, all)
		}
		return
	case !lok:
		w.add(Change{Path: path, Kind: Added, New: d})
		return
	case !dok:
		w.add(Change{Path: path, Kind: Removed, Old: l})
		return
	}
	if dIsMap && lIsMap {
		keys := map[string]bool{}
		for k := range dm {
			keys[k] = true
		}
		if all {
			for k := range lm {
				keys[k] = true
			}
		}
		for _, k := range sorted(keys) {
			dv, dk := dm[k]
			lv, lk := lm[k]
			w.value(path+"."+k, dv, dk, lv, lk, all)
		}
		return
	}
	ds, dIsList := d.([]any)
	ls, lIsList := l.([]any)
	if dIsList && lIsList && !scalars(ds) {
		for i := 0; i < max(len(ds), len(ls)); i++ {
			var dv, lv any
			if i < len(ds) {
				dv = ds[i]
			}
			if i < len(ls) {
				lv = ls[i]
			}
			w.value(path+"["+strconv.Itoa(i)+"]", dv, i < len(ds), lv, i < len(ls), all)
		}
		return
	}
	if !reflect.DeepEqual(d, l) {
		w.add(Change{Path: path, Kind: Changed, Old: l, New: d})
	}
}

// scalars: lists of plain values (args, a constraint) read better whole.
func scalars(l []any) bool {
	for _, v := range l {
		switch v.(type) {
		case map[string]any, []any:
			return false
		}
	}
	return true
}

// empty treats absent, null, "", [] and {} alike: Marathon echoes an unset
// list as [] and go-marathon omits it, which is no change.
func empty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == ""
	case []any:
		return len(x) == 0
	case map[string]any:
		return len(x) == 0
	}
	return false
}

func sortedKeys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func sorted(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Format renders a JSON value compactly for one line of a diff.
func Format(v any) string {
	if s, ok := v.(string); ok {
		if s == Mask {
			return s
		}
		return strconv.Quote(s)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return strings.TrimSpace(string(b))
}
