// Command yodel-lb is the yodel lb agent (`yodel lb run`) in a binary of
// its own, for the hosts that run HAProxy.
package main

import (
	"os"

	"github.com/yodeldeploy/yodel/pkg/cmd/lbroot"
)

func main() { os.Exit(lbroot.Main()) }
