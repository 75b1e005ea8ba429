package root

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"
	"github.com/spf13/viper"

	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/debuglog"
	"github.com/yodeldeploy/yodel/pkg/userconfig"
)

// setting is a global default a user may give as a flag, an environment
// variable or a key of the configuration file, in that order of precedence
// (viper's). flag is looked up on the command being run, so a default only
// applies to commands that have the flag.
type setting struct {
	key, env, flag string
}

var settings = []setting{
	{"realm", "YODEL_REALM", "realm"},
	// $YODEL_REALMS is not this setting's variable: it is a search path
	// that the realm finder reads after --realms.
	{"realms", "", "realms"},
	{"output", "YODEL_OUTPUT", "output"},
	{"debug", "YODEL_DEBUG", "debug"},
}

// applyDefaults fills the flags of cmd the user did not give from the
// environment and the configuration file, and turns the request log on.
// It runs before every command.
func applyDefaults(cmd *cobra.Command, f *cmdutil.Factory) error {
	v, file, err := loadSettings()
	if err != nil {
		return err
	}
	for _, s := range settings {
		fl := cmd.Flags().Lookup(s.flag)
		if fl == nil || (s.key == "realm" && cmd.Annotations[cmdutil.NoDefaultRealm] != "") {
			continue
		}
		if err := v.BindPFlag(s.key, fl); err != nil {
			return err
		}
		if fl.Changed {
			continue
		}
		val := v.GetString(s.key)
		if val == "" || val == fl.DefValue {
			continue
		}
		if err := cmd.Flags().Set(s.flag, val); err != nil {
			src := file + ": " + s.key
			if _, ok := os.LookupEnv(s.env); ok && s.env != "" {
				src = "$" + s.env
			}
			return cmdutil.InvalidInput(fmt.Errorf("%s: %q is not a valid --%s: %w", src, val, s.flag, err))
		}
	}
	if v.GetBool("debug") {
		debuglog.Enable(f.IOStreams.ErrOut)
	}
	return nil
}

// loadSettings binds the environment and the configuration file into a
// fresh viper (never the global one: tests run many roots in one process).
func loadSettings() (*viper.Viper, string, error) {
	v := viper.New()
	for _, s := range settings {
		if s.env != "" {
			if err := v.BindEnv(s.key, s.env); err != nil {
				return nil, "", err
			}
		}
	}
	_, named := os.LookupEnv(userconfig.EnvFile)
	file := userconfig.Path(os.Getenv, os.LookupEnv)
	m, err := userconfig.Load(file, named)
	if err != nil {
		return nil, "", cmdutil.InvalidInput(err)
	}
	if err := v.MergeConfigMap(m); err != nil {
		return nil, "", err
	}
	return v, file, nil
}

// defaultRealm is the realm a command would use without --realm, for
// completion (which runs no PersistentPreRun).
func defaultRealm() string {
	v, _, err := loadSettings()
	if err != nil {
		return ""
	}
	return v.GetString("realm")
}
