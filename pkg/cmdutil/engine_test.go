package cmdutil

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/deploy"
	"github.com/yodeldeploy/yodel/pkg/state"
)

type hinted struct{}

func (hinted) Error() string { return "forbidden" }
func (hinted) Hint() string  { return "grant the deployer write access" }
func (hinted) ExitCode() int { return ExitFailure }

// The domain's errors carry a kind and data; their exit codes and hints
// are the CLI's, here, and an outer error's code and hint come before its
// cause's, as when they were methods of the errors.
func TestDomainErrorsExitCodesAndHints(t *testing.T) {
	r := &canary.Rollout{Service: "web", Realm: "qa", Step: canary.StepRolledBack}
	tests := []struct {
		name string
		err  error
		code int
		hint string
	}{
		{"rollout rolled back", &canary.RolledBackError{Rollout: r}, ExitRolledBack, "see the checks: yodel canary status web --realm qa -o json"},
		{"rolled back by a refusal", fmt.Errorf("deploy: %w", &canary.RolledBackError{Rollout: r, Err: hinted{}}), ExitRolledBack, "see the checks: yodel canary status web --realm qa -o json"},
		{"rollout active", &canary.ActiveError{Service: "web", Rollout: r}, ExitLocked, "see it with `yodel canary status web --realm qa`, then `yodel canary resume web --realm qa`"},
		{"rollout left", &canary.LeftError{Rollout: r, Err: errors.New("lock lost")}, ExitFailure, "continue it:  yodel canary resume web --realm qa\n  undo it:      yodel canary abort web --realm qa\n  see it:       yodel canary status web --realm qa"},
		{"rollout left by a refusal", &canary.LeftError{Rollout: r, Err: hinted{}}, ExitFailure, "grant the deployer write access\n  then continue: yodel canary resume web --realm qa"},
		{"left interrupted", &canary.LeftError{Rollout: r, Err: ErrCancel}, ExitInterrupted, "yodel canary resume web"},
		{"no rollout", &canary.NoRolloutError{Service: "web"}, ExitFailure, "start one with `yodel deploy web --realm <realm>`"},
		{"past rollback", &canary.PastRollbackError{Service: "web", Step: "cleanup", OldApp: "/web-blue", Realm: "qa"}, ExitFailure, "finish it with `yodel canary resume web --realm qa`"},
		{"release nowhere", &deploy.NoVersionError{AppID: "/web", To: "v9", Service: "web", Realm: "qa"}, ExitInvalid, "see the releases deployed: yodel history web --realm qa"},
		{"recorded release lacks a secret", &deploy.RecordedSecretError{Service: "web", Realm: "qa", Release: "v1", AppID: "/web-green", Missing: []string{"TOKEN"}}, ExitInvalid,
			"deploy v1 from its manifest: yodel deploy web --realm qa --release v1 --strategy rolling"},
		{"deploy left running", &deploy.ChangeError{K: deploy.KindTimedOut, Service: "web", Realm: "qa", Left: deploy.LeftUndoable}, ExitTimeout,
			"follow it:  yodel status web --realm qa --watch\n  undo it:    yodel rollback web --realm qa"},
		{"surge removed", &deploy.ChangeError{K: deploy.KindInterrupted, Service: "web", Realm: "qa", Left: deploy.LeftNothing}, ExitInterrupted, ""},
		{"restart during a Marathon deployment", &deploy.BusyError{Service: "web", App: "/web-blue", Deployments: []string{"d1"}, Realm: "qa"}, ExitLocked,
			"follow it: yodel status web --realm qa --watch, then restart again"},
		{"agents lagging", &deploy.NotRoutedError{Service: "web", Release: "v2", Realm: "qa", Err: &state.NotAppliedError{Service: "web"}}, ExitTimeout,
			"see each agent's errors and refusals for web: yodel lb status web --realm qa"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ExitCode(tt.err); got != tt.code {
				t.Errorf("ExitCode = %d, want %d", got, tt.code)
			}
			got := Hint(tt.err)
			if (tt.hint == "") != (got == "") || !strings.Contains(got, tt.hint) {
				t.Errorf("Hint = %q, want it to hold %q", got, tt.hint)
			}
		})
	}
}

// A rollout's hint names the realm as the user did (a sandbox's file), not
// by the recorded name that resolves to another sandbox; code and cause
// are kept.
func TestRealmAsNamed(t *testing.T) {
	r := &canary.Rollout{Service: "web", Realm: "local"}
	err := RealmAsNamed(&canary.LeftError{Rollout: r, Err: errors.New("lock lost")}, "local", "/tmp/sb/realm.yaml")
	if want := "continue it:  yodel canary resume web --realm /tmp/sb/realm.yaml\n  undo it:      yodel canary abort web --realm /tmp/sb/realm.yaml\n  see it:       yodel canary status web --realm /tmp/sb/realm.yaml"; Hint(err) != want {
		t.Errorf("Hint = %q, want %q", Hint(err), want)
	}
	if ExitCode(err) != ExitFailure {
		t.Errorf("ExitCode = %d", ExitCode(err))
	}
	var left *canary.LeftError
	if !errors.As(err, &left) {
		t.Error("the LeftError is no longer in the chain")
	}
	same := error(&canary.LeftError{Rollout: r})
	if RealmAsNamed(same, "local", "local") != same {
		t.Error("an unchanged hint must leave the error as is")
	}
}
