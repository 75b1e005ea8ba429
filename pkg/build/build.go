// Package build holds the version information injected at link time by
// goreleaser (-ldflags "-X github.com/yodeldeploy/yodel/pkg/build.Version=...").
package build

import "runtime/debug"

var (
	Version = "dev"
	Commit  = ""
	Date    = ""
)

func init() {
	if Version != "dev" {
		return
	}
	// A plain `go install` has no ldflags; the module version is the next best thing.
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		Version = info.Main.Version
	}
}
