package deploy

import (
	"context"
	"encoding/json"

	"github.com/yodeldeploy/yodel/pkg/appdef"
	"github.com/yodeldeploy/yodel/pkg/manifest"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// RecordedApp is the app definition a history record keeps of a release
// (state.Record.App): m built as o says, but with its secrets masked
// (appdef.Build without a secret source), so the record holds the
// references, never the values. nil when it cannot be built, which
// leaves the record without one (rollback then says so).
func RecordedApp(m *manifest.Manifest, o appdef.Options) json.RawMessage {
	o.Secrets = nil
	gm, err := appdef.Build(m, o)
	if err != nil {
		return nil
	}
	b, err := json.Marshal(&marathon.App{Application: *gm})
	if err != nil {
		return nil
	}
	return b
}

// BeginApp is Begin with the definition the change puts in place, kept in
// the record (RecordedApp).
func (s *Session) BeginApp(ctx context.Context, release, strategy string, app json.RawMessage) {
	s.begin(ctx, state.Record{Release: release, Strategy: strategy, App: app})
}
