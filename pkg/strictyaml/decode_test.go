package strictyaml

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type inner struct {
	Mem  *float64 `yaml:"mem"`
	Name string   `yaml:"name"`
}

type sample struct {
	Service  string            `yaml:"service"`
	Count    int               `yaml:"count"`
	Ratio    float64           `yaml:"ratio"`
	On       bool              `yaml:"on"`
	Inner    inner             `yaml:"inner"`
	List     []inner           `yaml:"list"`
	Env      map[string]string `yaml:"env"`
	Wait     *Duration         `yaml:"wait"`
	Pairs    [][]string        `yaml:"pairs"`
	Internal string            `yaml:"-"`
}

func decode(t *testing.T, src string) (*sample, *Doc) {
	t.Helper()
	var s sample
	d := Decode("f.yaml", []byte(src), &s, "sample")
	return &s, d
}

func TestDecodeValues(t *testing.T) {
	s, d := decode(t, `
service: web
count: 3
ratio: 1
on: true
inner: {mem: 64, name: x}
list:
  - name: a
  - name: b
    mem: 1.5
env:
  PORT: 8080
  DEBUG: true
wait: 1m30s
pairs: [[hostname, UNIQUE]]
`)
	require.NoError(t, d.Err())
	assert.Equal(t, "web", s.Service)
	assert.Equal(t, 3, s.Count)
	assert.Equal(t, 1.0, s.Ratio)
	assert.True(t, s.On)
	assert.Equal(t, 64.0, *s.Inner.Mem)
	require.Len(t, s.List, 2)
	assert.Nil(t, s.List[0].Mem)
	assert.Equal(t, 1.5, *s.List[1].Mem)
	// Numbers and booleans in a string map keep the text as written.
	assert.Equal(t, map[string]string{"PORT": "8080", "DEBUG": "true"}, s.Env)
	assert.Equal(t, 90*time.Second, s.Wait.D())
	assert.Equal(t, [][]string{{"hostname", "UNIQUE"}}, s.Pairs)
	assert.Equal(t, Pos{3, 1}, d.Pos("count"))
	assert.Equal(t, Pos{10, 5}, d.Pos("list[1].mem"))
	// A missing field is reported at its nearest parent.
	assert.Equal(t, Pos{8, 5}, d.Pos("list[0].mem"))
	assert.True(t, d.Has("inner.mem"))
	assert.False(t, d.Has("list[0].mem"))
}

func TestDecodeCollectsEveryProblem(t *testing.T) {
	_, d := decode(t, `servce: web
count: lots
ratio: [1]
on: yes
inner:
  mem: abc
  nmae: x
list: {a: 1}
wait: 30
unknownthing: 1
`)
	msgs := d.Errors().Error()
	for _, want := range []string{
		`f.yaml:1:1: servce: unknown key; did you mean "service"?`,
		`f.yaml:2:8: count: expected a whole number, found a string`,
		`f.yaml:3:8: ratio: expected a number, found a list`,
		`f.yaml:4:5: on: expected true or false, found a string`,
		`f.yaml:6:8: inner.mem: expected a number, found a string`,
		`f.yaml:7:3: inner.nmae: unknown key; did you mean "name"?`,
		`f.yaml:8:7: list: expected a list, found a mapping`,
		`f.yaml:9:7: wait: "30" is not a duration: write it like "30s", "5m" or "1h30m"`,
		`f.yaml:10:1: unknownthing: unknown key; known keys here: service, count`,
	} {
		assert.Contains(t, msgs, want)
	}
	assert.Len(t, d.Errors(), 9, msgs)
	assert.True(t, d.Failed("inner"))
	assert.False(t, d.Failed("service"))
}

