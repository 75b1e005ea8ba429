package completion

import (
	"testing"

	"github.com/spf13/cobra"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/iostreams"
)

func TestCompletionScripts(t *testing.T) {
	for shell, want := range map[string]string{
		"bash":       "__start_yodel",
		"zsh":        "#compdef yodel",
		"fish":       "complete -c yodel",
		"powershell": "Register-ArgumentCompleter",
	} {
		for _, tty := range []bool{false, true} {
			ios, _, out, _ := iostreams.Test()
			ios.SetStdoutTTY(tty)
			root := &cobra.Command{Use: "yodel"}
			root.AddCommand(NewCmdCompletion(&cmdutil.Factory{IOStreams: ios}, nil))
			root.SetArgs([]string{"completion", shell})
			require.NoError(t, root.Execute(), shell)
			assert.Contains(t, out.String(), want, shell)
		}
	}
}

func TestCompletionUnknownShell(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	err := Run(&Options{IO: ios, Shell: "tcsh", Root: &cobra.Command{Use: "yodel"}})
	assert.Equal(t, cmdutil.ExitInvalid, cmdutil.ExitCode(err))
	assert.EqualError(t, err, `unsupported shell "tcsh": use bash, zsh, fish or powershell`)
}
