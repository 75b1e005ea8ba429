package marathon

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// The lb agent's full read (EachRoutedApp) walks /v2/apps without ever
// holding an app whole: an app's routing part (routedApp's fields) is
// kept, as its JSON, and decoded by encoding/json, exactly as before;
// its labels are read one by one, keeping routing's (routingLabels);
// everything else (commands, environments, other labels, of any size) is
// checked for syntax and dropped as it streams past. So an app of a
// gigabyte of labels (Marathon stores them compressed) costs an agent a
// buffer, not the gigabyte, and no foreign app's size stops every agent's
// read; an app whose routing part alone exceeds MaxResponseBytes is left
// out of the read (and named), not the whole answer.
//
// The other reads of /v2/apps (Apps, ServiceApps: status, the dashboard,
// a deploy's own apps) walk it the same way in "whole" mode: every field
// of an app is kept and the app decoded as before, up to the cap of one
// app; an app over it is left out of the read and named, so that one
// foreign app too large to read stops no one's status, only its own row.

// maxNesting is encoding/json's limit on nesting, counted from the value
// Decode starts at (an app of /v2/apps), which the routed read keeps.
const maxNesting = 10000

// maxKeyRaw: a longer quoted key (escapes included) names no field of
// routedApp: their names are under 16 characters of at most 12 bytes
// each (a \u escaped surrogate pair).
const maxKeyRaw = 256

// maxLabelRaw: a quoted label key or value longer than this decodes to
// more than maxRoutingLabel bytes (an escape is at most 6 bytes for one),
// so routing drops it unread.
const maxLabelRaw = 6*maxRoutingLabel + 2

// routedFields are the keys of routedApp but labels, which the read
// streams; a key of the answer names one when encoding/json would match
// it (bytes.EqualFold).
var routedFields = []string{"id", "portDefinitions", "healthChecks", "tasks", "instances",
	"killSelection", "deployments", "constraints", "container"}

// AppTooLargeError: an app of a streamed read was over its cap (of its
// routing part, Routing, for the lb agent's reads; of the whole app for
// the others); the app was left out of the read.
type AppTooLargeError struct {
	ID      string // "" when the id came after the cap
	Limit   int64
	Routing bool
}

// LimitText is the cap as the messages write it ("64 MiB").
func (e *AppTooLargeError) LimitText() string { return sizeText(e.Limit) }

func (e *AppTooLargeError) Error() string {
	id := e.ID
	if id == "" {
		id = "an app (its id came later)"
	}
	if !e.Routing {
		return fmt.Sprintf("marathon: %s is larger than %s, the most yodel reads of one app: left out of the read (check its labels, environment and command)", id, sizeText(e.Limit))
	}
	return fmt.Sprintf("marathon: %s: its tasks, ports, checks and constraints are larger than %s, more than yodel reads of one app for routing: not routed", id, sizeText(e.Limit))
}

// walkRouted reads a /v2/apps answer from r for routing (EachRoutedApp),
// one app at a time, handing each to fn; an error from fn stops the walk
// and is returned. An app whose routing part (its tasks, port
// definitions, checks, constraints: 3000 tasks are a few MiB) is over
// limit bytes is handed to skipped instead, and the walk goes on unless
// skipped returns an error.
func walkRouted(r io.Reader, limit int, fn func(a *App) error, skipped func(*AppTooLargeError) error) error {
	return walkAppsKey(r, limit, "apps", false, fn, skipped)
}

// walkWhole reads a /v2/apps answer from r one app at a time, each
// decoded whole, as json.Unmarshal would decode it; an app over limit
// bytes is handed to skipped instead, and the walk goes on.
func walkWhole(r io.Reader, limit int, fn func(a *App) error, skipped func(*AppTooLargeError) error) error {
	return walkAppsKey(r, limit, "apps", true, fn, skipped)
}

// walkAppsKey walks an answer whose key holds a list of apps ("apps") or
// one ("app", GET /v2/apps/{id}), each app read for routing or whole.
func walkAppsKey(r io.Reader, limit int, key string, whole bool, fn func(a *App) error, skipped func(*AppTooLargeError) error) error {
	s := &jsonScan{r: r, buf: make([]byte, 32<<10), partLimit: limit, whole: whole}
	if err := s.expect('{'); err != nil {
		return err
	}
	c, err := s.ws()
	if err != nil {
		return err
	}
	if c == '}' {
		s.pos++
		return s.end()
	}
	for {
		raw, err := s.key(maxKeyRaw)
		if err != nil {
			return err
		}
		switch {
		case raw == nil || unquote(raw) != key:
			err = s.skipValue(maxNesting, false)
		case key == "apps":
			err = s.apps(fn, skipped)
		default:
			err = s.oneApp(fn, skipped)
		}
		if err != nil {
			return err
		}
		if more, err := s.next('}'); err != nil || !more {
			if err != nil {
				return err
			}
			return s.end()
		}
	}
}

