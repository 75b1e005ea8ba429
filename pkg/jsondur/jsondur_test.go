package jsondur

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestMarshalWritesGoDurationString(t *testing.T) {
	for _, c := range []struct {
		d    time.Duration
		want string
	}{
		{40 * time.Second, `"40s"`},
		{5 * time.Minute, `"5m0s"`},
		{1500 * time.Millisecond, `"1.5s"`},
		{0, `"0s"`},
	} {
		b, err := json.Marshal(Duration(c.d))
		if err != nil || string(b) != c.want {
			t.Errorf("Marshal(%v) = %s, %v; want %s", c.d, b, err, c.want)
		}
	}
}

func TestOmitemptyLeavesZeroOut(t *testing.T) {
	b, err := json.Marshal(struct {
		D Duration `json:"d,omitempty"`
	}{})
	if err != nil || string(b) != `{}` {
		t.Fatalf("got %s, %v; want {}", b, err)
	}
}

func TestUnmarshalReadsStringsAndOldNanosecondNumbers(t *testing.T) {
	for _, c := range []struct {
		in   string
		want time.Duration
	}{
		{`"40s"`, 40 * time.Second},
		{`"5m0s"`, 5 * time.Minute},
		{`"1.5s"`, 1500 * time.Millisecond},
		{`40000000000`, 40 * time.Second}, // written by older yodel
		{`0`, 0},
		{`-1000`, -time.Microsecond},
		{`3e11`, 5 * time.Minute},
	} {
		var d Duration
		if err := json.Unmarshal([]byte(c.in), &d); err != nil || d.D() != c.want {
			t.Errorf("Unmarshal(%s) = %v, %v; want %v", c.in, d, err, c.want)
		}
	}
}

func TestUnmarshalNullKeepsValue(t *testing.T) {
	d := Duration(time.Second)
	if err := json.Unmarshal([]byte(`null`), &d); err != nil || d.D() != time.Second {
		t.Fatalf("got %v, %v; want 1s kept", d, err)
	}
}

func TestUnmarshalRefusesWhatIsNoDuration(t *testing.T) {
	for _, in := range []string{`"40"`, `"soon"`, `1.5`, `true`, `{}`, `1e30`} {
		var d Duration
		err := json.Unmarshal([]byte(in), &d)
		if err == nil {
			t.Errorf("Unmarshal(%s) = %v, want an error", in, d)
			continue
		}
		if !strings.Contains(err.Error(), "duration") && !strings.Contains(err.Error(), "cannot unmarshal") {
			t.Errorf("Unmarshal(%s): error %q does not say what a duration is", in, err)
		}
	}
}

func TestRoundTrip(t *testing.T) {
	in := Duration(90*time.Second + 250*time.Millisecond)
	b, _ := json.Marshal(in)
	var out Duration
	if err := json.Unmarshal(b, &out); err != nil || out != in {
		t.Fatalf("round trip of %v via %s = %v, %v", in, b, out, err)
	}
}

type legacyInner struct {
	D    Duration  `json:"d"`
	Opt  Duration  `json:"opt,omitempty"`
	When time.Time `json:"when"`
}

type legacyOuter struct {
	legacyInner
	Name   string                    `json:"name"`
	Ptr    *legacyInner              `json:"ptr,omitempty"`
	List   []legacyInner             `json:"list"`
	ByName map[string]Duration       `json:"byName"`
	Raw    json.RawMessage           `json:"raw,omitempty"`
	Plain  time.Duration             `json:"plain"`
	hidden Duration                  // not written, as by encoding/json
	Nested map[string][]*legacyInner `json:"nested"`
}

// MarshalNumeric writes every Duration as nanoseconds, wherever it sits,
// and nothing else differently: what an older yodel (time.Duration
// fields) reads back, and what this one reads back as it was.
func TestMarshalNumericWritesNanosecondsEverywhere(t *testing.T) {
	at := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	in := legacyOuter{legacyInner: legacyInner{D: Duration(time.Second), When: at}, Name: "web",
		Ptr: &legacyInner{D: Duration(2 * time.Second)}, List: []legacyInner{{D: Duration(3 * time.Second), Opt: Duration(time.Millisecond)}},
		ByName: map[string]Duration{"a": Duration(time.Minute)}, Raw: json.RawMessage(`{"x":1}`), Plain: 5,
		hidden: Duration(time.Hour), Nested: map[string][]*legacyInner{"n": {{D: Duration(4 * time.Second)}}}}
	b, err := MarshalNumeric(&in)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"d":1000000000,"when":"2026-12-04T12:00:00Z","name":"web","ptr":{"d":2000000000,"when":"0001-01-01T00:00:00Z"},` +
		`"list":[{"d":3000000000,"opt":1000000,"when":"0001-01-01T00:00:00Z"}],"byName":{"a":60000000000},"raw":{"x":1},"plain":5,` +
		`"nested":{"n":[{"d":4000000000,"when":"0001-01-01T00:00:00Z"}]}}`
	if string(b) != want {
		t.Fatalf("got  %s\nwant %s", b, want)
	}
	var back legacyOuter
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	in.hidden = 0
	if !reflect.DeepEqual(back, in) {
		t.Fatalf("read back %+v, want %+v", back, in)
	}
	// A type without durations is written as encoding/json writes it.
	plain, err := MarshalNumeric(map[string]int{"a": 1})
	if err != nil || string(plain) != `{"a":1}` {
		t.Fatalf("%s %v", plain, err)
	}
}