func TestDecodeFileLevelProblems(t *testing.T) {
	cases := []struct{ name, src, want string }{
		{"empty", "", "f.yaml: file is empty: expected a sample"},
		{"only comments", "# nothing\n", "f.yaml: file is empty"},
		{"syntax", "service: [web\n", "f.yaml:1:10: YAML syntax:"},
		{"not a mapping", "- a\n- b\n", "f.yaml:1:1: the file must be a mapping of keys"},
		{"two documents", "service: a\n---\nservice: b\n", "f.yaml:3:1: a second YAML document (---) in the same file"},
		{"alias", "inner: &x {name: a}\nlist: [*x]\n", "list[0]: YAML aliases (*name) are not supported"},
		{"merge key", "inner: &x {name: a}\nlist:\n  - <<: *x\n", "merge keys (<<) are not supported"},
		{"duplicate key", "service: a\nservice: b\n", `f.yaml:2:1: service: key "service" is already set at line 1: keep one of the two`},
		{"duplicate map key", "env:\n  a: x\n  a: y\n", `f.yaml:3:3: env.a: key "a" is already set at line 2: keep one of the two`},
		{"deep nesting", "service: " + strings.Repeat("[", 100) + strings.Repeat("]", 100), "f.yaml:1:1: brackets nested more than 64 deep"},
		{"too large", strings.Repeat("#", MaxFileSize+1), "larger than the 256 KiB limit"},
		{"tag", "service: web\nenv: {B: !secret foo}\n", "f.yaml:2:10: env.B: YAML tags (!secret) are not supported: remove the tag"},
		{"core tag", "count: !!str 1\n", "f.yaml:1:8: count: YAML tags (!!str) are not supported"},
		{"not UTF-8", "service: web\nenv: {A: \"\xff\xfe\"}\n", "f.yaml:2:11: not UTF-8 text: save the file as UTF-8"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, d := decode(t, c.src)
			require.Error(t, d.Err())
			assert.Contains(t, d.Err().Error(), c.want)
		})
	}
}

// A key given twice is one problem among the others, not the end of the
// file: every other problem is still found ("every problem at once").
func TestDuplicateKeyDoesNotHideOtherProblems(t *testing.T) {
	_, d := decode(t, "service: a\nservice: b\nnosuch: 1\n")
	msgs := d.Errors().Error()
	assert.Contains(t, msgs, `f.yaml:2:1: service: key "service" is already set at line 1`)
	assert.Contains(t, msgs, "f.yaml:3:1: nosuch: unknown key")
}

func TestErrorsExitCodeAndFormat(t *testing.T) {
	es := Errors{{File: "b.yaml", Line: 2, Col: 1, Field: "x", Msg: "m2"}, {File: "a.yaml", Msg: "m1"}, {File: "b.yaml", Line: 1, Col: 3, Msg: "m0"}}
	es.Sort()
	assert.Equal(t, "a.yaml: m1\nb.yaml:1:3: m0\nb.yaml:2:1: x: m2", es.Error())
	assert.Equal(t, 2, es.ExitCode())
	assert.Nil(t, Errors(nil).Err())
}

func TestReadFileRefusesLargeFilesQuickly(t *testing.T) {
	p := filepath.Join(t.TempDir(), "big.yaml")
	require.NoError(t, os.WriteFile(p, make([]byte, 10<<20), 0o644))
	_, err := ReadFile(p)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "big.yaml: file is 10485760 bytes, larger than the 256 KiB limit")
}

// TestNonFiniteNumbers: .nan and .inf are refused by name. Before: "expected
// a number, found a number".
func TestNonFiniteNumbers(t *testing.T) {
	for src, want := range map[string]string{
		"ratio: .nan\n":  "f.yaml:1:8: ratio: expected a finite number, found not-a-number (.nan)",
		"ratio: -.Inf\n": "f.yaml:1:8: ratio: expected a finite number, found infinity (-.Inf)",
		"count: .inf\n":  "f.yaml:1:8: count: expected a whole number, found infinity (.inf)",
	} {
		_, d := decode(t, src)
		assert.EqualError(t, d.Err(), want)
	}
}

