// Command gendocs rewrites yodel's reference pages (docs/reference) and man
// pages (docs/man/man1) from the command tree. Run it from the repository
// root after changing a command's usage, flags or help:
//
//	go run ./cmd/gendocs
package main

import (
	"fmt"
	"os"

	"github.com/yodeldeploy/yodel/pkg/docgen"
)

func main() {
	if err := docgen.Generate("."); err != nil {
		fmt.Fprintln(os.Stderr, "gendocs:", err)
		os.Exit(1)
	}
}