// oneApp reads an app that is not in a list: null is none.
func (s *jsonScan) oneApp(fn func(a *App) error, skipped func(*AppTooLargeError) error) error {
	c, err := s.ws()
	if err != nil {
		return err
	}
	if c == 'n' {
		return s.literal("null")
	}
	a, tooLarge, err := s.app()
	switch {
	case err != nil:
		return err
	case tooLarge != nil:
		if skipped != nil {
			return skipped(tooLarge)
		}
		return nil
	}
	return fn(a)
}

func (s *jsonScan) apps(fn func(a *App) error, skipped func(*AppTooLargeError) error) error {
	c, err := s.ws()
	if err != nil {
		return err
	}
	if c == 'n' {
		return s.literal("null")
	}
	if c != '[' {
		return fmt.Errorf(`"apps" is not a list (it starts with %q)`, c)
	}
	s.pos++
	if c, err = s.ws(); err != nil {
		return err
	}
	if c == ']' {
		s.pos++
		return nil
	}
	for {
		a, tooLarge, err := s.app()
		if err != nil {
			return err
		}
		if tooLarge != nil {
			if skipped != nil {
				if err := skipped(tooLarge); err != nil {
					return err
				}
			}
		} else if err := fn(a); err != nil {
			return err
		}
		if more, err := s.next(']'); err != nil || !more {
			return err
		}
	}
}

// app reads one app of the list: what RoutingCopy keeps of it, or in
// whole mode all of it.
func (s *jsonScan) app() (*App, *AppTooLargeError, error) {
	c, err := s.ws()
	if err != nil {
		return nil, nil, err
	}
	part := append(s.part[:0], "null"...)
	var labels map[string]string
	id := ""
	if c == 'n' {
		if err := s.literal("null"); err != nil {
			return nil, nil, err
		}
	} else {
		if c != '{' {
			return nil, nil, fmt.Errorf("an app of the list starts with %q, not an object", c)
		}
		s.pos++
		part = append(part[:0], '{')
		over := false
		if c, err = s.ws(); err != nil {
			return nil, nil, err
		}
		if c == '}' {
			s.pos++
		} else {
			for {
				raw, err := s.key(maxKeyRaw)
				if err != nil {
					return nil, nil, err
				}
				switch f := s.field(raw); {
				case f == "labels" && !s.whole:
					if labels, err = s.labels(labels); err != nil {
						return nil, nil, err
					}
				case f != "" && !over:
					if len(part) > 1 {
						part = append(part, ',')
					}
					part = append(append(part, raw...), ':')
					s.keepFrom(part, s.partLimit-1) // and its closing brace
					err := s.skipValue(maxNesting-1, true)
					part, over = s.kept()
					if err != nil {
						return nil, nil, err
					}
					if f == "id" && !over {
						id = ""
						_ = json.Unmarshal(s.lastValue, &id) // for the message only
					}
				case f == "id":
					// Over the cap already: the id is still read, to name
					// the app left out.
					s.keepFrom(s.idRaw[:0], maxKeyRaw)
					err := s.skipValue(maxNesting-1, true)
					raw, idOver := s.kept()
					s.idRaw = raw[:0]
					if err != nil {
						return nil, nil, err
					}
					if !idOver {
						id = ""
						_ = json.Unmarshal(raw, &id)
					}
				default:
					if err := s.skipValue(maxNesting-1, false); err != nil {
						return nil, nil, err
					}
				}
				more, err := s.next('}')
				if err != nil {
					return nil, nil, err
				}
				if !more {
					break
				}
			}
		}
		if over {
			s.part = part[:0]
			return nil, &AppTooLargeError{ID: id, Limit: int64(s.partLimit), Routing: !s.whole}, nil
		}
		part = append(part, '}')
	}
	s.part = part[:0]
	if s.whole {
		a := &App{}
		if err := json.Unmarshal(part, a); err != nil {
			return nil, nil, err
		}
		dropNilTasks(a)
		return a, nil, nil
	}
	var r routedApp
	if err := json.Unmarshal(part, &r); err != nil {
		return nil, nil, err
	}
	a := &App{}
	if labels != nil {
		a.Labels = &labels
	}
	fromRouted(&r, a)
	dropNilTasks(a)
	return a, nil, nil
}

