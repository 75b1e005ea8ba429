package strictyaml

import (
	"encoding/json"
	"fmt"
	"time"
)

// Duration is a time.Duration written as "30s", "5m" or "1h30m" in YAML and
// JSON. A bare number is refused: "30" could mean seconds or milliseconds.
type Duration time.Duration

// D returns d as a time.Duration.
func (d Duration) D() time.Duration { return time.Duration(d) }

func (d Duration) String() string { return time.Duration(d).String() }

// SetScalar implements ScalarSetter.
func (d *Duration) SetScalar(text string) error {
	v, err := time.ParseDuration(text)
	if err != nil {
		return fmt.Errorf("%q is not a duration: write it like \"30s\", \"5m\" or \"1h30m\"", text)
	}
	*d = Duration(v)
	return nil
}

func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(d.String()) }

func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	return d.SetScalar(s)
}
