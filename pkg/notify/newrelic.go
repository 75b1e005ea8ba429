package notify

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"time"

	"github.com/newrelic/newrelic-client-go/v2/pkg/changetracking"
	"github.com/newrelic/newrelic-client-go/v2/pkg/common"
	"github.com/newrelic/newrelic-client-go/v2/pkg/nrtime"

	"github.com/yodeldeploy/yodel/pkg/nrconfig"
	"github.com/yodeldeploy/yodel/pkg/realm"
)

// NewRelic records a change-tracking deployment marker (NerdGraph's
// changeTrackingCreateDeployment) when a rollout starts and when it
// finishes, with the release, the commit and who deployed.
type NewRelic struct {
	APIKey     string
	EntityGUID string
	// Region is us (default) or eu.
	Region string
	// NerdGraphURL overrides the region's NerdGraph endpoint (tests point
	// it at a local fake).
	NerdGraphURL string
	Timeout      time.Duration
	Transport    http.RoundTripper

	ct *changetracking.Changetracking
}

// AppEntityGUID is the entity GUID of an APM application: the base64 of
// "<account>|APM|APPLICATION|<app id>", as New Relic forms them.
func AppEntityGUID(accountID, appID int64) string {
	return base64.RawStdEncoding.EncodeToString(fmt.Appendf(nil, "%d|APM|APPLICATION|%d", accountID, appID))
}

func (n *NewRelic) Name() string { return realm.NewRelicReceiver }

func (n *NewRelic) Wants(kind string) bool { return kind == KindStarted || kind == KindFinished }

func (n *NewRelic) client() (*changetracking.Changetracking, error) {
	if n.ct != nil {
		return n.ct, nil
	}
	timeout := n.Timeout
	if timeout <= 0 {
		timeout = realm.DefaultNotificationTimeout
	}
	cfg, err := nrconfig.New(n.Region, n.NerdGraphURL, n.APIKey, "yodel-notify/1", timeout, n.Transport)
	if err != nil {
		return nil, err
	}
	ct := changetracking.New(cfg)
	n.ct = &ct
	return n.ct, nil
}

// Marker is the deployment marker recorded for e.
func (n *NewRelic) Marker(e Event) changetracking.ChangeTrackingDeploymentInput {
	typ := changetracking.ChangeTrackingDeploymentTypeTypes.BASIC
	switch e.Strategy {
	case "canary":
		typ = changetracking.ChangeTrackingDeploymentTypeTypes.CANARY
	case "rolling":
		typ = changetracking.ChangeTrackingDeploymentTypeTypes.ROLLING
	}
	desc := e.Text
	user := e.User
	if e.Host != "" && user != "" {
		user += "@" + e.Host
	}
	// The client writes a time with a zero millisecond part as seconds,
	// and one with only nanoseconds as nanoseconds: send whole, non-zero
	// milliseconds.
	at := e.Time.Truncate(time.Millisecond)
	if at.Nanosecond() == 0 {
		at = at.Add(time.Millisecond)
	}
	return changetracking.ChangeTrackingDeploymentInput{
		EntityGUID: common.EntityGUID(n.EntityGUID), Version: orDash(e.Release), Commit: e.Commit, User: user,
		Description: desc, DeploymentType: typ, GroupId: e.Service + "." + e.Rollout, Timestamp: nrtime.EpochMilliseconds(at),
	}
}

func (n *NewRelic) Send(ctx context.Context, e Event) error {
	ct, err := n.client()
	if err != nil {
		return err
	}
	_, err = ct.ChangeTrackingCreateDeploymentWithContext(ctx, changetracking.ChangeTrackingDataHandlingRules{}, n.Marker(e))
	return err
}