// field names what to keep of the app's member with the quoted key raw:
// in whole mode every member ("*"), but a key longer than maxKeyRaw, which
// names no field of App (the longest, taskKillGracePeriodSeconds, is 156
// bytes with every letter \u escaped), and "id" for the id; for
// routing routedField's.
func (s *jsonScan) field(raw []byte) string {
	f := routedField(raw)
	if s.whole && f == "" && raw != nil {
		return "*"
	}
	return f
}

// routedField is the routedApp field (or "labels") encoding/json would
// decode the quoted key raw into, or "".
func routedField(raw []byte) string {
	if raw == nil {
		return ""
	}
	name := raw[1 : len(raw)-1]
	if bytes.IndexByte(name, '\\') >= 0 {
		name = []byte(unquote(raw))
	}
	if bytes.EqualFold(name, []byte("labels")) {
		return "labels"
	}
	for _, f := range routedFields {
		if bytes.EqualFold(name, []byte(f)) {
			return f
		}
	}
	return ""
}

// labels reads an app's labels into m as encoding/json would decode them
// into its *map[string]string (null clears it, another object adds to
// it), keeping only what routingLabels keeps.
func (s *jsonScan) labels(m map[string]string) (map[string]string, error) {
	c, err := s.ws()
	if err != nil {
		return m, err
	}
	if c == 'n' {
		return nil, s.literal("null")
	}
	if c != '{' {
		return m, fmt.Errorf(`an app's "labels" is not an object (it starts with %q)`, c)
	}
	s.pos++
	if m == nil {
		m = map[string]string{}
	}
	if c, err = s.ws(); err != nil {
		return m, err
	}
	if c == '}' {
		s.pos++
		return m, nil
	}
	for {
		raw, err := s.key(maxLabelRaw)
		if err != nil {
			return m, err
		}
		// Routing's keys start so; without escapes the quoted form tells.
		routed := raw != nil && (bytes.IndexByte(raw, '\\') >= 0 ||
			bytes.HasPrefix(raw, []byte(`"YODEL_`)) || bytes.HasPrefix(raw, []byte(`"HAPROXY_`)))
		key := ""
		if routed {
			key = unquote(raw)
			routed = routingLabelKey(key)
		}
		if c, err = s.ws(); err != nil {
			return m, err
		}
		value, long := "", false
		switch {
		case c == 'n':
			err = s.literal("null") // encoding/json stores "" for it
		case c == '"' && routed:
			value, long, err = s.str(maxLabelRaw)
		case c == '"':
			err = s.skipString()
		default:
			err = fmt.Errorf("a label of an app is not a string (it starts with %q)", c)
		}
		if err != nil {
			return m, err
		}
		switch {
		case routed && !long && len(value) <= maxRoutingLabel:
			m[key] = value
		case routed:
			delete(m, key) // a later duplicate wins, as in encoding/json
		}
		more, err := s.next('}')
		if err != nil || !more {
			return m, err
		}
	}
}

// jsonScan reads JSON from r byte by byte through a buffer, checking its
// syntax as encoding/json's scanner does, and keeps only what it is told
// to keep.
type jsonScan struct {
	r        io.Reader
	buf      []byte
	pos, n   int
	err      error // the reader's, once it failed or ended
	keep     []byte
	keeping  bool
	keepPos  int // buf[keepPos:pos] is kept but not yet copied
	keepMax  int
	keepOver bool
	// lastValue is the value the last kept skipValue kept.
	lastValue []byte
	partLimit int    // of an app's routing part (whole: of the app)
	whole     bool   // keep every member of an app, labels included
	scratch   []byte // a key or label, reused
	part      []byte // an app's routing part, reused
	idRaw     []byte // the id of an app over the cap, reused
}

var errEOF = errors.New("unexpected end of the answer")

// fill reads more once buf[pos:n] is consumed; false at the end.
func (s *jsonScan) fill() bool {
	if s.pos < s.n {
		return true
	}
	if s.keeping {
		s.flushKeep()
	}
	for s.err == nil {
		var k int
		k, s.err = s.r.Read(s.buf)
		if k > 0 {
			s.pos, s.n, s.keepPos = 0, k, 0
			return true
		}
	}
	return false
}

func (s *jsonScan) readErr() error {
	if s.err == nil || s.err == io.EOF {
		return errEOF
	}
	return s.err
}

func (s *jsonScan) flushKeep() {
	if !s.keepOver {
		if len(s.keep)+s.pos-s.keepPos > s.keepMax {
			s.keepOver = true
		} else {
			s.keep = append(s.keep, s.buf[s.keepPos:s.pos]...)
		}
	}
	s.keepPos = s.pos
}

