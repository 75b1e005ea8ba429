package cmdutil

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
)

type coded struct{}

func (coded) Error() string { return "locked elsewhere" }
func (coded) ExitCode() int { return ExitLocked }

func TestExitCode(t *testing.T) {
	tests := []struct {
		err  error
		want int
	}{
		{nil, ExitOK},
		{errors.New("boom"), ExitFailure},
		{FlagErrorf("bad flag"), ExitInvalid},
		{RealmRequired("which realm?"), ExitInvalid},
		{InvalidInput(errors.New("bad manifest")), ExitInvalid},
		{WithExit(ExitTimeout, errors.New("slow"), "run yodel status"), ExitTimeout},
		{fmt.Errorf("deploy: %w", coded{}), ExitLocked},
		{fmt.Errorf("wait: %w", ErrCancel), ExitInterrupted},
	}
	for _, tt := range tests {
		if got := ExitCode(tt.err); got != tt.want {
			t.Errorf("ExitCode(%v) = %d, want %d", tt.err, got, tt.want)
		}
	}
	if h := Hint(fmt.Errorf("x: %w", WithExit(4, errors.New("slow"), "run yodel status"))); h != "run yodel status" {
		t.Errorf("Hint = %q", h)
	}
}

// The README's exit-code table must say what the code says.
func TestReadmeListsExitCodes(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ExitCodes {
		row := fmt.Sprintf("| %d | %s |", e.Code, e.Meaning)
		if !strings.Contains(string(readme), row) {
			t.Errorf("README.md lacks the row %q", row)
		}
	}
}

// A missing realm says how to give one without the flag too.
func TestRealmRequiredNamesTheVariable(t *testing.T) {
	got := RealmRequired("logs of which realm? (see `yodel %s`)", "realms").Error()
	want := "--realm is required (or set $YODEL_REALM): logs of which realm? (see `yodel realms`)"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
