// Package jsondur holds Duration: a time.Duration that yodel's JSON carries
// as Go writes it ("40s", "5m0s", "1.5s"), the way `realms show -o json`
// and the text output already show durations, rather than as a number of
// nanoseconds nobody reads at a glance.
//
// Records in the state store outlive the yodel that wrote them (the
// rollout record is read back by other versions), and yodel before this
// type wrote durations as numbers of nanoseconds: reading accepts both,
// and such records are written as numbers still (MarshalNumeric), which
// older versions read.
package jsondur

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"time"
)

// Duration is a time.Duration written to JSON as a string ("1m30s") and
// read from such a string or from a number of nanoseconds. D() gives the
// time.Duration for arithmetic.
type Duration time.Duration

// D returns d as a time.Duration.
func (d Duration) D() time.Duration { return time.Duration(d) }

func (d Duration) String() string { return time.Duration(d).String() }

// MarshalJSON writes d as Go writes it: "40s", "5m0s", "0s".
func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(d.String()) }

// UnmarshalJSON reads "40s" (any string time.ParseDuration takes) or a
// number of nanoseconds (records written by older yodel versions). null
// leaves d as it is, as encoding/json does for other types.
func (d *Duration) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" {
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		v, err := time.ParseDuration(s)
		if err != nil {
			return fmt.Errorf("%q is not a duration: write it like \"30s\", \"5m0s\" or \"1h30m\"", s)
		}
		*d = Duration(v)
		return nil
	}
	if n, err := strconv.ParseInt(string(b), 10, 64); err == nil {
		*d = Duration(n)
		return nil
	}
	// A number in another notation (1e9, 1.5e9), as a non-Go writer may
	// have put it: whole nanoseconds only.
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil || f != math.Trunc(f) || f < math.MinInt64 || f >= math.MaxInt64 {
		return fmt.Errorf("%s is not a duration: want a string like \"30s\" or a whole number of nanoseconds", b)
	}
	*d = Duration(f)
	return nil
}
