package deploy

import "errors"

// Kind classifies an engine error for whoever presents it: the CLI maps it
// to an exit code and a hint (pkg/cmdutil), a server to a status.
type Kind string

// Kinds of engine errors.
const (
	// KindLocked: another change of the service is in progress (a rollout,
	// or the holder of the deployment lock); try again once it ended.
	KindLocked Kind = "locked"
	// KindConflict: the live state disagrees with what the operation
	// recorded; going ahead would undo a change somebody made.
	KindConflict Kind = "conflict"
)

// KindOf is err's Kind, "" when it has none.
func KindOf(err error) Kind {
	var k interface{ Kind() Kind }
	if errors.As(err, &k) {
		return k.Kind()
	}
	return ""
}
