package root

import (
	"strings"
	"testing"

	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/iostreams"
)

func TestRunExitCodes(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		want    int
		wantErr string
	}{
		{"version", []string{"version"}, cmdutil.ExitOK, ""},
		{"unknown flag", []string{"--bogus"}, cmdutil.ExitInvalid, "unknown flag: --bogus"},
		{"unexpected argument", []string{"version", "extra"}, cmdutil.ExitInvalid, `unknown command "extra"`},
		{"bad output format", []string{"version", "-o", "yaml"}, cmdutil.ExitInvalid, "must be one of: text, json"},
		// Refused before any realm is read, by every command that waits.
		{"deploy --timeout 0", []string{"deploy", "web", "--realm", "qa", "--timeout", "0"}, cmdutil.ExitInvalid, "--timeout must be positive"},
		{"restart --timeout 0", []string{"restart", "web", "--realm", "qa", "--timeout", "0"}, cmdutil.ExitInvalid, "--timeout must be positive"},
		{"scale negative --progress-deadline", []string{"scale", "web", "3", "--realm", "qa", "--progress-deadline", "-1s"}, cmdutil.ExitInvalid, "--progress-deadline not negative"},
		{"rollback --timeout -5m", []string{"rollback", "web", "--realm", "qa", "--timeout", "-5m"}, cmdutil.ExitInvalid, "--timeout must be positive"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ios, _, _, errOut := iostreams.Test()
			got := Run(NewFactory(ios), tt.args)
			if got != tt.want {
				t.Fatalf("exit code = %d, want %d; stderr:\n%s", got, tt.want, errOut)
			}
			if tt.wantErr != "" && !strings.Contains(errOut.String(), tt.wantErr) {
				t.Fatalf("stderr %q does not contain %q", errOut, tt.wantErr)
			}
		})
	}
}

func TestHelpListsExitCodes(t *testing.T) {
	ios, _, out, _ := iostreams.Test()
	if code := Run(NewFactory(ios), []string{"help", "exit-codes"}); code != 0 {
		t.Fatalf("exit code %d", code)
	}
	for _, e := range cmdutil.ExitCodes {
		if !strings.Contains(out.String(), e.Meaning) {
			t.Errorf("help exit-codes misses %d %q:\n%s", e.Code, e.Meaning, out)
		}
	}
}

// Scripts pass --yes to every command that changes a realm: each accepts
// it, those that never ask included.
func TestChangingCommandsAcceptYes(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	root := NewCmdRoot(NewFactory(ios))
	for _, path := range [][]string{{"deploy"}, {"rollback"}, {"scale"}, {"restart"}, {"destroy"},
		{"canary", "promote"}, {"canary", "abort"}, {"canary", "pause"}, {"canary", "resume"}} {
		c, _, err := root.Find(path)
		if err != nil || c.Name() != path[len(path)-1] {
			t.Fatalf("%v: not found (%v)", path, err)
		}
		for _, f := range []string{"yes", "non-interactive"} {
			if c.Flags().Lookup(f) == nil {
				t.Errorf("yodel %s has no --%s", strings.Join(path, " "), f)
			}
		}
	}
}

// yodel links the hints of the deployment engine's errors (they register
// with cmdutil from pkg/cmd/enginehint; yodel-lb leaves them out).
func TestEngineHintsAreRegistered(t *testing.T) {
	if h := cmdutil.Hint(&canary.NoRolloutError{Service: "web"}); !strings.Contains(h, "yodel deploy web") {
		t.Fatalf("Hint = %q: the engine's hints are not registered", h)
	}
}

// render, diff and deploy take a manifest file as well as a service
// (svcutil's Common.Args, render's own copy of it): their usage says so,
// and does what it says.
func TestManifestCommandsUsageNamesFiles(t *testing.T) {
	for _, name := range []string{"render", "diff", "deploy"} {
		ios, _, out, _ := iostreams.Test()
		if code := Run(NewFactory(ios), []string{name, "--help"}); code != 0 {
			t.Fatalf("%s --help: exit code %d", name, code)
		}
		want := "yodel " + name + " {<service> | <file> | -f <file>} --realm <realm>"
		if !strings.Contains(out.String(), "Usage:\n  "+want) {
			t.Errorf("yodel %s --help: usage is not %q:\n%s", name, want, out)
		}
		if !strings.Contains(out.String(), `an argument with a "/" or a`) {
			t.Errorf("yodel %s --help does not say which argument is a file:\n%s", name, out)
		}
	}
}
