package realms

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/iostreams"
	"github.com/yodeldeploy/yodel/pkg/realm"
)

const qa = "realm: qa\nmarathon:\n  urls: [http://m:8080]\nstate: zk://z:2181/yodel\nstateAuth: {insecure: true}\n"

func setup(t *testing.T) *realm.Finder {
	t.Helper()
	root := t.TempDir()
	t.Chdir(root)
	require.NoError(t, os.MkdirAll("realms", 0o755))
	require.NoError(t, os.MkdirAll("extra", 0o755))
	require.NoError(t, os.WriteFile("realms/qa.yaml", []byte(qa), 0o644))
	require.NoError(t, os.WriteFile("realms/broken.yaml", []byte("realm: broken\n"), 0o644))
	require.NoError(t, os.WriteFile("extra/qa.yaml", []byte(qa), 0o644))
	return &realm.Finder{FlagDir: "extra", Getenv: func(string) string { return "" }}
}

var ansi = regexp.MustCompile("\x1b\\[[0-9;]*m")

func TestRealmsText(t *testing.T) {
	for _, tty := range []bool{false, true} {
		f := setup(t)
		ios, _, out, _ := iostreams.Test()
		ios.SetStdoutTTY(tty)
		require.NoError(t, Run(&Options{IO: ios, Finder: f}))
		if !tty {
			assert.Equal(t, "qa\textra/qa.yaml\t--realms\tok\n"+
				"broken\trealms/broken.yaml\t./realms\tinvalid: realms/broken.yaml:1:1: marathon.urls: required: list the Marathon URLs, such as [http://marathon-1:8080, http://marathon-2:8080]\n"+
				"qa\trealms/qa.yaml\t./realms\tok (shadowed)\n", out.String())
		} else {
			assert.Contains(t, out.String(), "REALM")
			assert.Contains(t, out.String(), "extra/qa.yaml")
			assert.Contains(t, out.String(), "\x1b[", "styled on a terminal")
			// Colour codes do not count as width: with them stripped, every
			// row's FROM column starts where the header's does.
			lines := strings.Split(strings.TrimRight(ansi.ReplaceAllString(out.String(), ""), "\n"), "\n")
			third := regexp.MustCompile(`^\S+ +\S+ +`)
			col := len(third.FindString(lines[0]))
			require.Equal(t, strings.Index(lines[0], "FROM"), col)
			for _, l := range lines[1:] {
				assert.Equal(t, col, len(third.FindString(l)), "misaligned row %q in\n%s", l, strings.Join(lines, "\n"))
			}
		}
	}
}

func TestRealmsJSON(t *testing.T) {
	f := setup(t)
	ios, _, out, _ := iostreams.Test()
	require.NoError(t, Run(&Options{IO: ios, Finder: f, Output: cmdutil.OutputJSON}))
	var l Listing
	require.NoError(t, json.Unmarshal(out.Bytes(), &l))
	require.Len(t, l.Realms, 3)
	assert.Equal(t, "qa", l.Realms[0].Name)
	assert.True(t, l.Realms[0].Valid)
	assert.Equal(t, []string{"http://m:8080"}, l.Realms[0].Marathon)
	assert.False(t, l.Realms[1].Valid)
	assert.True(t, l.Realms[2].Shadowed)
	assert.Equal(t, "--realms", l.Searched[0].Source)
}

func TestRealmsNoneFound(t *testing.T) {
	t.Chdir(t.TempDir())
	ios, _, out, errOut := iostreams.Test()
	f := &realm.Finder{Getenv: func(string) string { return "" }, Home: filepath.Join(t.TempDir(), "home")}
	require.NoError(t, Run(&Options{IO: ios, Finder: f}))
	assert.Empty(t, out.String())
	assert.Contains(t, errOut.String(), "no realm files found; looked in:\n  realms (./realms)\n")
}

// File names, search directories and the errors that quote them are
// written by whoever can write there: text shows their control characters
// escaped, on a terminal or not; JSON keeps them exact.
func TestRealmsEscapesControlCharacters(t *testing.T) {
	for _, tty := range []bool{false, true} {
		t.Chdir(t.TempDir())
		dir := "ex\x1b]0;title\x07tra"
		require.NoError(t, os.MkdirAll(dir, 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(dir, "ev\x1b[2Jil.yaml"), []byte("realm: x\n"), 0o644))
		f := &realm.Finder{FlagDir: dir, Getenv: func(string) string { return "" }, Home: filepath.Join(t.TempDir(), "home")}
		ios, _, out, _ := iostreams.Test()
		ios.SetStdoutTTY(tty)
		require.NoError(t, Run(&Options{IO: ios, Finder: f}))
		text := ansi.ReplaceAllString(out.String(), "") // the table's own colours
		assert.NotContains(t, text, "\x1b", "tty %v: %q", tty, text)
		assert.NotContains(t, text, "\x07", "tty %v: %q", tty, text)
		assert.Contains(t, text, `ev\x1b[2Jil`)
		assert.Contains(t, text, `ex\x1b]0;title\x07tra/ev\x1b[2Jil.yaml`)

		// Nothing found: the directories looked in, escaped too.
		require.NoError(t, os.Remove(filepath.Join(dir, "ev\x1b[2Jil.yaml")))
		ios, _, _, errOut := iostreams.Test()
		require.NoError(t, Run(&Options{IO: ios, Finder: f}))
		assert.Contains(t, errOut.String(), `  ex\x1b]0;title\x07tra (--realms)`)
		assert.NotContains(t, errOut.String(), "\x1b")
	}

	ios, _, out, _ := iostreams.Test()
	require.NoError(t, os.WriteFile("ex\x1b]0;title\x07tra/a\x1b.yaml", []byte("realm: x\n"), 0o644))
	require.NoError(t, Run(&Options{IO: ios, Finder: &realm.Finder{FlagDir: "ex\x1b]0;title\x07tra", Getenv: func(string) string { return "" }}, Output: cmdutil.OutputJSON}))
	var l Listing
	require.NoError(t, json.Unmarshal(out.Bytes(), &l))
	assert.Equal(t, "a\x1b", l.Realms[0].Name, "JSON is exact")
}
