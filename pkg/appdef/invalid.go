package appdef

import (
	"errors"
	"strconv"
	"strings"

	"github.com/yodeldeploy/yodel/pkg/manifest"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/strictyaml"
)

// AppInvalidError is Marathon's 422 told in the manifest's terms: one
// compiler-style line per field Marathon refused, at the manifest line that
// set it ("services/web.yaml:4:14: resources.cpus: got 0.0001, expected
// 0.001 or more"), so an editor can jump there. Fields yodel sets itself, or
// paths it does not know, keep Marathon's path.
type AppInvalidError struct {
	Invalid *marathon.InvalidError
	Lines   manifest.Errors
}

func (e *AppInvalidError) Error() string {
	var b strings.Builder
	b.WriteString("Marathon rejected the app definition: ")
	b.WriteString(e.Invalid.Message)
	for _, l := range e.Lines {
		b.WriteString("\n")
		b.WriteString(l.Error())
	}
	return b.String()
}

func (e *AppInvalidError) Unwrap() error { return e.Invalid }

// ExitCode implements cmdutil.Coder: invalid input.
func (e *AppInvalidError) ExitCode() int { return strictyaml.ExitInvalid }

// Hint says what to fix.
func (e *AppInvalidError) Hint() string { return e.Invalid.Hint() }

// MapInvalid turns a *marathon.InvalidError (422) in err into an
// *AppInvalidError pointing into m; any other error is returned as it is.
// realm is the realm name, whose overrides win when they set the field.
func MapInvalid(err error, m *manifest.Manifest, realm string) error {
	var ie *marathon.InvalidError
	if !errors.As(err, &ie) || m == nil {
		return err
	}
	ie.MapFields(func(p string) string { return ManifestField(m, realm, p) })
	out := &AppInvalidError{Invalid: ie}
	for _, d := range ie.Details {
		msg := strings.Join(d.Errors, "; ")
		if d.Field == "" {
			out.Lines = append(out.Lines, &strictyaml.Error{File: m.File, Msg: "Marathon " + d.Path + ": " + msg})
			continue
		}
		pos := m.Doc().Pos(d.Field)
		out.Lines = append(out.Lines, &strictyaml.Error{File: m.File, Line: pos.Line, Col: pos.Col, Field: d.Field, Msg: msg})
	}
	if len(ie.Details) == 0 {
		out.Lines = manifest.Errors{{File: m.File, Msg: "Marathon gave no field details"}}
	}
	return out
}

// ManifestField is the inverse of Build for error messages: the manifest field (strictyaml path, as in manifest
// errors: "ports[0].name", "env.GREETING") behind a Marathon JSON path of
// the app Build makes from m ("/portDefinitions/0/name"), or "" when
// no manifest field sets it (yodel's own labels and env, the app id).
func ManifestField(m *manifest.Manifest, realm, marathonPath string) string {
	segs := marathon.PathSegments(normIndexes(marathonPath))
	if len(segs) == 0 {
		return ""
	}
	at := func(i int) string {
		if i < len(segs) {
			return segs[i]
		}
		return ""
	}
	idx := func(s string) (int, bool) {
		n, err := strconv.Atoi(s)
		return n, err == nil && n >= 0
	}
	// over prefers the realm's override of a field when it sets it: that is
	// the line that gave Marathon the value.
	over := func(p string) string {
		if o := "realms." + realm + "." + p; realm != "" && m.Doc().Has(o) {
			return o
		}
		return p
	}
	port := func(i int, field string) string {
		n, ok := idx(at(i))
		if !ok || n >= len(m.Ports) {
			return "ports"
		}
		p := "ports[" + strconv.Itoa(n) + "]"
		if field == "" {
			return p
		}
		return p + "." + field
	}
	switch segs[0] {
	case "id":
		return "service"
	case "cmd", "image":
		return segs[0]
	case "args":
		if n, ok := idx(at(1)); ok && n < len(m.Args) {
			return "args[" + strconv.Itoa(n) + "]"
		}
		return "args"
	case "instances":
		return over("instances")
	case "taskKillGracePeriodSeconds":
		return "killGracePeriodSeconds"
	case "cpus", "mem", "disk":
		return over("resources." + segs[0])
	case "env":
		k := at(1)
		switch {
		case k == "":
			return "env"
		case k == LabelService || k == LabelRelease:
			return ""
		}
		if _, ok := m.ForRealm(realm).Secrets[k]; ok {
			return over("secrets." + k)
		}
		return over("env." + k)
	case "labels":
		k := at(1)
		if k == "" {
			return "labels"
		}
		if IsYodelLabel(k) {
			return ""
		}
		return over("labels." + k)
	case "healthChecks":
		switch f := at(2); f {
		case "":
			return "health"
		case "path", "command", "intervalSeconds", "timeoutSeconds", "gracePeriodSeconds", "maxConsecutiveFailures":
			return "health." + f
		case "portIndex", "port":
			return "health.port"
		default:
			return "health"
		}
	case "upgradeStrategy":
		if f := at(1); f == "minimumHealthCapacity" || f == "maximumOverCapacity" {
			return "upgrade." + f
		}
		return "upgrade"
	case "constraints":
		if n, ok := idx(at(1)); ok && n < len(m.Constraints) {
			return "constraints[" + strconv.Itoa(n) + "]"
		}
		return "constraints"
	case "portDefinitions":
		switch at(2) {
		case "name":
			return port(1, "name")
		case "port":
			return port(1, "servicePort")
		case "protocol":
			return port(1, "protocol")
		}
		return port(1, "")
	case "container":
		if at(1) != "docker" {
			return "image"
		}
		switch at(2) {
		case "image":
			return "image"
		case "portMappings":
			switch at(4) {
			case "containerPort":
				return port(3, "containerPort")
			case "servicePort":
				return port(3, "servicePort")
			case "name":
				return port(3, "name")
			case "protocol":
				return port(3, "protocol")
			}
			return port(3, "")
		}
		return "image"
	}
	return ""
}

// normIndexes rewrites Marathon's "/constraints(0)" index style to
// "/constraints/0": Marathon versions (and the emulator) use both.
func normIndexes(p string) string {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c == '(' {
			if j := strings.IndexByte(p[i:], ')'); j > 1 {
				if _, err := strconv.Atoi(p[i+1 : i+j]); err == nil {
					b.WriteByte('/')
					b.WriteString(p[i+1 : i+j])
					i += j
					continue
				}
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}