// keepFrom starts keeping what is read, after dst, up to max bytes in all.
func (s *jsonScan) keepFrom(dst []byte, max int) {
	s.keep, s.keeping, s.keepPos, s.keepMax, s.keepOver = dst, true, s.pos, max, len(dst) > max
}

// kept stops keeping and returns what was kept, and whether it went over.
func (s *jsonScan) kept() ([]byte, bool) {
	s.flushKeep()
	s.keeping = false
	k := s.keep
	s.keep = nil
	return k, s.keepOver
}

// ws skips white space and returns the next byte, unread.
func (s *jsonScan) ws() (byte, error) {
	for {
		for ; s.pos < s.n; s.pos++ {
			switch c := s.buf[s.pos]; c {
			case ' ', '\t', '\n', '\r':
			default:
				return c, nil
			}
		}
		if !s.fill() {
			return 0, s.readErr()
		}
	}
}

func (s *jsonScan) expect(want byte) error {
	c, err := s.ws()
	if err != nil {
		return err
	}
	if c != want {
		return fmt.Errorf("expected %q, found %q", want, c)
	}
	s.pos++
	return nil
}

// next reads the separator after a member or an element: true after a
// comma, false after the closing byte.
func (s *jsonScan) next(closing byte) (bool, error) {
	c, err := s.ws()
	if err != nil {
		return false, err
	}
	s.pos++
	switch c {
	case ',':
		return true, nil
	case closing:
		return false, nil
	}
	return false, fmt.Errorf("expected ',' or %q, found %q", closing, c)
}

// end checks that only white space follows the answer.
func (s *jsonScan) end() error {
	c, err := s.ws()
	if err == errEOF {
		if s.err == io.EOF {
			return nil
		}
		return s.err
	}
	if err != nil {
		return err
	}
	return fmt.Errorf("unexpected %q after the answer", c)
}

func (s *jsonScan) literal(word string) error {
	for i := 0; i < len(word); i++ {
		if !s.fill() {
			return s.readErr()
		}
		if s.buf[s.pos] != word[i] {
			return fmt.Errorf("invalid character %q in literal %s", s.buf[s.pos], word)
		}
		s.pos++
	}
	return nil
}

// key reads an object's key and its colon: its quoted form, nil when
// longer than max (valid until the next key).
func (s *jsonScan) key(max int) ([]byte, error) {
	c, err := s.ws()
	if err != nil {
		return nil, err
	}
	if c != '"' {
		return nil, fmt.Errorf("expected a key, found %q", c)
	}
	s.keepFrom(s.scratch[:0], max)
	err = s.skipString()
	raw, over := s.kept()
	s.scratch = raw[:0]
	if err != nil {
		return nil, err
	}
	if over {
		raw = nil
	}
	return raw, s.expect(':')
}

// str reads a string value, decoded, or reports it longer than max quoted.
func (s *jsonScan) str(max int) (string, bool, error) {
	s.keepFrom(s.scratch[:0], max)
	err := s.skipString()
	raw, over := s.kept()
	s.scratch = raw[:0]
	if err != nil || over {
		return "", over, err
	}
	return unquote(raw), false, nil
}

