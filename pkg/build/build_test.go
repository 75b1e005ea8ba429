package build

import (
	"runtime/debug"
	"testing"

	"github.com/stretchr/testify/assert"
)

func reset(t *testing.T) {
	v, c, d := Version, Commit, Date
	t.Cleanup(func() { Version, Commit, Date = v, c, d })
	Version, Commit, Date = "dev", "", ""
}

func TestSourceBuildTakesCommitAndDateFromVCS(t *testing.T) {
	reset(t)
	fromBuildInfo(&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "57fe33e0123456789abcdef"}, {Key: "vcs.time", Value: "2026-12-03T18:20:00Z"},
		{Key: "vcs.modified", Value: "true"},
	}})
	assert.Equal(t, "dev", Version)
	assert.Equal(t, "57fe33e01234+dirty", Commit)
	assert.Equal(t, "2026-12-03T18:20:00Z", Date)
}

func TestLinkerFlagsWin(t *testing.T) {
	reset(t)
	Version, Commit, Date = "1.2.0", "abc", "2026-01-01"
	fromBuildInfo(&debug.BuildInfo{Main: debug.Module{Version: "v1.1.0"}, Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "fff"}, {Key: "vcs.time", Value: "2020-01-01T00:00:00Z"},
	}})
	assert.Equal(t, "1.2.0", Version)
	assert.Equal(t, "abc", Commit)
	assert.Equal(t, "2026-01-01", Date)
}

func TestGoInstallTakesModuleVersion(t *testing.T) {
	reset(t)
	fromBuildInfo(&debug.BuildInfo{Main: debug.Module{Version: "v0.3.0"}})
	assert.Equal(t, "v0.3.0", Version)
	assert.Empty(t, Commit)
}
