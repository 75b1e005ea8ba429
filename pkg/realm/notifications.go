package realm

import (
	"fmt"
	"net/url"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/yodeldeploy/yodel/pkg/state"
	"github.com/yodeldeploy/yodel/pkg/strictyaml"
)

// Notification is a webhook the realm's `yodel server` notifies of
// rollout events (pkg/notify, docs/notifications.md). Its secret, which
// signs every body, comes from the environment or a file, never the realm
// file.
type Notification struct {
	Name string `yaml:"name" json:"name"`
	URL  string `yaml:"url" json:"url"`
	// Events are the kinds sent (NotificationEvents); empty: all.
	Events []string `yaml:"events" json:"events,omitempty"`
	// Format is json (yodel's event, the default) or slack (text + blocks,
	// for a Slack incoming webhook).
	Format     string `yaml:"format" json:"format,omitempty"`
	SecretEnv  string `yaml:"secretEnv" json:"secretEnv,omitempty"`
	SecretFile string `yaml:"secretFile" json:"secretFile,omitempty"`
	// Secret is accepted by the decoder only to be refused by name.
	Secret  string              `yaml:"secret" json:"-"`
	Timeout strictyaml.Duration `yaml:"timeout" json:"timeout,omitempty"`
}

// NewRelic says where rollouts' start and finish are recorded as New
// Relic change-tracking deployment markers.
type NewRelic struct {
	// APIKeyEnv or APIKeyFile hold a New Relic user (personal) API key.
	APIKeyEnv  string `yaml:"apiKeyEnv" json:"apiKeyEnv,omitempty"`
	APIKeyFile string `yaml:"apiKeyFile" json:"apiKeyFile,omitempty"`
	// APIKey is accepted by the decoder only to be refused by name.
	APIKey    string `yaml:"apiKey" json:"-"`
	AccountID int64  `yaml:"accountID" json:"accountID,omitempty"`
	// EntityGUID is the entity the markers go on; AppID an APM
	// application id instead (its GUID is derived with AccountID).
	EntityGUID string `yaml:"entityGUID" json:"entityGUID,omitempty"`
	AppID      int64  `yaml:"appID" json:"appID,omitempty"`
	// Region is us (default) or eu.
	Region  string              `yaml:"region" json:"region,omitempty"`
	Timeout strictyaml.Duration `yaml:"timeout" json:"timeout,omitempty"`
}

// NotificationEvents are the event kinds pkg/notify derives from the
// store, in the order a rollout reaches them.
var NotificationEvents = []string{"started", "step-reached", "waiting-for-gate", "promoted", "judgement-failed", "rolled-back", "finished"}

// Notification formats.
const (
	FormatJSON  = "json"
	FormatSlack = "slack"
)

// DefaultNotificationTimeout bounds one webhook request: a slow receiver
// times out and is retried later, it never holds up the others.
const DefaultNotificationTimeout = 5 * time.Second

// MaxNotificationTimeout keeps a hanging receiver from pinning a delivery.
const MaxNotificationTimeout = 2 * time.Minute

// NewRelicReceiver is the outbox name of the New Relic markers; no
// webhook may take it.
const NewRelicReceiver = "newrelic"

