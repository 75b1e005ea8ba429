package enginehint

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/deploy"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/realm"
	"github.com/yodeldeploy/yodel/pkg/state"
)

type hinted struct{}

func (hinted) Error() string { return "forbidden" }
func (hinted) Hint() string  { return "grant the deployer write access" }
func (hinted) ExitCode() int { return cmdutil.ExitFailure }

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
		{"rollout rolled back", &canary.RolledBackError{Rollout: r}, cmdutil.ExitRolledBack, "see the checks: yodel canary status web --realm qa -o json"},
		{"rolled back by a refusal", fmt.Errorf("deploy: %w", &canary.RolledBackError{Rollout: r, Err: hinted{}}), cmdutil.ExitRolledBack, "see the checks: yodel canary status web --realm qa -o json"},
		{"canary killed for failing its health check", &canary.RolledBackError{Rollout: &canary.Rollout{Service: "web", Realm: "qa",
			FailedTask: &marathon.TaskRef{ID: "web-green.t1", HealthCheck: "HTTP /healthz: 404 Not Found"}, Source: &canary.Source{Manifest: "/elsewhere/services/web.yaml"}}},
			cmdutil.ExitRolledBack, "Marathon killed the tasks for failing their health check (HTTP /healthz: 404 Not Found): check the path, port and gracePeriodSeconds of health: in /elsewhere/services/web.yaml, or what the service answers there\n  see the checks: yodel canary status web --realm qa -o json"},
		{"first deploy removed, health kill", &deploy.ChangeError{K: deploy.KindRolledBack, Service: "web", Realm: "qa", NoApp: true,
			FailedTask: &marathon.TaskRef{ID: "web-blue.t1", HealthCheck: "COMMAND exit 1"}, HealthAt: "services/web.yaml:9"}, cmdutil.ExitRolledBack,
			"(COMMAND exit 1): check the path, port and gracePeriodSeconds of health: in services/web.yaml:9, or what the service answers there\n  see the attempt: yodel history web --realm qa"},
		{"deploy rolled back, no task known", &deploy.ChangeError{K: deploy.KindRolledBack, Service: "web", Realm: "qa"}, cmdutil.ExitRolledBack,
			"see what happened: yodel status web --realm qa (task logs are in Marathon/Mesos)"},
		{"rollout active", &canary.ActiveError{Service: "web", Rollout: r}, cmdutil.ExitLocked, "see it with `yodel canary status web --realm qa`, then `yodel canary resume web --realm qa`"},
		{"rollout left", &canary.LeftError{Rollout: r, Err: errors.New("lock lost")}, cmdutil.ExitFailure, "continue it:  yodel canary resume web --realm qa\n  undo it:      yodel canary abort web --realm qa\n  see it:       yodel canary status web --realm qa"},
		{"rollout left by a refusal", &canary.LeftError{Rollout: r, Err: hinted{}}, cmdutil.ExitFailure, "grant the deployer write access\n  then continue: yodel canary resume web --realm qa"},
		{"left interrupted", &canary.LeftError{Rollout: r, Err: cmdutil.ErrCancel}, cmdutil.ExitInterrupted, "yodel canary resume web"},
		{"refused during a rollout", &deploy.RolloutActiveError{Op: deploy.OpDeploy, Rollout: &canary.Rollout{Service: "web", Realm: "qa", Step: canary.StepPartial}}, cmdutil.ExitLocked,
			"end the rollout first:\n  finish it:   yodel canary promote web --realm qa"},
		{"refused during a cleanup that did not end", &deploy.RolloutActiveError{Op: deploy.OpDeploy, Rollout: &canary.Rollout{Service: "web", Realm: "qa", Step: canary.StepCleanup}}, cmdutil.ExitLocked,
			"its driver no longer holds the lock, or took too long: finish it with: yodel canary resume web --realm qa"},
		{"no rollout", &canary.NoRolloutError{Service: "web"}, cmdutil.ExitFailure, "start one by deploying a new release: yodel deploy web --realm <realm>, run from the directory that holds services/web.yaml (or yodel deploy -f <manifest> --realm <realm>)"},
		{"past rollback", &canary.PastRollbackError{Service: "web", Step: "cleanup", OldApp: "/web-blue", Realm: "qa"}, cmdutil.ExitFailure, "finish it with `yodel canary resume web --realm qa`"},
		{"release nowhere", &deploy.NoVersionError{AppID: "/web", To: "v9", Service: "web", Realm: "qa"}, cmdutil.ExitInvalid, "see the releases deployed: yodel history web --realm qa"},
		{"recorded release lacks a secret", &deploy.RecordedSecretError{Service: "web", Realm: "qa", Release: "v1", AppID: "/web-green", Missing: []string{"TOKEN"}}, cmdutil.ExitInvalid,
			"deploy v1 from its manifest: yodel deploy web --realm qa --release v1 --strategy rolling"},
		{"deploy left running", &deploy.ChangeError{K: deploy.KindTimedOut, Service: "web", Realm: "qa", Left: deploy.LeftUndoable}, cmdutil.ExitTimeout,
			"follow it:  yodel status web --realm qa --watch\n  undo it:    yodel rollback web --realm qa"},
		{"surge removed", &deploy.ChangeError{K: deploy.KindInterrupted, Service: "web", Realm: "qa", Left: deploy.LeftNothing}, cmdutil.ExitInterrupted, ""},
		{"restart during a Marathon deployment", &deploy.BusyError{Service: "web", App: "/web-blue", Deployments: []string{"d1"}, Realm: "qa"}, cmdutil.ExitLocked,
			"follow it: yodel status web --realm qa --watch, then restart again"},
		{"deploy during a Marathon deployment nothing drives", &deploy.BusyError{Op: deploy.OpDeploy, Canary: true, Service: "web", App: "/web-blue", Deployments: []string{"d1"}, Realm: "qa"}, cmdutil.ExitLocked,
			"undo it:      yodel rollback web --realm qa (cancels it and puts the previous release back)\n  or follow it: yodel status web --realm qa --watch, then deploy again once it ended"},
		{"canary of the release a Marathon deployment nothing drives deploys", &deploy.BusyError{Op: deploy.OpDeploy, Canary: true, SameRelease: true, Service: "web", App: "/web-blue", Release: "v2", Deployments: []string{"d1"}, Realm: "qa"}, cmdutil.ExitLocked,
			"or follow it: yodel status web --realm qa --watch, then deploy again once it ended\n  or wait for it: deploy it again with --strategy rolling (a rolling deploy of release v2 goes on with that deployment and waits for it)"},
		{"destroy during a Marathon deployment nothing drives", &deploy.BusyError{Op: deploy.OpDestroy, Service: "web", App: "/web-blue", Deployments: []string{"d1"}, Realm: "qa"}, cmdutil.ExitLocked,
			"destroy it anyway: yodel destroy web --realm qa --force (the delete cancels the deployment)\n  or follow it:     yodel status web --realm qa --watch, then destroy again once it ended"},
		{"agents lagging", &deploy.NotRoutedError{Service: "web", Release: "v2", Realm: "qa", Err: &state.NotAppliedError{Service: "web"}}, cmdutil.ExitTimeout,
			"see each agent's errors and refusals for web: yodel lb status web --realm qa"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cmdutil.ExitCode(tt.err); got != tt.code {
				t.Errorf("cmdutil.ExitCode = %d, want %d", got, tt.code)
			}
			got := cmdutil.Hint(tt.err)
			if (tt.hint == "") != (got == "") || !strings.Contains(got, tt.hint) {
				t.Errorf("cmdutil.Hint = %q, want it to hold %q", got, tt.hint)
			}
		})
	}
}

