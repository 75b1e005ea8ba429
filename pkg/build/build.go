// Package build holds the version information injected at link time by
// goreleaser (-ldflags "-X github.com/yodeldeploy/yodel/pkg/build.Version=...").
// A build from source without ldflags takes the commit and its date from
// Go's VCS stamping instead, so `yodel version` always says what it runs.
package build

import "runtime/debug"

var (
	Version = "dev"
	Commit  = ""
	Date    = ""
)

func init() {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return
	}
	fromBuildInfo(info)
}

// fromBuildInfo fills what the linker flags left unset.
func fromBuildInfo(info *debug.BuildInfo) {
	// A plain `go install` has no ldflags; the module version is the next best thing.
	if Version == "dev" && info.Main.Version != "" && info.Main.Version != "(devel)" {
		Version = info.Main.Version
	}
	if Commit != "" {
		return
	}
	var dirty bool
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			Commit = s.Value
			if len(Commit) > 12 {
				Commit = Commit[:12]
			}
		case "vcs.time":
			if Date == "" {
				Date = s.Value
			}
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if Commit != "" && dirty {
		// Built from a working tree with uncommitted changes: the commit
		// alone would claim code it does not hold.
		Commit += "+dirty"
	}
}
