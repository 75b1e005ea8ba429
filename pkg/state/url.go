package state

import (
	"net"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// storeURL is a parsed store URL.
type storeURL struct {
	raw     string
	scheme  string   // "zk" or "file"
	servers []string // zk: host:port
	root    string   // zk: node path; file: directory
}

var zkSegment = regexp.MustCompile(`^[A-Za-z0-9_.-]+$`)

func parseURL(raw string) (storeURL, error) {
	bad := func(reason string) (storeURL, error) {
		return storeURL{}, &URLError{URL: raw, Reason: reason}
	}
	scheme, rest, ok := strings.Cut(raw, "://")
	if !ok {
		return bad("missing scheme")
	}
	if strings.ContainsAny(rest, "?#") {
		return bad("query strings and fragments are not supported")
	}
	switch scheme {
	case "zk":
		hosts, path, _ := strings.Cut(rest, "/")
		if at := strings.LastIndex(hosts, "@"); at >= 0 {
			// Never echo a password back into logs or terminals.
			raw = scheme + "://***@" + rest[at+1:]
			return bad("credentials do not belong in the URL; pass the digest user and password through the environment or a file")
		}
		if hosts == "" {
			return bad("no ZooKeeper servers")
		}
		var servers []string
		for _, h := range strings.Split(hosts, ",") {
			host, port, err := net.SplitHostPort(h)
			if err != nil {
				if !strings.Contains(h, ":") {
					host, port = h, "2181"
				} else {
					return bad("server " + strconv.Quote(h) + " is not host:port")
				}
			}
			n, err := strconv.Atoi(port)
			if host == "" || err != nil || n < 1 || n > 65535 {
				return bad("server " + strconv.Quote(h) + " is not host:port with a port from 1 to 65535")
			}
			servers = append(servers, net.JoinHostPort(host, port))
		}
		path = strings.TrimSuffix(path, "/")
		if path == "" {
			return bad("no root path: give the realm its own node, e.g. zk://host:2181/yodel/prod")
		}
		for _, seg := range strings.Split(path, "/") {
			if !zkSegment.MatchString(seg) || seg == "." || seg == ".." || seg == "zookeeper" {
				return bad("path segment " + strconv.Quote(seg) + " is not a valid node name (letters, digits, '.', '_', '-')")
			}
		}
		return storeURL{raw: raw, scheme: scheme, servers: servers, root: "/" + path}, nil
	case "file":
		host, path, _ := strings.Cut(rest, "/")
		if host != "" && host != "localhost" {
			return bad("a file URL needs an absolute path: file:///abs/path (three slashes)")
		}
		path = "/" + path
		if path == "/" {
			return bad("no directory")
		}
		return storeURL{raw: raw, scheme: scheme, root: filepath.Clean(path)}, nil
	case "":
		return bad("missing scheme")
	default:
		return bad("unknown scheme " + strconv.Quote(scheme))
	}
}

var serviceName = boundedName{regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?$`), 63}

// checkService keeps service names safe as node and file names.
func checkService(svc string) error {
	if !serviceName.MatchString(svc) {
		return &InvalidError{Field: "service name", Value: svc, Reason: "use 1-63 lowercase letters, digits and '-', starting and ending with a letter or digit"}
	}
	return nil
}

var agentID = boundedName{regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?$`), 128}

// boundedName is a pattern with a length bound checked apart: a counted
// repetition such as {0,126} compiles into a program of that many copies
// (pkg/state's initialisation allocated 336 KB for four of them, held for
// the life of every process that links it, the lb agent included).
type boundedName struct {
	re  *regexp.Regexp
	max int
}

func (b boundedName) MatchString(s string) bool { return len(s) <= b.max && b.re.MatchString(s) }

// CheckAgentID checks an lb agent id (`yodel lb run --id`): it names the
// agent's node or file in the store.
func CheckAgentID(id string) error {
	if !agentID.MatchString(id) {
		return &InvalidError{Field: "agent id", Value: id, Reason: "use 1-128 letters, digits, '_', '.' and '-', starting and ending with a letter or digit"}
	}
	return nil
}

var recordID = regexp.MustCompile(`^[0-9]{8}T[0-9]{6}\.[0-9]{9}Z-[0-9a-f]{8}$`)

func checkRecordID(id string) error {
	if !recordID.MatchString(id) {
		return &InvalidError{Field: "history record id", Value: id, Reason: "not an id returned by AppendHistory"}
	}
	return nil
}

func checkRouting(r Routing) error {
	if err := checkService(r.Service); err != nil {
		return err
	}
	if !(r.CanaryWeight >= 0 && r.CanaryWeight <= 100) { // also rejects NaN
		return &InvalidError{Field: "canary weight", Value: strconv.FormatFloat(r.CanaryWeight, 'g', -1, 64), Reason: "must be between 0 and 100"}
	}
	for _, p := range r.Ports {
		if p.Protocol != "http" && p.Protocol != "tcp" {
			return &InvalidError{Field: "port protocol", Value: p.Protocol, Reason: "must be http or tcp"}
		}
		if p.ServicePort < 1 || p.ServicePort > 65535 || p.IsolatedPort < 0 || p.IsolatedPort > 65535 {
			return &InvalidError{Field: "service port", Value: strconv.Itoa(p.ServicePort), Reason: "ports must be from 1 to 65535"}
		}
	}
	if len(r.Rollout) > 0 && !jsonValid(r.Rollout) {
		return &InvalidError{Field: "rollout record", Value: "(json)", Reason: "is not valid JSON"}
	}
	return nil
}