// A rollout's hint names the realm as the user did (a sandbox's file), not
// by the recorded name that resolves to another sandbox; code and cause
// are kept.
func TestRealmAsNamed(t *testing.T) {
	r := &canary.Rollout{Service: "web", Realm: "local"}
	err := cmdutil.RealmAsNamed(&canary.LeftError{Rollout: r, Err: errors.New("lock lost")}, "local", "/tmp/sb/realm.yaml")
	if want := "continue it:  yodel canary resume web --realm /tmp/sb/realm.yaml\n  undo it:      yodel canary abort web --realm /tmp/sb/realm.yaml\n  see it:       yodel canary status web --realm /tmp/sb/realm.yaml"; cmdutil.Hint(err) != want {
		t.Errorf("cmdutil.Hint = %q, want %q", cmdutil.Hint(err), want)
	}
	if cmdutil.ExitCode(err) != cmdutil.ExitFailure {
		t.Errorf("cmdutil.ExitCode = %d", cmdutil.ExitCode(err))
	}
	var left *canary.LeftError
	if !errors.As(err, &left) {
		t.Error("the LeftError is no longer in the chain")
	}
	same := error(&canary.LeftError{Rollout: r})
	if cmdutil.RealmAsNamed(same, "local", "local") != same {
		t.Error("an unchanged hint must leave the error as is")
	}
}

