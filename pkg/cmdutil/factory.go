package cmdutil

import (
	"github.com/yodeldeploy/yodel/pkg/iostreams"
)

// Factory holds the dependencies commands need, most of them lazy so that a
// command pays only for what it uses (start-up time matters: `yodel version`
// must stay under 30 ms). Built once in pkg/cmd/factory; tests build their own.
type Factory struct {
	IOStreams  *iostreams.IOStreams
	Executable string // path of the running yodel binary
	Getenv     func(string) string

	// Global flags, filled by the root command before any RunE.
	RealmsDir string // --realms
}
