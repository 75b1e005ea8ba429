package root

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/yodeldeploy/yodel/pkg/realm"
)

// envVar is one environment variable yodel reads.
type envVar struct{ name, meaning string }

// environment lists every variable yodel reads, for `yodel help
// environment`. A test checks that each YODEL_* name the code reads is here.
var environment = []struct {
	group string
	vars  []envVar
}{
	{"Defaults (flag > variable > configuration file)", []envVar{
		{"YODEL_REALM", "default --realm"},
		{"YODEL_OUTPUT", "default -o of commands that have it: text or json"},
		{"YODEL_DEBUG", "1 or true: log Marathon, store and agent requests on stderr, secrets redacted (--debug)"},
		{"YODEL_CONFIG", "the configuration file (default $XDG_CONFIG_HOME/yodel/config.yaml); empty: none.\nKeys: realm, realms, output, debug"},
	}},
	{"Where files are", []envVar{
		{"YODEL_REALMS", "directories of realm files, searched after --realms (separated by ':')"},
		{"YODEL_SANDBOX_DIR", "the local sandbox's directory (default $XDG_STATE_HOME/yodel/sandbox)"},
		{"XDG_CONFIG_HOME", "base of yodel/config.yaml and yodel/realms (default ~/.config)"},
		{"XDG_STATE_HOME", "base of yodel/sandbox (default ~/.local/state)"},
		{"HOME", "the fallback for both"},
	}},
	{"Credentials (never in realm files)", []envVar{
		{realm.AgentTokenEnv, "token of lb agents bound off loopback, when the realm names none"},
		{"YODEL_EMULATOR_CREDENTIALS", "user:password the sandbox's Marathon emulator demands"},
		{"(named by the realm)", "Marathon's password or token and ZooKeeper's digest password:\nthe realm's passwordEnv / tokenEnv name them, e.g. MARATHON_PASSWORD, YODEL_ZK_PASSWORD"},
	}},
	{"Terminal", []envVar{
		{"NO_COLOR", "set: no colour"},
		{"CLICOLOR", "0: no colour"},
		{"CLICOLOR_FORCE", "set and not 0: colour even when stdout is not a terminal"},
		{"TERM", "dumb: no colour and no redrawn (cursor-moving) progress"},
		{"YODEL_FORCE_TTY", "treat stdout and stderr as terminals; a number > 1 is also the width"},
	}},
	{"Diagnostics", []envVar{
		{"YODEL_LB_PPROF", "`yodel lb run`: a loopback address (e.g. 127.0.0.1:6060) serving Go's profiles at /debug/pprof/"},
	}},
	{"CI and history", []envVar{
		{"CI", "true or 1: never prompt, as --non-interactive"},
		{"bamboo_buildKey, bamboo_agentId, ...", "a Bamboo job (which sets no CI): never prompt, as --non-interactive"},
		{"bamboo_buildResultKey, BUILD_TAG, GITHUB_RUN_ID, CI_JOB_ID, BUILD_NUMBER", "the CI build recorded on the app (YODEL_CI_BUILD label) and in history"},
		{"bamboo_planRepository_revision, GIT_COMMIT, GITHUB_SHA", "the commit recorded on the app (YODEL_GIT_COMMIT label)"},
		{"USER", "who deploys, for locks and history"},
	}},
	{"Set by yodel for what it starts (not read from your shell)", []envVar{
		{"YODEL_SERVICE, YODEL_RELEASE", "in every task's environment: the service and its release"},
		{"YODEL_CANARY_URL, YODEL_CANARY_HEADER", "for isolated canary checks: the canary's address and routing header"},
		{"YODEL_SANDBOX_OWNER", "in the sandbox's processes: its directory, so `sandbox down` finds them"},
		{"YODEL_STRUCTURE", "in HAProxy's global section: the structure of the loaded configuration"},
	}},
}

func newHelpTopicEnvironment() *cobra.Command {
	return &cobra.Command{
		Use:   "environment",
		Short: "Environment variables yodel reads",
		Long:  environmentText(),
	} // no Run: a help topic, shown by `yodel help environment`
}

func environmentText() string {
	var b strings.Builder
	b.WriteString("yodel reads these environment variables.\n")
	for _, g := range environment {
		fmt.Fprintf(&b, "\n%s:\n", g.group)
		for _, v := range g.vars {
			writeVar(&b, v.name, v.meaning)
		}
	}
	b.WriteString("\nRealm fields overridden by a variable (the realm file stays the reference;\n`yodel realms` shows which overrides applied):\n")
	for _, k := range realm.OverridableKeys() {
		writeVar(&b, realm.EnvName(k), k)
	}
	return b.String()
}

func writeVar(b *strings.Builder, name, meaning string) {
	lines := strings.Split(meaning, "\n")
	if len(name) > 30 {
		fmt.Fprintf(b, "  %s\n  %-30s %s\n", name, "", lines[0])
	} else {
		fmt.Fprintf(b, "  %-30s %s\n", name, lines[0])
	}
	for _, l := range lines[1:] {
		fmt.Fprintf(b, "  %-30s %s\n", "", l)
	}
}
