package security_test

import (
	"os"
	"testing"

	"github.com/yodeldeploy/yodel/pkg/sandbox/sandboxtest"
)

// The binary sandboxtest builds is shared by every test and removed here.
func TestMain(m *testing.M) { os.Exit(sandboxtest.Main(m)) }
