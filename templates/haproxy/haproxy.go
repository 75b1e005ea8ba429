// Package haproxytmpl holds yodel's HAProxy base configuration template
// (haproxy.cfg.tmpl), compiled into the binary so a fresh machine needs no
// files besides yodel itself. The sandbox renders it for its HAProxy; the lb
// agent renders it when a realm names no base config of its own.
package haproxytmpl

import (
	_ "embed"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"text/template"
)

// Text is the raw template.
//
//go:embed haproxy.cfg.tmpl
var Text string

var tmpl = template.Must(template.New("haproxy.cfg").Option("missingkey=error").Parse(Text))

// Base is what the template needs.
type Base struct {
	Purpose         string // a word in the header comment, e.g. "sandbox"
	AdminSocket     string // stats socket path, level admin
	ServerStateFile string // server-state-file path
	StatsBind       string // host:port of the stats/health frontend
	MaxConn         int    // global maxconn; 0 means 4096
	// AccessLogSocket, when set, is the unix datagram socket the lb agent
	// reads per-request logs from (AccessLogPath of the config's path).
	AccessLogSocket string
}

// AccessLogPath is where the lb agent listens for HAProxy's per-request
// logs: beside the configuration file, so the base rendered for a config
// and the agent running it agree without being told. "" when that path is
// too long for a unix socket (108 bytes with the terminator): no access
// log, and no latency figures, rather than a config HAProxy refuses.
func AccessLogPath(configPath string) string {
	p := filepath.Join(filepath.Dir(configPath), "yodel-access.sock")
	if len(p) >= 104 {
		return ""
	}
	return p
}

// Render writes the configuration for b. Values are checked first: a path
// or address with whitespace, quotes or a newline would change the meaning of
// the config (HAProxy splits on blanks), so it is refused rather than quoted.
func Render(w io.Writer, b Base) error {
	if b.MaxConn == 0 {
		b.MaxConn = 4096
	}
	if b.Purpose == "" {
		b.Purpose = "base"
	}
	for _, f := range []struct{ name, v string }{
		{"AdminSocket", b.AdminSocket}, {"ServerStateFile", b.ServerStateFile}, {"StatsBind", b.StatsBind},
		{"AccessLogSocket", b.AccessLogSocket},
	} {
		if f.v == "" && f.name != "AccessLogSocket" {
			return fmt.Errorf("haproxy base config: %s is empty", f.name)
		}
		if strings.ContainsAny(f.v, " \t\r\n\"'#\\") {
			return fmt.Errorf("haproxy base config: %s %q contains a blank, quote, # or backslash: HAProxy would misread it; use a path without them", f.name, f.v)
		}
	}
	if strings.ContainsAny(b.Purpose, "\r\n") {
		return fmt.Errorf("haproxy base config: Purpose %q contains a newline", b.Purpose)
	}
	return tmpl.Execute(w, b)
}
