package deploy

import (
	"context"

	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/drain"
	"github.com/yodeldeploy/yodel/pkg/marathon"
)

// Marathon is what the engine reads and writes of Marathon: what a rollout
// needs (canary.Marathon), what a drain or a surge needs (drain.Marathon),
// and the deploy's own calls. *marathon.Client has it; the engine's tests
// give a fake where the rule under test is the engine's, and run the
// emulator where Marathon's behaviour is the point.
type Marathon interface {
	canary.Marathon
	drain.Marathon
	DeploymentReader
	VersionReader
	CreateApp(ctx context.Context, app *marathon.App) (marathon.DeploymentRef, error)
	RollbackApp(ctx context.Context, id, version string, force bool) (marathon.DeploymentRef, error)
	RestartApp(ctx context.Context, id string, force bool) (marathon.DeploymentRef, error)
	CancelDeployment(ctx context.Context, id string, force bool) (marathon.DeploymentRef, error)
}

// VersionReader reads an app's stored versions (a rollback's target).
type VersionReader interface {
	AppVersions(ctx context.Context, id string) ([]string, error)
	AppVersion(ctx context.Context, id, version string) (*marathon.App, error)
}

var _ Marathon = (*marathon.Client)(nil)