// Numbers as YAML 1.2 reads them: a leading 0 is refused (the parser
// would read octal), 1e20 is a number, a whole number too large for 64
// bits says so.
func TestNumbersAsWritten(t *testing.T) {
	for src, want := range map[string]string{
		"count: 010\n":                     "f.yaml:1:8: count: 010 starts with 0, which reads as octal (8): write the number without the leading 0, or as 0o10 for octal",
		"inner: {mem: 010}\n":              "f.yaml:1:14: inner.mem: 010 starts with 0, which reads as octal (8): write the number without the leading 0, or as 0o10 for octal",
		"count: 99999999999999999999999\n": "f.yaml:1:8: count: number 99999999999999999999999 is too large",
		"ratio: \"1e20\"\n":                "f.yaml:1:8: ratio: expected a number, found a string",
	} {
		_, d := decode(t, src)
		assert.EqualError(t, d.Err(), want, src)
	}
	s, d := decode(t, "ratio: 1e20\ncount: 0o10\ninner: {mem: 0.5}\nenv: {A: 010}\n")
	require.NoError(t, d.Err())
	assert.Equal(t, 1e20, s.Ratio)
	assert.Equal(t, 8, s.Count)
	assert.Equal(t, 0.5, *s.Inner.Mem)
	assert.Equal(t, "010", s.Env["A"], "text as written in a string map")
	// A byte order mark at the start is no part of the first key.
	s, d = decode(t, "\xef\xbb\xbfservice: web\n")
	require.NoError(t, d.Err())
	assert.Equal(t, "web", s.Service)
	assert.Equal(t, Pos{1, 1}, d.Pos("service"))
}

func TestDidYouMean(t *testing.T) {
	keys := []string{"service", "servicePort", "containerPort", "resources"}
	assert.Equal(t, "servicePort", DidYouMean("serviceport", keys))
	assert.Equal(t, "resources", DidYouMean("resouces", keys))
	assert.Equal(t, "containerPort", DidYouMean("containerPrt", keys))
	assert.Equal(t, "", DidYouMean("zzz", keys))
	// A longer or shorter spelling of one key.
	assert.Equal(t, "mem", DidYouMean("memory", []string{"cpus", "mem", "disk"}))
	assert.Equal(t, "intervalSeconds", DidYouMean("interval", []string{"path", "intervalSeconds", "timeoutSeconds"}))
	assert.Equal(t, "", DidYouMean("serv", keys), "two keys start so: no guess")
}

// A section with a field that fails is kept with its other fields, so that
// validation still reports their problems in the same run.
func TestSectionWithABadFieldKeepsItsOtherFields(t *testing.T) {
	type inner struct {
		Weight *int      `yaml:"weight"`
		Every  *Duration `yaml:"every"`
	}
	var v struct {
		Inner *inner `yaml:"inner"`
	}
	d := Decode("f.yaml", []byte("inner:\n  weight: 150\n  every: 5 minutes\n"), &v, "f")
	require.Error(t, d.Err())
	require.NotNil(t, v.Inner, "the section is kept")
	require.NotNil(t, v.Inner.Weight)
	assert.Equal(t, 150, *v.Inner.Weight)
	assert.Nil(t, v.Inner.Every, "the value that failed stays absent")
}

func TestDeepBlockNestingRefused(t *testing.T) {
	_, d := decode(t, "service: x\nlist:\n"+strings.Repeat("- ", 5000)+"x\n")
	assert.EqualError(t, d.Err(), "f.yaml:3:1: nested more than 200 columns deep")
	_, d = decode(t, "service: x\n"+strings.Repeat(" ", 150)+"# an indented comment is fine\n")
	assert.NoError(t, d.Err())
}

// The empty-file message ends with the decoded type's hint, and with none
// for a type without one: "run `yodel init`" was printed for realm files
// too, which init does not write.
func TestEmptyFileHint(t *testing.T) {
	_, d := decode(t, "")
	assert.EqualError(t, d.Err(), "f.yaml: file is empty: expected a sample")
	d = Decode("x.yaml", nil, &hinted{}, "thing")
	assert.EqualError(t, d.Err(), "x.yaml: file is empty: expected a thing: start from x.yaml.example")
}

type hinted struct{}

func (*hinted) EmptyHint(file string) string { return ": start from " + file + ".example" }
