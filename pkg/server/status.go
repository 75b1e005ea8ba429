package server

import (
	"errors"
	"net/http"

	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/deploy"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// kindStatus maps the engine's error kinds (pkg/deploy/kind) to HTTP
// statuses, as pkg/cmdutil maps them to exit codes: 4xx when the request
// cannot be done as things are (bad input, a conflict, a lock or rollout
// in the way), 5xx when something failed on the way.
var kindStatus = map[deploy.Kind]int{
	deploy.KindInvalid:     http.StatusUnprocessableEntity,
	deploy.KindLocked:      http.StatusConflict,
	deploy.KindConflict:    http.StatusConflict,
	deploy.KindRolledBack:  http.StatusConflict, // done, failed and undone: the same request fails again
	deploy.KindTimedOut:    http.StatusGatewayTimeout,
	deploy.KindLockLost:    http.StatusServiceUnavailable,
	deploy.KindInterrupted: http.StatusServiceUnavailable, // the server is stopping
	deploy.KindFailed:      http.StatusInternalServerError,
}

// exitStatus maps the CLI's exit codes (docs/exit-codes) to HTTP statuses,
// for the errors that carry no kind.
var exitStatus = map[int]int{
	0:   http.StatusOK,
	2:   http.StatusUnprocessableEntity, // invalid input
	3:   http.StatusConflict,            // the change failed and was undone
	4:   http.StatusGatewayTimeout,
	5:   http.StatusConflict, // locked
	130: http.StatusServiceUnavailable,
}

// StatusOf is the HTTP status of an action that ended with err and the
// CLI's exit code exit: the one place the API decides it. What the caller
// asked for that does not exist (a service never deployed, no rollout to
// promote) is 404; Marathon or the store unreachable 502; Marathon's answer
// cut by the request timeout 504; then the error's engine kind; then its
// exit code; anything else 500.
func StatusOf(err error, exit int) int {
	if err == nil && exit == 0 {
		return http.StatusOK
	}
	var nd *deploy.NotDeployedError
	var nr *canary.NoRolloutError
	var mu *marathon.UnreachableError
	var su *state.UnreachableError
	var ma *marathon.AuthError
	var sa *marathon.SlowAnswerError
	switch {
	case errors.As(err, &nd), errors.As(err, &nr):
		return http.StatusNotFound
	case errors.As(err, &mu), errors.As(err, &su), errors.As(err, &ma):
		return http.StatusBadGateway
	case errors.As(err, &sa):
		return http.StatusGatewayTimeout
	case errors.Is(err, state.ErrConflict):
		return http.StatusConflict
	}
	if s, ok := kindStatus[deploy.KindOf(err)]; ok {
		return s
	}
	if s, ok := exitStatus[exit]; ok {
		return s
	}
	return http.StatusInternalServerError
}
