package jsondur

import (
	"encoding/json"
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
