package server_test

import (
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/deploy"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/server"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// TestStatusOf: the API's one mapping of an action's error to an HTTP
// status. A user's mistake that the CLI exits 1 for (a service never
// deployed, no rollout to promote) is a 4xx, not a 500; errors keep their
// engine kind through the CLI's wrapping.
func TestStatusOf(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want int
	}{
		{"done", nil, http.StatusOK},
		{"never deployed", &deploy.NotDeployedError{Service: "web", App: "/web-blue", Realm: "qa"}, http.StatusNotFound},
		{"no rollout, wrapped exit 1", cmdutil.WithExit(cmdutil.ExitFailure, &canary.NoRolloutError{Service: "web"}, "see it"), http.StatusNotFound},
		{"invalid input", cmdutil.InvalidInput(errors.New("9 instances is over realm qa's limit of 5")), http.StatusUnprocessableEntity},
		{"rollout in the way", &deploy.RolloutActiveError{Op: deploy.OpScale, Rollout: &canary.Rollout{Service: "web"}}, http.StatusConflict},
		{"locked", &state.LockedError{Service: "web"}, http.StatusConflict},
		{"past rollback, wrapped exit 1", cmdutil.WithExit(cmdutil.ExitFailure, &canary.PastRollbackError{Service: "web"}, ""), http.StatusConflict},
		{"rolled back", &deploy.ChangeError{K: deploy.KindRolledBack, Msg: "stalled"}, http.StatusConflict},
		{"timed out", &deploy.ChangeError{K: deploy.KindTimedOut, Msg: "timed out"}, http.StatusGatewayTimeout},
		{"lock lost", &deploy.LockLostError{Service: "web"}, http.StatusServiceUnavailable},
		{"marathon unreachable", fmt.Errorf("reading: %w", &marathon.UnreachableError{}), http.StatusBadGateway},
		{"marathon too slow", fmt.Errorf("reading: %w", &marathon.SlowAnswerError{}), http.StatusGatewayTimeout},
		{"store conflict", fmt.Errorf("writing: %w", state.ErrConflict), http.StatusConflict},
		{"failed", &deploy.ChangeError{K: deploy.KindFailed, Msg: "Marathon said no"}, http.StatusInternalServerError},
		{"plain error", errors.New("boom"), http.StatusInternalServerError},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, server.StatusOf(c.err, cmdutil.ExitCode(c.err)))
		})
	}
}
