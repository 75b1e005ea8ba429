package realm

import (
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/yodeldeploy/yodel/pkg/manifest"
	"github.com/yodeldeploy/yodel/pkg/strictyaml"
)

// Server is the realm's `yodel server` (docs/server.md): where the CLI,
// the dashboard and scripts find it, where it listens, how long it leaves
// an orphaned rollout to a person before adopting it, and who may use its
// API.
type Server struct {
	// URL is where the server's API is reached; empty: the realm has no
	// server (then `deploy --detach` is refused).
	URL string `yaml:"url" json:"url,omitempty"`
	// Listen is the server's listen address (default DefaultServerListen).
	Listen string `yaml:"listen" json:"listen,omitempty"`
	// AdoptAfter is how long a rollout whose driver died waits before the
	// server drives it on (default DefaultAdoptAfter). A detached rollout
	// never had a driver and is adopted at once.
	AdoptAfter strictyaml.Duration `yaml:"adoptAfter" json:"adoptAfter,omitempty"`
	// Users may call the API, each with a role.
	Users []ServerUser `yaml:"users" json:"users,omitempty"`
}

// ServerUser is one user of the server's API: a token (sent as a Bearer
// token) or a bcrypt password hash (HTTP basic auth), each read from an
// environment variable or a file, never written in the realm file.
type ServerUser struct {
	Name string `yaml:"name" json:"name"`
	Role string `yaml:"role" json:"role"`
	// Token: where the user's API token is.
	Token *TokenAuth `yaml:"token" json:"token,omitempty"`
	// PasswordHash: where the bcrypt hash of the user's password is.
	PasswordHash *TokenAuth `yaml:"passwordHash" json:"passwordHash,omitempty"`
}

// Roles of the server's API users, each allowing what the one before does.
const (
	RoleViewer   = "viewer"   // reads
	RoleDeployer = "deployer" // and rollout actions, scale, rollback
	RoleAdmin    = "admin"    // everything
)

// Server defaults.
const (
	DefaultAdoptAfter   = 30 * time.Second
	DefaultServerListen = "127.0.0.1:9180"
)

// Bounds of server.adoptAfter: at least a second (a driver's store writes
// are not that far apart), at most a day.
const (
	MinAdoptAfter = time.Second
	MaxAdoptAfter = 24 * time.Hour
)

func (r *Realm) serverDefaults() {
	if r.Server.AdoptAfter == 0 {
		r.Server.AdoptAfter = strictyaml.Duration(DefaultAdoptAfter)
	}
	setDefault(&r.Server.Listen, DefaultServerListen)
}

func (r *Realm) validateServer(doc *strictyaml.Doc) {
	s := r.Server
	if s.URL != "" {
		pu, err := url.Parse(s.URL)
		switch {
		case err != nil || (pu.Scheme != "http" && pu.Scheme != "https") || pu.Host == "":
			doc.Errorf("server.url", "%q is not an http:// or https:// URL, such as http://yodel-server.prod.example:9180", RedactURL(s.URL))
		case pu.User != nil:
			doc.Errorf("server.url", "%q has credentials in the URL: give API users a token in server.users", RedactURL(s.URL))
		}
	}
	if _, _, err := net.SplitHostPort(s.Listen); err != nil {
		doc.Errorf("server.listen", "%q is not host:port (such as :9180 or 127.0.0.1:9180)", s.Listen)
	}
	if d := s.AdoptAfter.D(); d < MinAdoptAfter || d > MaxAdoptAfter {
		doc.Errorf("server.adoptAfter", "must be from %s to %s (got %s): how long a rollout whose driver died waits for a person before the server drives it on", MinAdoptAfter, MaxAdoptAfter, d)
	}
	seen := map[string]bool{}
	for i, u := range s.Users {
		p := fmt.Sprintf("server.users[%d]", i)
		switch why := manifest.CheckName(u.Name, 63); {
		case u.Name == "":
			doc.Errorf(p+".name", "required: the user's name (it is written in history with every action)")
		case why != "":
			doc.Errorf(p+".name", "user name %s", why)
		case seen[u.Name]:
			doc.Errorf(p+".name", "user %s is listed twice", u.Name)
		}
		seen[u.Name] = true
		switch u.Role {
		case RoleViewer, RoleDeployer, RoleAdmin:
		default:
			doc.Errorf(p+".role", "%q is not a role: use viewer (reads), deployer (rollout actions, scale, rollback) or admin", u.Role)
		}
		if (u.Token == nil) == (u.PasswordHash == nil) {
			doc.Errorf(p, "set exactly one of token: {env | file} or passwordHash: {env | file} (a bcrypt hash)")
		}
		for field, t := range map[string]*TokenAuth{"token": u.Token, "passwordHash": u.PasswordHash} {
			switch {
			case t == nil:
			case t.inline:
				doc.Errorf(p+"."+field, inlineSecret+"write %s: {env: VAR} or %s: {file: PATH}", field, field)
			case (t.Env == "") == (t.File == ""):
				doc.Errorf(p+"."+field, "set exactly one of env (an environment variable) or file (a file holding it)")
			}
		}
	}
}

// ServerCredential is a resolved API user: its token or bcrypt hash.
// Never print it.
type ServerCredential struct {
	Name, Role   string
	Token        string
	PasswordHash string
}

// ServerCredentials resolves the API users' tokens and password hashes on
// this machine. Errors name the user, variable or file, never a value.
func (r *Realm) ServerCredentials(lookupEnv func(string) (string, bool)) ([]ServerCredential, error) {
	var out []ServerCredential
	for i, u := range r.Server.Users {
		c := ServerCredential{Name: u.Name, Role: u.Role}
		field := fmt.Sprintf("server.users[%d]", i)
		var err error
		switch {
		case u.Token != nil:
			c.Token, err = r.secret(lookupEnv, "API token of "+u.Name, field+".token", u.Token.Env, u.Token.File)
		case u.PasswordHash != nil:
			c.PasswordHash, err = r.secret(lookupEnv, "password hash of "+u.Name, field+".passwordHash", u.PasswordHash.Env, u.PasswordHash.File)
		}
		if err != nil {
			return nil, err
		}
		c.Token, c.PasswordHash = strings.TrimSpace(c.Token), strings.TrimSpace(c.PasswordHash)
		out = append(out, c)
	}
	return out, nil
}

// serverSecrets calls fn with each API user's token or hash reference and
// its field: no manifest secret may resolve from them.
func (r *Realm) serverSecrets(fn func(field string, t *TokenAuth)) {
	for i, u := range r.Server.Users {
		if u.Token != nil {
			fn(fmt.Sprintf("server.users[%d].token", i), u.Token)
		}
		if u.PasswordHash != nil {
			fn(fmt.Sprintf("server.users[%d].passwordHash", i), u.PasswordHash)
		}
	}
}
