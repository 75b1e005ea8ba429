package deploy

import (
	"context"
	"errors"
	"os"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/manifest"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/realm"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// seedEnded stores a rollout of web v2 that ended (done), driven by
// driver, and takes the lock as driver: the driver between its record's
// end and its lock's release.
func seedEnded(t *testing.T, st state.Store, driver state.Holder) state.Lock {
	return seedFinishing(t, st, &driver, canary.StepDone)
}

func shortLockSettle(t *testing.T, d time.Duration) {
	was := lockSettle
	lockSettle = d
	t.Cleanup(func() { lockSettle = was })
}

func lockSession(st state.Store) *Session {
	return &Session{Service: "web", Realm: &realm.Realm{Realm: "qa"}, Store: st, MC: noApps{},
		Holder: state.Holder{User: "ann", Host: "laptop", Pid: os.Getpid(), Command: "yodel deploy web", StartedAt: time.Now()}, Now: time.Now}
}

// noApps is a Marathon without apps: taking the lock reads the other
// colour's app (removeLeft), and these tests start none.
type noApps struct{ Marathon }

func (noApps) App(context.Context, string) (*marathon.App, error) {
	return nil, &marathon.NotFoundError{}
}

var serverHolder = state.Holder{User: "yodel", Host: "server-1", Pid: os.Getpid(), Command: "yodel server", StartedAt: t0}

// A change asked for right after its service's rollout was recorded done
// waits for the driver to release the lock, instead of being refused.
func TestGuardAndLockWaitsForTheEndedRolloutsDriver(t *testing.T) {
	shortLockSettle(t, time.Minute)
	st := store(t)
	driver := seedEnded(t, st, serverHolder)
	var released atomic.Bool
	s := lockSession(st)
	var notes []string
	s.Report = func(e Event) {
		if e.Kind == EventNote {
			notes = append(notes, e.Text)
			// The session met the lock held: the driver lets go now.
			released.Store(true)
			driver.Release(context.Background())
		}
	}
	defer s.Unlock()
	require.NoError(t, s.GuardAndLock(context.Background(), OpDeploy))
	assert.True(t, released.Load(), "the lock was taken while the driver still held it")
	require.NotNil(t, s.Lock)
	assert.Equal(t, "ann", s.Lock.Holder().User)
	assert.Equal(t, canary.StepDone, s.Rollout.Step)
	assert.Equal(t, []string{`waiting for yodel@server-1 (pid ` + strconv.Itoa(os.Getpid()) + `, "yodel server"), whose rollout of web has ended, to release the lock`}, notes)
}

// Anyone else holding the lock is refused at once, as before: only the
// driver of the ended rollout is known to be about to release it.
func TestGuardAndLockRefusesAnotherHolderAtOnce(t *testing.T) {
	// The test would hang for the hour if GuardAndLock waited.
	shortLockSettle(t, time.Hour)
	st := store(t)
	driver := seedEnded(t, st, serverHolder)
	driver.Release(context.Background())
	other := state.Holder{User: "bob", Host: "ci", Pid: os.Getpid(), Command: "yodel scale web", StartedAt: time.Now()}
	l, err := st.Lock(context.Background(), "web", other)
	require.NoError(t, err)
	defer l.Release(context.Background())

	err = lockSession(st).GuardAndLock(context.Background(), OpDeploy)
	var le *state.LockedError
	require.True(t, errors.As(err, &le), "%v", err)
	assert.Equal(t, "bob", le.Holder.User)
}

// A driver that does not let go within lockSettle: the change is refused
// with the holder named, as before.
func TestGuardAndLockWaitIsBounded(t *testing.T) {
	shortLockSettle(t, 4*lockRetry)
	st := store(t)
	driver := seedEnded(t, st, serverHolder)
	defer driver.Release(context.Background())

	err := lockSession(st).GuardAndLock(context.Background(), OpDeploy)
	var le *state.LockedError
	require.True(t, errors.As(err, &le), "%v", err)
	assert.Equal(t, "yodel server", le.Holder.Command)
}

// A cancelled context ends the wait with the lock's refusal.
func TestGuardAndLockWaitEndsWithTheContext(t *testing.T) {
	shortLockSettle(t, time.Hour)
	st := store(t)
	driver := seedEnded(t, st, serverHolder)
	defer driver.Release(context.Background())
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(3*lockRetry, cancel)

	err := lockSession(st).GuardAndLock(ctx, OpDeploy)
	var le *state.LockedError
	require.True(t, errors.As(err, &le), "%v", err)
}

// A record left in progress by a process that died (killed, its pipe
// closed) is ended by the next change to hold the lock, as an
// interrupted one; the active rollout's record, which its driver or a
// resume still ends, is left alone.
func TestGuardAndLockClosesAbandonedRecords(t *testing.T) {
	ctx := context.Background()
	st := store(t)
	stale, err := st.AppendHistory(ctx, "web", state.Record{Service: "web", Release: "v0", Strategy: StrategyRolling, User: "bob", Host: "ci-7",
		Command: "yodel deploy web --realm qa", Started: t0.Add(-time.Hour), Outcome: state.OutcomeInProgress,
		Steps: []state.Step{{Name: "deploy", Started: t0.Add(-time.Hour), Finished: t0.Add(-59 * time.Minute)}}})
	require.NoError(t, err)
	done, err := st.AppendHistory(ctx, "web", state.Record{Service: "web", Release: "v1", Started: t0.Add(-time.Minute), Outcome: state.OutcomeSucceeded})
	require.NoError(t, err)
	r := seed(t, st, nil, 2) // a rollout at partial[0], its record in progress

	s := lockSession(st)
	var warnings []string
	s.Report = func(e Event) {
		if e.Kind == EventWarning {
			warnings = append(warnings, e.Text)
		}
	}
	require.NoError(t, s.GuardAndLock(ctx, OpDestroy)) // allowed beside the rollout
	defer s.Lock.Release(ctx)

	byID := map[string]state.Record{}
	recs, err := st.History(ctx, "web", 0)
	require.NoError(t, err)
	for _, rec := range recs {
		byID[rec.ID] = rec
	}
	got := byID[stale]
	assert.Equal(t, state.OutcomeAborted, got.Outcome)
	assert.Equal(t, t0.Add(-59*time.Minute), got.Finished.UTC(), "ended at the last time it was seen")
	assert.Contains(t, got.Message(), "interrupted: the process that ran it (yodel deploy web --realm qa) ended without recording how it ended")
	assert.Equal(t, state.OutcomeInProgress, byID[r.ID].Outcome, "the rollout's own record")
	assert.Equal(t, state.OutcomeSucceeded, byID[done].Outcome)
	require.Len(t, warnings, 1)
	assert.Contains(t, warnings[0], "an earlier change of web (rolling v0, started "+t0.Add(-time.Hour).UTC().Format(time.RFC3339)+" by bob@ci-7) never ended")
}

// seedCleanup stores a rollout of web v2 at its cleanup step; with a
// driver, that driver holds the lock, as a live one does.
func seedCleanup(t *testing.T, st state.Store, driver *state.Holder) state.Lock {
	return seedFinishing(t, st, driver, canary.StepCleanup)
}

// seedFinishing stores a rollout of web v2 at step (done; cleanup; or
// kept with a promote asked for: the rollback window kept 3 minutes); with
// a driver, that driver holds the lock.
func seedFinishing(t *testing.T, st state.Store, driver *state.Holder, step string) state.Lock {
	ctx := context.Background()
	_, err := st.PutRouting(ctx, state.Routing{Service: "web", Stable: "/web-blue"}, state.NoVersion)
	require.NoError(t, err)
	r := canary.NewRollout("web", canary.Track{App: "/web-blue", Release: "v1", Instances: 3},
		canary.Track{App: "/web-green", Release: "v2", Instances: 3}, manifest.ResolveCanary(&manifest.Canary{KeepPrevious: ptr(manifest.Duration(3 * time.Minute))}), time.Now())
	for r.Step != step {
		require.True(t, r.Advance(time.Now()), r.StepName())
	}
	if step == canary.StepKept {
		r.PromoteStep = true
	}
	r.Driver = driver
	_, err = canary.Begin(ctx, st, r)
	require.NoError(t, err)
	if driver == nil {
		return nil
	}
	l, err := st.Lock(ctx, "web", *driver)
	require.NoError(t, err)
	return l
}

func shortCleanupSettle(t *testing.T, d time.Duration) {
	was := cleanupSettle
	cleanupSettle = d
	t.Cleanup(func() { cleanupSettle = was })
}

// A change asked for while a rollout deletes its old app (right after a
// promote) waits for the rollout to finish, then goes ahead, instead of
// being refused with the commands of a rollout that can still turn.
// A destroy, which goes ahead beside a rollout (it closes it), waits the
// same way: the driver holds the lock until its cleanup ends.
func TestGuardAndLockWaitsForACleanup(t *testing.T) {
	for _, op := range []Op{OpDeploy, OpDestroy} {
		for _, step := range []string{canary.StepCleanup, canary.StepKept} {
			t.Run(string(op)+"/"+step, func(t *testing.T) { testWaitsForACleanup(t, op, step) })
		}
	}
}

func testWaitsForACleanup(t *testing.T, op Op, step string) {
	shortCleanupSettle(t, time.Minute)
	st := store(t)
	driver := seedFinishing(t, st, &serverHolder, step)
	s := lockSession(st)
	var notes []string
	finished := make(chan error, 1)
	s.Report = func(e Event) {
		if e.Kind != EventNote {
			return
		}
		notes = append(notes, e.Text)
		if len(notes) > 1 {
			return
		}
		// The driver deletes the old app, records done, lets go.
		go func() {
			ctx := context.Background()
			_, _, err := canary.Update(ctx, st, "web", func(_ *state.Routing, r *canary.Rollout) error {
				for r.Active() {
					r.Advance(time.Now())
				}
				return nil
			})
			if err == nil {
				err = driver.Release(ctx)
			}
			finished <- err
		}()
	}
	defer s.Unlock()
	require.NoError(t, s.GuardAndLock(context.Background(), op))
	require.NoError(t, <-finished)
	assert.Equal(t, "ann", s.Lock.Holder().User)
	assert.Equal(t, canary.StepDone, s.Rollout.Step)
	require.NotEmpty(t, notes)
	assert.Equal(t, "waiting for the rollout of web v2 to finish: it is deleting /web-blue, the previous release's app", notes[0])
}

// A cleanup whose driver is gone (the lock is free) is refused at once,
// with the way to finish it: waiting would not end it.
func TestGuardAndLockRefusesACleanupWithoutDriver(t *testing.T) {
	shortCleanupSettle(t, time.Hour) // the test would hang if it waited
	st := store(t)
	seedCleanup(t, st, nil)
	s := lockSession(st)
	err := s.GuardAndLock(context.Background(), OpScale)
	var ae *RolloutActiveError
	require.True(t, errors.As(err, &ae), "%v", err)
	assert.Equal(t, "refusing to scale web: its canary rollout of release v2 is finishing: /web-green serves all the traffic, and /web-blue (release v1) is being deleted since "+ae.Rollout.StepStarted.UTC().Format(time.RFC3339)+"; it must end first", err.Error())
	assert.Nil(t, s.Lock, "the lock is not kept")
	l, err := st.Lock(context.Background(), "web", serverHolder)
	require.NoError(t, err, "the lock was let go")
	l.Release(context.Background())
}

// A cleanup that does not end within cleanupSettle is refused.
func TestGuardAndLockCleanupWaitIsBounded(t *testing.T) {
	shortCleanupSettle(t, 4*cleanupRetry)
	st := store(t)
	driver := seedCleanup(t, st, &serverHolder)
	defer driver.Release(context.Background())
	err := lockSession(st).GuardAndLock(context.Background(), OpDeploy)
	var ae *RolloutActiveError
	require.True(t, errors.As(err, &ae), "%v", err)
	assert.Equal(t, canary.StepCleanup, ae.Rollout.Step)
}

// A destroy while the rollout's driver holds the lock (the server keeping
// a rollback window, up to a day) is refused as a scale is, with the
// rollout named, not with the lock's "wait for that deployment"; a
// rollout that can only finish is waited for (testWaitsForACleanup), and
// one that does not finish in time is refused as it is for a scale.
func TestDestroyWhileTheDriverHoldsTheLockNamesTheRollout(t *testing.T) {
	shortCleanupSettle(t, 0)
	st := store(t)
	r := seedKept(t, st, time.Hour, time.Now())
	driver, err := st.Lock(context.Background(), "web", serverHolder)
	require.NoError(t, err)
	defer driver.Release(context.Background())

	err = lockSession(st).GuardAndLock(context.Background(), OpDestroy)
	var ae *RolloutActiveError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, r.ID, ae.Rollout.ID)
	assert.Contains(t, err.Error(), "refusing to destroy web: release v2 serves all its traffic, and its rollback window keeps release v1 (/web-blue) at weight 0 until")

	st = store(t)
	driver = seedFinishing(t, st, &serverHolder, canary.StepCleanup)
	defer driver.Release(context.Background())
	err = lockSession(st).GuardAndLock(context.Background(), OpDestroy)
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, canary.StepCleanup, ae.Rollout.Step)
	assert.Contains(t, err.Error(), "refusing to destroy web: its canary rollout of release v2 is finishing")
}

// A destroy beside a cleanup whose driver is gone goes ahead at once (it
// closes the rollout), as beside any rollout: waiting would not end it.
func TestDestroyOfACleanupWithoutDriverGoesAhead(t *testing.T) {
	shortCleanupSettle(t, time.Hour) // the test would hang if it waited
	st := store(t)
	seedCleanup(t, st, nil)
	s := lockSession(st)
	require.NoError(t, s.GuardAndLock(context.Background(), OpDestroy))
	defer s.Unlock()
	assert.Equal(t, canary.StepCleanup, s.Rollout.Step)
}
