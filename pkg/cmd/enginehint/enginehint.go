// Package enginehint is the CLI's hints for the deployment engine's errors
// (pkg/deploy, pkg/canary), which carry data only: the commands that get
// the user past each. It registers them with cmdutil when imported (yodel's
// service commands do, through pkg/cmd/svcutil); yodel-lb, which never
// meets those errors, leaves them out, and the engine's code with them.
package enginehint

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/deploy"
	"github.com/yodeldeploy/yodel/pkg/lbagents"
	"github.com/yodeldeploy/yodel/pkg/manifest"
)

func init() { cmdutil.SetDomainHints(domainHint, engineHint) }

// domainHint is the CLI's hint for a pkg/canary error, which carries data
// only; ok is false for any other error. It counts where the error stands
// in a chain, as a Hint method would (an outer error's hint first).
func domainHint(err error) (string, bool) {
	switch e := err.(type) {
	case *canary.RolledBackError:
		see := "see the checks: yodel canary status " + e.Rollout.Service + " --realm " + orDash(e.Rollout.Realm) + " -o json"
		if ft := e.Rollout.FailedTask; ft != nil && ft.HealthCheck != "" {
			where := ""
			if src := e.Rollout.Source; src != nil {
				where = relative(src.Manifest)
			}
			return healthHint(ft.HealthCheck, where) + "\n  " + see, true
		}
		return see, true
	case *canary.LeftError:
		// The cause's own hint (a credential lacking permission, say)
		// comes first: resuming before fixing it would stop at the same
		// place.
		s, rl := e.Rollout.Service, orDash(e.Rollout.Realm)
		if cause, ok := cmdutil.FirstOwnHint(e.Err); ok && cause != "" {
			return fmt.Sprintf("%[3]s\n  then continue: yodel canary resume %[1]s --realm %[2]s\n  or undo it:    yodel canary abort %[1]s --realm %[2]s\n  see it:        yodel canary status %[1]s --realm %[2]s", s, rl, cause), true
		}
		return fmt.Sprintf("continue it:  yodel canary resume %[1]s --realm %[2]s\n  undo it:      yodel canary abort %[1]s --realm %[2]s\n  see it:       yodel canary status %[1]s --realm %[2]s", s, rl), true
	case *canary.NoRolloutError:
		src := ""
		if e.Last != nil && e.Last.Source != nil {
			src = e.Last.Source.Manifest
		}
		return "start one by deploying a new release: " + deployCommand(e.Service, "<realm>", src), true
	case *canary.ActiveError:
		return fmt.Sprintf("see it with `yodel canary status %[1]s --realm %[2]s`, then `yodel canary resume %[1]s --realm %[2]s` to continue it or `yodel canary abort %[1]s --realm %[2]s` to roll it back", e.Service, orRealm(e.Rollout.Realm)), true
	case *deploy.AbortRefusedError:
		// An engine error around a canary one: its hint comes first.
		s, rl := e.Past.Service, orRealm(e.Past.Realm)
		if e.Finished == nil {
			return "follow it: yodel canary status " + s + " --realm " + rl + " --watch", true
		}
		return "deploy the old release again if you need it back: yodel deploy " + s + " --realm " + rl + " --release " + e.Finished.Stable.Release, true
	case *canary.PastRollbackError:
		return "finish it with `yodel canary resume " + e.Service + " --realm " + orRealm(e.Realm) + "`, then deploy the old release again if you need it back", true
	}
	return "", false
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// engineHint is the CLI's hint for an engine error: the commands that get
// the user past it. The engine's errors carry data only.
func engineHint(err error) string {
	var active *deploy.RolloutActiveError
	if errors.As(err, &active) {
		r := active.Rollout
		svc, realm := r.Service, orRealm(r.Realm)
		if r.Step == canary.StepKept {
			return fmt.Sprintf("end the rollback window first:\n  keep the new release:  yodel canary promote %[1]s --realm %[2]s (removes the previous one now)\n  or go back to the old: yodel rollback %[1]s --realm %[2]s (a weight flip)\n  see it:                yodel canary status %[1]s --realm %[2]s", svc, realm)
		}
		if r.Step == canary.StepCleanup {
			return fmt.Sprintf("its driver no longer holds the lock, or took too long: finish it with: yodel canary resume %[1]s --realm %[2]s\n  see it: yodel canary status %[1]s --realm %[2]s", svc, realm)
		}
		if r.Gate != "" {
			return fmt.Sprintf("the rollout waits for a promote at its %s gate:\n  promote it:  yodel canary promote %[2]s --realm %[3]s\n  or undo it:  yodel canary abort %[2]s --realm %[3]s\n  see it:      yodel canary status %[2]s --realm %[3]s", r.Gate, svc, realm)
		}
		return fmt.Sprintf("end the rollout first:\n  finish it:   yodel canary promote %[1]s --realm %[2]s (or resume %[1]s, when its deploy was stopped)\n  or undo it:  yodel canary abort %[1]s --realm %[2]s\n  see it:      yodel canary status %[1]s --realm %[2]s", svc, realm)
	}
	var ce *deploy.ChangeError
	if errors.As(err, &ce) {
		switch {
		case ce.K == deploy.KindRolledBack:
			return rolledBackHint(ce)
		case ce.Left == deploy.LeftNothing:
			return ""
		case ce.Left == deploy.LeftUndoable:
			return fmt.Sprintf("follow it:  yodel status %[1]s --realm %[2]s --watch\n  undo it:    yodel rollback %[1]s --realm %[2]s", ce.Service, ce.Realm)
		}
		return fmt.Sprintf("follow it: yodel status %s --realm %s --watch", ce.Service, ce.Realm)
	}
	var nr *deploy.NotRoutedError
	if errors.As(err, &nr) {
		return fmt.Sprintf("see each agent's errors and refusals for %s: %s, or the agent's log; HAProxy there still routes the previous state", nr.Service, lbagents.Hint(nr.Service, nr.Realm))
	}
	var ll *deploy.LockLostError
	if errors.As(err, &ll) {
		return fmt.Sprintf("see where it is:  yodel status %s --realm %s\n  then finish it:   %s (once the state store is reachable)", ll.Service, ll.Realm, ll.Again)
	}
	var busy *deploy.BusyError
	if errors.As(err, &busy) && busy.Op == deploy.OpDestroy {
		force := busy.Again
		if force == "" {
			force = fmt.Sprintf("yodel destroy %s --realm %s --force", busy.Service, orRealm(busy.Realm))
		}
		return fmt.Sprintf("destroy it anyway: %[3]s (the delete cancels the deployment)\n  or follow it:     yodel status %[1]s --realm %[2]s --watch, then destroy again once it ended", busy.Service, orRealm(busy.Realm), force)
	}
	if errors.As(err, &busy) && busy.Op == deploy.OpDeploy {
		h := fmt.Sprintf("undo it:      yodel rollback %[1]s --realm %[2]s (cancels it and puts the previous release back)\n  or follow it: yodel status %[1]s --realm %[2]s --watch, then deploy again once it ended", busy.Service, orRealm(busy.Realm))
		if busy.SameRelease {
			rolling := busy.Again
			if rolling == "" {
				rolling = "deploy it again with --strategy rolling"
			}
			h += fmt.Sprintf("\n  or wait for it: %s (a rolling deploy of release %s goes on with that deployment and waits for it)", rolling, orDash(busy.Release))
		}
		return h
	}
	if errors.As(err, &busy) {
		return fmt.Sprintf("follow it: yodel status %[1]s --realm %[2]s --watch, then restart again", busy.Service, orRealm(busy.Realm))
	}
	var nothing *deploy.NothingToRestartError
	if errors.As(err, &nothing) {
		return fmt.Sprintf("scale it up instead: yodel scale %s N --realm %s", nothing.Service, orRealm(nothing.Realm))
	}
	var nd *deploy.NotDeployedError
	if errors.As(err, &nd) {
		return "deploy it first: " + deployCommand(nd.Service, nd.Realm, "")
	}
	var ns *deploy.NoStableError
	if errors.As(err, &ns) {
		if ns.ScaledToZero != "" {
			return "deploy it with --strategy rolling (the manifest's instances come back), or scale it up first: yodel scale " + ns.Service + " N --realm " + orRealm(ns.Realm)
		}
		return "deploy the first release without --strategy canary"
	}
	var nsrv *deploy.NoServerError
	if errors.As(err, &nsrv) {
		return "run `yodel server --realm " + nsrv.Realm + "` and set server: {url: ...} in the realm file (docs/server.md), or deploy without --detach"
	}
	var nv *deploy.NoVersionError
	if errors.As(err, &nv) && nv.Service != "" {
		return fmt.Sprintf("see the releases deployed: yodel history %s --realm %s", nv.Service, orRealm(nv.Realm))
	}
	var rs *deploy.RecordedSecretError
	if errors.As(err, &rs) {
		return fmt.Sprintf("deploy %[3]s from its manifest: yodel deploy %[1]s --realm %[2]s --release %[3]s --strategy rolling", rs.Service, orRealm(rs.Realm), rs.Release)
	}
	var pc *deploy.PortsChangedError
	if errors.As(err, &pc) {
		return "deploy this change with --strategy rolling"
	}
	var sm *deploy.SecretMissingError
	if errors.As(err, &sm) {
		return fmt.Sprintf("make the secret available here and run `yodel canary resume %[1]s --realm %[2]s` again, or `yodel canary abort %[1]s --realm %[2]s`", sm.Service, sm.Realm)
	}
	var pending *deploy.RollbackPendingError
	if errors.As(err, &pending) {
		return fmt.Sprintf("follow it: yodel canary status %s --realm %s --watch", pending.Rollout.Service, orRealm(pending.Rollout.Realm))
	}
	var changed *deploy.StableChangedError
	if errors.As(err, &changed) {
		r := changed.Rollout
		return fmt.Sprintf("undo the canary and keep the stable app as it is: yodel canary abort %[1]s --realm %[2]s\n  then deploy %[3]s again if you still want it", r.Service, orRealm(r.Realm), r.Canary.Release)
	}
	return ""
}

// rolledBackHint: where the fix is when Marathon killed the tasks for
// failing their health check, then where to look. The failed task's output
// was printed already when the change knew the task.
func rolledBackHint(ce *deploy.ChangeError) string {
	var lines []string
	if ft := ce.FailedTask; ft != nil && ft.HealthCheck != "" {
		lines = append(lines, healthHint(ft.HealthCheck, ce.HealthAt))
	}
	see := fmt.Sprintf("see what happened: yodel status %s --realm %s", ce.Service, orRealm(ce.Realm))
	if ce.NoApp {
		see = fmt.Sprintf("see the attempt: yodel history %s --realm %s", ce.Service, orRealm(ce.Realm))
	}
	if ce.FailedTask == nil {
		see += " (task logs are in Marathon/Mesos)"
	}
	return strings.Join(append(lines, see), "\n  ")
}

// healthHint: the tasks were killed for failing check (its last answer);
// where is the manifest's position of it, when known.
func healthHint(check, where string) string {
	at := "the manifest's health check"
	if where != "" {
		at = "health: in " + where
	}
	return fmt.Sprintf("Marathon killed the tasks for failing their health check (%s): check the path, port and gracePeriodSeconds of %s, or what the service answers there", check, at)
}

// relative is path relative to the working directory when it is below it
// (a canary record keeps the manifest's absolute path).
func relative(path string) string {
	wd, err := os.Getwd()
	if err != nil || path == "" {
		return path
	}
	if rel, err := filepath.Rel(wd, path); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return rel
	}
	return path
}

// deployCommand is the deploy of svc to realm as it runs from the working
// directory: by name when its manifest is where deploy looks
// (services/<svc>.yaml), with -f when src, the manifest a rollout was
// deployed from, is still there; else by name with where to run it. The
// control verbs and scale run anywhere; a deploy needs the manifest.
func deployCommand(svc, realm, src string) string {
	byName := "yodel deploy " + svc + " --realm " + realm
	if _, err := manifest.Locate(svc, ""); err == nil {
		return byName
	}
	if src != "" {
		if st, err := os.Stat(src); err == nil && st.Mode().IsRegular() {
			return "yodel deploy -f " + relative(src) + " --realm " + realm
		}
	}
	return byName + ", run from the directory that holds " + filepath.Join(manifest.DefaultDir, svc+".yaml") + " (or yodel deploy -f <manifest> --realm " + realm + ")"
}

func orRealm(r string) string {
	if r == "" {
		return "<realm>"
	}
	return r
}
