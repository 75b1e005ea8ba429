package svctest

import (
	"context"
	"testing"
	"time"

	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil"
)

// Deployer deploys a release of a service with `yodel deploy`'s Run;
// svctest cannot import the deploy package (its tests import svctest), so
// the test passes it in.
type Deployer func(ctx context.Context, e *Env, svc, release string) error

// MustDeploy runs d and fails the test on error.
func (e *Env) MustDeploy(t testing.TB, d Deployer, svc, release string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := d(ctx, e, svc, release); err != nil {
		t.Fatalf("deploy %s %s: %v", svc, release, err)
	}
}

// Common are the flags of a confirmed, non-interactive command.
func Common(svc string) svcutil.Common {
	return svcutil.Common{Service: svc, Realm: "test", Yes: true}
}
