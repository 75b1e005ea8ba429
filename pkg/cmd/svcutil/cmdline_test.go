package svcutil

import (
	"testing"

	"github.com/spf13/cobra"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The lock holder's command comes from cobra's parse: a global flag before
// the command used to shift os.Args ("yodel --no-color deploy web" recorded
// "yodel deploy deploy web").
func TestCommandArgsFromCobra(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"--no-color", "deploy", "web", "-r", "qa"}, []string{"deploy", "web", "--no-color", "--realm", "qa"}},
		{[]string{"deploy", "web", "--realm", "my realm", "--yes"}, []string{"deploy", "web", "--realm", "'my realm'", "--yes"}},
		{[]string{"canary", "promote", "web", "--realm=prod"}, []string{"canary", "promote", "web", "--realm", "prod"}},
	} {
		var got []string
		root := &cobra.Command{Use: "yodel"}
		root.PersistentFlags().Bool("no-color", false, "")
		run := func(c *cobra.Command, args []string) { got = CommandArgs(c, args) }
		dep := &cobra.Command{Use: "deploy", Run: run}
		can := &cobra.Command{Use: "canary"}
		prom := &cobra.Command{Use: "promote", Run: run}
		for _, c := range []*cobra.Command{dep, prom} {
			c.Flags().StringP("realm", "r", "", "")
			c.Flags().BoolP("yes", "y", false, "")
		}
		can.AddCommand(prom)
		root.AddCommand(dep, can)
		root.SetArgs(tc.args)
		require.NoError(t, root.Execute())
		assert.Equal(t, tc.want, got, "%v", tc.args)
	}
}

// As typed when the process's arguments are the command's: the path's
// words are taken out wherever global flags put them.
func TestTypedRest(t *testing.T) {
	rest, ok := typedRest([]string{"deploy"}, []string{"--no-color", "deploy", "-f", "web.yaml", "--realm", "qa"})
	assert.True(t, ok)
	assert.Equal(t, []string{"--no-color", "-f", "web.yaml", "--realm", "qa"}, rest)
	rest, ok = typedRest([]string{"canary", "promote"}, []string{"canary", "--realms", "r", "promote", "web"})
	assert.True(t, ok)
	assert.Equal(t, []string{"--realms", "r", "web"}, rest)
	_, ok = typedRest([]string{"deploy"}, []string{"-test.run=X"})
	assert.False(t, ok)
}
