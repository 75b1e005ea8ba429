package notify

import (
	"errors"
	"net/http"

	"github.com/yodeldeploy/yodel/pkg/realm"
)

// FromRealm builds the realm's receivers: its notifications (webhooks)
// and New Relic, with their secrets resolved on this machine. Errors name
// the realm file, the field and the variable or file, never a value; all
// of them are reported at once.
func FromRealm(r *realm.Realm, lookupEnv func(string) (string, bool), client *http.Client) ([]Receiver, error) {
	var out []Receiver
	var errs []error
	for i, n := range r.Notifications {
		secret, err := r.NotificationSecret(i, lookupEnv)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, &Webhook{ReceiverName: n.Name, URL: n.URL, Events: n.Events, Format: n.Format,
			Secret: []byte(secret), Timeout: n.Timeout.D(), Client: client})
	}
	if nr := r.NewRelic; nr != nil {
		key, err := r.NewRelicKey(lookupEnv)
		if err != nil {
			errs = append(errs, err)
		} else {
			guid := nr.EntityGUID
			if guid == "" {
				guid = AppEntityGUID(nr.AccountID, nr.AppID)
			}
			var rt http.RoundTripper
			if client != nil {
				rt = client.Transport
			}
			out = append(out, &NewRelic{APIKey: key, EntityGUID: guid, Region: nr.Region, Timeout: nr.Timeout.D(), Transport: rt})
		}
	}
	return out, errors.Join(errs...)
}