// A hint names the realm as the user addressed it: a sandbox's realm file
// (its realm is named local, the default sandbox's), a realm found through
// --realms by its file (it needs no --realms then); a realm found by name
// in the usual places stays named, and another realm whose name starts the
// same is left alone.
func TestRealmsNamedFixesHints(t *testing.T) {
	dir := t.TempDir()
	var n cmdutil.RealmsNamed
	n.Note(&realm.Realm{Realm: "local", File: "/tmp/sb/realm.yaml", AddressedAs: "/tmp/sb/realm.yaml"})
	n.Note(&realm.Realm{Realm: "qa", File: filepath.Join(dir, "qa.yaml"), AddressedAs: filepath.Join(dir, "qa.yaml")})
	n.Note(&realm.Realm{Realm: "prod", File: "realms/prod.yaml", AddressedAs: "prod"})

	err := n.Fix(&deploy.NotDeployedError{Service: "web", App: "/web-blue", Realm: "local"})
	if got, want := cmdutil.Hint(err), "deploy it first: yodel deploy web --realm /tmp/sb/realm.yaml, run from the directory that holds services/web.yaml (or yodel deploy -f <manifest> --realm /tmp/sb/realm.yaml)"; got != want {
		t.Errorf("cmdutil.Hint = %q, want %q", got, want)
	}
	var nd *deploy.NotDeployedError
	if !errors.As(err, &nd) || cmdutil.ExitCode(err) != cmdutil.ExitFailure {
		t.Errorf("the error and its exit code are kept: %v, %d", err, cmdutil.ExitCode(err))
	}
	for _, c := range []struct{ hint, want string }{
		{"see it: `yodel status web --realm qa`.", "see it: `yodel status web --realm " + filepath.Join(dir, "qa.yaml") + "`."},
		{"yodel status web --realm prod --watch", "yodel status web --realm prod --watch"},
		{"yodel status web --realm local2 (another realm)", "yodel status web --realm local2 (another realm)"},
		{"yodel status web --realm local-b or --realm local.", "yodel status web --realm local-b or --realm /tmp/sb/realm.yaml."},
		{"yodel rollback web --realm local  (cancels it)", "yodel rollback web --realm /tmp/sb/realm.yaml  (cancels it)"},
	} {
		if got := cmdutil.Hint(n.Fix(cmdutil.WithExit(cmdutil.ExitFailure, errors.New("x"), c.hint))); got != c.want {
			t.Errorf("Fix(%q) = %q, want %q", c.hint, got, c.want)
		}
	}
	var none *cmdutil.RealmsNamed
	if err := errors.New("x"); none.Fix(err) != err {
		t.Error("a nil cmdutil.RealmsNamed leaves errors as they are")
	}
}

// A hint to deploy runs as printed: `yodel deploy SVC` only finds
// services/SVC.yaml under the working directory, so the hint names the
// service there, the manifest the last rollout was deployed from when it
// is still on this machine, and else where to run it.
func TestDeployHintsRunFromHere(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	src := filepath.Join(dir, "deploy", "web.yaml")
	last := &canary.Rollout{Service: "web", Source: &canary.Source{Manifest: src}}
	hint := func() string { return cmdutil.Hint(&canary.NoRolloutError{Service: "web", Last: last}) }

	if got, want := hint(), "start one by deploying a new release: yodel deploy web --realm <realm>, run from the directory that holds services/web.yaml (or yodel deploy -f <manifest> --realm <realm>)"; got != want {
		t.Errorf("no manifest here: hint = %q, want %q", got, want)
	}
	if err := os.MkdirAll(filepath.Dir(src), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(src, []byte("service: web\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, want := hint(), "start one by deploying a new release: yodel deploy -f deploy/web.yaml --realm <realm>"; got != want {
		t.Errorf("the last rollout's manifest: hint = %q, want %q", got, want)
	}
	if err := os.MkdirAll("services", 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join("services", "web.yaml"), []byte("service: web\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, want := hint(), "start one by deploying a new release: yodel deploy web --realm <realm>"; got != want {
		t.Errorf("services/web.yaml here: hint = %q, want %q", got, want)
	}
	if got, want := cmdutil.Hint(&deploy.NotDeployedError{Service: "web", Realm: "qa"}), "deploy it first: yodel deploy web --realm qa"; got != want {
		t.Errorf("not deployed: hint = %q, want %q", got, want)
	}
}