func (r *Realm) validateNotifications(doc *strictyaml.Doc) {
	seen := map[string]bool{}
	for i := range r.Notifications {
		n := &r.Notifications[i]
		p := fmt.Sprintf("notifications[%d]", i)
		switch {
		case n.Name == "" && !doc.Failed(p+".name"):
			doc.Errorf(p+".name", "required: a name for the receiver, such as team-chat (lowercase letters, digits and '-')")
		case state.CheckReceiver(n.Name) != nil:
			doc.Errorf(p+".name", "%q: use 1-63 lowercase letters, digits and '-', starting and ending with a letter or digit", n.Name)
		case n.Name == NewRelicReceiver:
			doc.Errorf(p+".name", "%q is the name of the New Relic markers' delivery log; choose another", n.Name)
		case seen[n.Name]:
			doc.Errorf(p+".name", "%q is used twice; each receiver needs its own name (it keys the delivery log)", n.Name)
		}
		seen[n.Name] = true
		if n.URL == "" && !doc.Failed(p+".url") {
			doc.Errorf(p+".url", "required: the webhook's http:// or https:// URL")
		} else if n.URL != "" {
			u, err := url.Parse(n.URL)
			switch {
			case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
				doc.Errorf(p+".url", "%q is not an http:// or https:// URL", RedactURL(n.URL))
			case u.User != nil:
				doc.Errorf(p+".url", "%q has credentials in the URL: sign requests with secretEnv instead", RedactURL(n.URL))
			}
		}
		for j, e := range n.Events {
			if !slices.Contains(NotificationEvents, e) {
				hint := ""
				if m := strictyaml.DidYouMean(e, NotificationEvents); m != "" {
					hint = " (did you mean " + m + "?)"
				}
				doc.Errorf(fmt.Sprintf("%s.events[%d]", p, j), "unknown event %q%s; the events are %s", e, hint, strings.Join(NotificationEvents, ", "))
			}
		}
		switch n.Format {
		case "", FormatJSON, FormatSlack:
		default:
			doc.Errorf(p+".format", "unknown format %q: use json (yodel's event) or slack (a Slack incoming webhook)", n.Format)
		}
		if n.Secret != "" {
			doc.Errorf(p+".secret", inlineSecret+"use secretEnv: VAR (an environment variable) or secretFile: PATH")
		}
		if n.SecretEnv != "" && n.SecretFile != "" {
			doc.Errorf(p, "set one of secretEnv or secretFile, not both")
		}
		if n.SecretEnv != "" && !envName.MatchString(n.SecretEnv) {
			doc.Errorf(p+".secretEnv", "%q is not an environment variable name", n.SecretEnv)
		}
		if t := n.Timeout.D(); t < 0 || t > MaxNotificationTimeout {
			doc.Errorf(p+".timeout", "must be from 1ms to %s (leave it out for %s)", MaxNotificationTimeout, DefaultNotificationTimeout)
		}
	}
	if nr := r.NewRelic; nr != nil {
		if nr.APIKey != "" {
			doc.Errorf("newRelic.apiKey", inlineSecret+"use apiKeyEnv: VAR (an environment variable) or apiKeyFile: PATH")
		}
		if (nr.APIKeyEnv == "") == (nr.APIKeyFile == "") && nr.APIKey == "" {
			doc.Errorf("newRelic", "set exactly one of apiKeyEnv (an environment variable) or apiKeyFile (a file holding a New Relic user API key)")
		}
		if nr.APIKeyEnv != "" && !envName.MatchString(nr.APIKeyEnv) {
			doc.Errorf("newRelic.apiKeyEnv", "%q is not an environment variable name", nr.APIKeyEnv)
		}
		switch {
		case nr.EntityGUID != "" && nr.AppID != 0:
			doc.Errorf("newRelic", "set entityGUID or appID, not both")
		case nr.EntityGUID == "" && nr.AppID == 0:
			doc.Errorf("newRelic", "set entityGUID (the entity the markers go on) or appID with accountID (an APM application)")
		case nr.AppID < 0:
			doc.Errorf("newRelic.appID", "must be a positive APM application id")
		case nr.AppID > 0 && nr.AccountID <= 0:
			doc.Errorf("newRelic.accountID", "required with appID: the New Relic account id the application belongs to")
		}
		switch nr.Region {
		case "", "us", "eu":
		default:
			doc.Errorf("newRelic.region", "unknown region %q: use us or eu", nr.Region)
		}
		if t := nr.Timeout.D(); t < 0 || t > MaxNotificationTimeout {
			doc.Errorf("newRelic.timeout", "must be from 1ms to %s (leave it out for %s)", MaxNotificationTimeout, DefaultNotificationTimeout)
		}
	}
}

// NotificationSecret resolves the secret that signs n's bodies on this
// machine ("" when n names none). Errors name the field and source,
// never a value.
func (r *Realm) NotificationSecret(i int, lookupEnv func(string) (string, bool)) (string, error) {
	n := r.Notifications[i]
	if n.SecretEnv == "" && n.SecretFile == "" {
		return "", nil
	}
	if lookupEnv == nil {
		lookupEnv = os.LookupEnv
	}
	s, err := r.secret(lookupEnv, "webhook secret of "+n.Name, fmt.Sprintf("notifications[%d]", i), n.SecretEnv, n.SecretFile)
	return strings.TrimSpace(s), err
}

// NewRelicKey resolves the New Relic API key on this machine.
func (r *Realm) NewRelicKey(lookupEnv func(string) (string, bool)) (string, error) {
	if lookupEnv == nil {
		lookupEnv = os.LookupEnv
	}
	nr := r.NewRelic
	k, err := r.secret(lookupEnv, "New Relic API key", "newRelic", nr.APIKeyEnv, nr.APIKeyFile)
	return strings.TrimSpace(k), err
}

// notificationCredentials adds the notification secrets' sources to the
// realm's credentials, which no manifest may read.
func (r *Realm) notificationCredentials(env, files func(v, field string)) {
	for i, n := range r.Notifications {
		p := fmt.Sprintf("notifications[%d]", i)
		env(n.SecretEnv, p+".secretEnv")
		files(n.SecretFile, p+".secretFile")
	}
	if nr := r.Metrics.NewRelic; nr != nil {
		env(nr.keyEnv(), "metrics.newRelic.apiKeyEnv")
		files(nr.APIKeyFile, "metrics.newRelic.apiKeyFile")
	}
	if nr := r.NewRelic; nr != nil {
		env(nr.APIKeyEnv, "newRelic.apiKeyEnv")
		files(nr.APIKeyFile, "newRelic.apiKeyFile")
	}
}
