package marathon

import (
	"encoding/json"
	"fmt"
	"io"
)

// refWalkApps is the reference the streamed reads are held to: a
// /v2/apps answer decoded by encoding/json's Decoder one app at a time
// (what Apps did before walkWhole), each app handed to fn.
func refWalkApps(r io.Reader, fn func(a *App) error) error {
	dec := json.NewDecoder(r)
	if err := expectDelim(dec, '{'); err != nil {
		return err
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		if key, _ := tok.(string); key != "apps" {
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return err
			}
			continue
		}
		if tok, err := dec.Token(); err != nil {
			return err
		} else if tok == nil {
			continue // "apps": null
		} else if d, ok := tok.(json.Delim); !ok || d != '[' {
			return fmt.Errorf(`"apps" is %v, not a list`, tok)
		}
		for dec.More() {
			var a App
			if err := dec.Decode(&a); err != nil {
				return err
			}
			dropNilTasks(&a)
			if err := fn(&a); err != nil {
				return err
			}
		}
		if _, err := dec.Token(); err != nil { // ']'
			return err
		}
	}
	if _, err := dec.Token(); err != nil { // '}'
		return err
	}
	// Read to the end, as json.Unmarshal would: what follows the
	// object must be blank (and counts towards the size cap).
	if tok, err := dec.Token(); err != io.EOF {
		if err != nil {
			return err
		}
		return fmt.Errorf("unexpected %v after the answer", tok)
	}
	return nil
}

func expectDelim(dec *json.Decoder, want json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		return fmt.Errorf("expected %q, found %v", want, tok)
	}
	return nil
}