// unquote decodes a checked quoted string as encoding/json does (invalid
// UTF-8 becomes U+FFFD).
func unquote(raw []byte) string {
	if bytes.IndexByte(raw, '\\') < 0 && isASCII(raw) {
		return string(raw[1 : len(raw)-1])
	}
	var v string
	_ = json.Unmarshal(raw, &v) // checked by skipString
	return v
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

// skipString reads a string, at its opening quote.
func (s *jsonScan) skipString() error {
	s.pos++ // the quote
	for {
		buf, i := s.buf[:s.n], s.pos
		for {
			// Eight bytes at a time up to one that ends the string, starts
			// an escape or may not appear in one: a string of megabytes
			// is a few hundred thousand steps (and as many checked
			// accesses under the race detector).
			for i+8 <= len(buf) && !stringSpecial(binary.LittleEndian.Uint64(buf[i:])) {
				i += 8
			}
			if i >= len(buf) {
				break
			}
			switch c := buf[i]; {
			case c == '"':
				s.pos = i + 1
				return nil
			case c == '\\':
				s.pos = i + 1
				if err := s.escape(); err != nil {
					return err
				}
				buf, i = s.buf[:s.n], s.pos // escape may have read on
				continue
			case c < 0x20:
				return fmt.Errorf("invalid character %q in a string", c)
			}
			i++
		}
		s.pos = s.n
		if !s.fill() {
			return s.readErr()
		}
	}
}

// stringSpecial reports whether one of the eight bytes of x is a quote, a
// backslash or a control character (below 0x20): the bit tricks of "Bit
// Twiddling Hacks" (haszero, hasless), exact for these values.
func stringSpecial(x uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	q := x ^ (ones * '"')
	b := x ^ (ones * '\\')
	return ((x-ones*0x20)&^x|(q-ones)&^q|(b-ones)&^b)&highs != 0
}

// escape reads an escape after its backslash.
func (s *jsonScan) escape() error {
	if !s.fill() {
		return s.readErr()
	}
	c := s.buf[s.pos]
	s.pos++
	switch c {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return nil
	case 'u':
		for range 4 {
			if !s.fill() {
				return s.readErr()
			}
			h := s.buf[s.pos]
			if !('0' <= h && h <= '9' || 'a' <= h && h <= 'f' || 'A' <= h && h <= 'F') {
				return fmt.Errorf("invalid character %q in a \\u escape", h)
			}
			s.pos++
		}
		return nil
	}
	return fmt.Errorf("invalid escape \\%c in a string", c)
}

// skipValue reads one value, checking it, nested at most depth deep;
// keep keeps it (keepFrom) and sets lastValue.
func (s *jsonScan) skipValue(depth int, keep bool) error {
	start := len(s.keep)
	var stack []byte // '{' or '[' of each open container
	for {
		// A value.
		c, err := s.ws()
		if err != nil {
			return err
		}
		if keep && len(stack) == 0 {
			s.flushKeep()
			start = len(s.keep)
		}
		switch {
		case c == '"':
			err = s.skipString()
		case c == '{' || c == '[':
			if len(stack) >= depth {
				return errors.New("exceeded max depth")
			}
			s.pos++
			stack = append(stack, c)
			close := byte('}')
			if c == '[' {
				close = ']'
			}
			if c, err = s.ws(); err != nil {
				return err
			}
			if c == close {
				s.pos++
				stack = stack[:len(stack)-1]
				break
			}
			if close == '}' {
				if err = s.memberKey(); err != nil {
					return err
				}
			}
			continue
		case c == '-' || '0' <= c && c <= '9':
			err = s.number()
		case c == 't':
			err = s.literal("true")
		case c == 'f':
			err = s.literal("false")
		case c == 'n':
			err = s.literal("null")
		default:
			return fmt.Errorf("invalid character %q looking for a value", c)
		}
		if err != nil {
			return err
		}
		// After a value: close what it ends, up to the next value.
		for {
			if len(stack) == 0 {
				if keep {
					s.flushKeep()
					if !s.keepOver {
						s.lastValue = s.keep[start:]
					}
				}
				return nil
			}
			top := stack[len(stack)-1]
			close := byte('}')
			if top == '[' {
				close = ']'
			}
			more, err := s.next(close)
			if err != nil {
				return err
			}
			if !more {
				stack = stack[:len(stack)-1]
				continue
			}
			if top == '{' {
				if err := s.memberKey(); err != nil {
					return err
				}
			}
			break
		}
	}
}

// memberKey reads a key and its colon inside a skipped object.
func (s *jsonScan) memberKey() error {
	c, err := s.ws()
	if err != nil {
		return err
	}
	if c != '"' {
		return fmt.Errorf("expected a key, found %q", c)
	}
	if err := s.skipString(); err != nil {
		return err
	}
	return s.expect(':')
}

// number reads a number as JSON's grammar has it.
func (s *jsonScan) number() error {
	peek := func() (byte, bool) {
		if !s.fill() {
			return 0, false
		}
		return s.buf[s.pos], true
	}
	digits := func(atLeast int) error {
		n := 0
		for {
			j := s.pos
			for j < s.n && '0' <= s.buf[j] && s.buf[j] <= '9' {
				j++
			}
			n += j - s.pos
			s.pos = j
			if j < s.n || !s.fill() {
				break
			}
		}
		if n < atLeast {
			return errors.New("invalid number")
		}
		return nil
	}
	if c, _ := peek(); c == '-' {
		s.pos++
	}
	c, ok := peek()
	switch {
	case !ok:
		return s.readErr()
	case c == '0':
		s.pos++
	case '1' <= c && c <= '9':
		if err := digits(1); err != nil {
			return err
		}
	default:
		return fmt.Errorf("invalid character %q in a number", c)
	}
	if c, ok := peek(); ok && c == '.' {
		s.pos++
		if err := digits(1); err != nil {
			return err
		}
	}
	if c, ok := peek(); ok && (c == 'e' || c == 'E') {
		s.pos++
		if c, ok := peek(); ok && (c == '+' || c == '-') {
			s.pos++
		}
		if err := digits(1); err != nil {
			return err
		}
	}
	return nil
}
