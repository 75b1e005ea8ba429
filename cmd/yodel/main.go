// Command yodel deploys services to Marathon realms with HAProxy in front.
package main

import (
	"os"

	"github.com/yodeldeploy/yodel/pkg/cmd/root"
)

func main() { os.Exit(root.Main()) }
