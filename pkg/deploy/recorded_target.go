package deploy

import (
	"encoding/json"
	"fmt"
	"maps"
	"sort"
	"strings"

	"github.com/yodeldeploy/yodel/pkg/appdef"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// fromHistory finds the release to go back to in the service's history
// (recs, newest first) when Marathon no longer stores it: a canary's
// promote deletes the other colour's app, and Marathon its versions with
// it. The newest succeeded record of to (or, with to empty, of the newest
// release other than current) that kept its definition (state.Record.App)
// is returned; nil when there is none.
func fromHistory(recs []state.Record, current, to string) *state.Record {
	for i := range recs {
		r := &recs[i]
		if r.Outcome != state.OutcomeSucceeded || r.Release == "" || len(r.App) == 0 {
			continue
		}
		if (to == "" && r.Release != current) || (to != "" && r.Release == to) {
			return r
		}
	}
	return nil
}

// recordedTarget is the definition rec kept, made the live app's next
// version: the live app's id and instances (a rollback changes the
// release, not the scale), and the secrets the recorded definition masks
// taken from the live app, which was deployed with them resolved. A
// secret the live app does not carry cannot be put back from a record
// (it never holds values): a *RecordedSecretError. It returns the secrets
// it took from the live app.
func recordedTarget(rec *state.Record, live *marathon.App, svc, realmArg string) (*marathon.App, []string, error) {
	var a marathon.App
	if err := json.Unmarshal(rec.App, &a); err != nil {
		return nil, nil, fmt.Errorf("history record %s of %s: its app definition cannot be read: %w", rec.ID, svc, err)
	}
	a.ID, a.Version, a.VersionInfo = live.ID, "", nil
	n := live.WantedInstances()
	a.Instances = &n
	var labels map[string]string
	if a.Labels != nil {
		labels = *a.Labels
	}
	want, _ := appdef.SecretKeys(labels)
	if len(want) == 0 {
		return &a, nil, nil
	}
	var liveLabels, liveEnv map[string]string
	if live.Labels != nil {
		liveLabels = *live.Labels
	}
	if live.Env != nil {
		liveEnv = *live.Env
	}
	have, _ := appdef.SecretKeys(liveLabels)
	env := map[string]string{}
	if a.Env != nil {
		env = maps.Clone(*a.Env)
	}
	var missing, filled []string
	for k := range want {
		v, ok := liveEnv[k]
		if !have[k] || !ok {
			missing = append(missing, k)
			continue
		}
		env[k] = v
		filled = append(filled, k)
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return nil, nil, &RecordedSecretError{Service: svc, Realm: realmArg, Release: rec.Release, AppID: live.ID, Missing: missing}
	}
	sort.Strings(filled)
	a.Env = &env
	return &a, filled, nil
}

// RecordedSecretError: a release coming back from its history record
// needs secrets the live app does not carry, and records hold no secret
// values; the release's manifest must be deployed instead (KindInvalid).
type RecordedSecretError struct {
	Service, Realm, Release, AppID string
	Missing                        []string
}

func (e *RecordedSecretError) Error() string {
	return fmt.Sprintf("release %s needs the secret %s, which %s does not carry, and history keeps no secret values", e.Release, strings.Join(e.Missing, ", "), e.AppID)
}

// Kind implements the engine's error kinds.
func (e *RecordedSecretError) Kind() Kind { return KindInvalid }
