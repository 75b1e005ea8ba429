package marathon

import "bytes"

// planSkip copies a deployment event's JSON as it streams in, writing null
// for the values of plan.original and plan.target. Marathon 1.4 writes both
// as whole root groups (DeploymentPlanWrites in api/v2/json/Formats.scala):
// megabytes per event in a realm of a thousand apps, beyond the line cap
// in one of a few thousand, while yodel reads only the plan's id, version
// and steps. Skipping them as they arrive means such an event is never
// held whole: not in the line, not in the data, not in Event.Raw.
//
// With appDef set it does the same for an api_post_event: every value of
// appDefinition but its id and version is written as null. Marathon writes
// the posted app whole (its labels and environment: anybody's, of any
// size), and the lb agent reads only the id; the event used to be dropped
// past the line cap, after the reader had held the cap's worth of it.
//
// It does not validate: invalid JSON comes out invalid, for DecodeEvent to
// refuse as before.
type planSkip struct {
	appDef bool
	out    []byte
	stack  []byte // '{' or '[' per open container
	inStr  bool
	esc    bool
	// expectKey: the next string in the object on top is a key.
	expectKey bool
	// readingKey: the string being read is a key (kept in key, cut at 16
	// bytes: only two short names matter).
	readingKey bool
	key        []byte
	top        string // the top-level key whose value is open
	second     string // the last key read in a second-level object
	// skipping a value that began at depth skipDepth.
	skipping  bool
	skipDepth int
}

func (p *planSkip) reset() {
	*p = planSkip{appDef: p.appDef, stack: p.stack[:0], key: p.key[:0]}
}

// writeChunk writes b as write would, byte by byte, but passes over the
// inside of strings and the skipped groups at memchr speed: a group of a
// thousand apps is megabytes, and the event stream waits meanwhile.
func (p *planSkip) writeChunk(b []byte) {
	for len(b) > 0 {
		switch {
		case p.skipping:
			n, ended := p.skipRun(b)
			if b = b[n:]; !ended {
				return
			}
			p.skipping = false // b[0] ends the skipped value: written below
		case p.inStr && !p.esc && !p.readingKey:
			i := quoteOrBackslash(b)
			p.out = append(p.out, b[:i]...)
			if b = b[i:]; len(b) == 0 {
				return
			}
		}
		p.write(b[0])
		b = b[1:]
	}
}

// skipRun consumes b as part of the value being skipped, in one loop: it
// returns how many bytes it consumed and whether the value ended at b[n]
// (a ',' or a closing bracket at the value's own depth, not consumed).
func (p *planSkip) skipRun(b []byte) (n int, ended bool) {
	for n < len(b) {
		if p.inStr {
			if p.esc {
				p.esc = false
				n++
				continue
			}
			if n += quoteOrBackslash(b[n:]); n == len(b) {
				return n, false
			}
			p.strByte(b[n])
			n++
			continue
		}
		switch c := b[n]; c {
		case '"':
			p.inStr = true
		case '{', '[':
			p.stack = append(p.stack, c)
		case '}', ']':
			if len(p.stack) <= p.skipDepth {
				return n, true
			}
			p.stack = p.stack[:len(p.stack)-1]
		case ',':
			if len(p.stack) <= p.skipDepth {
				return n, true
			}
		}
		n++
	}
	return n, false
}

// quoteOrBackslash is the index of b's first '"' or '\\', or len(b).
func quoteOrBackslash(b []byte) int {
	end := len(b)
	if i := bytes.IndexByte(b, '"'); i >= 0 {
		end = i
	}
	if i := bytes.IndexByte(b[:end], '\\'); i >= 0 {
		end = i
	}
	return end
}

func (p *planSkip) write(c byte) {
	if p.skipping {
		if _, ended := p.skipRun([]byte{c}); !ended {
			return
		}
		p.skipping = false // c ends the skipped value: copied below
	}
	p.out = append(p.out, c)
	if p.inStr {
		switch {
		case p.strByte(c):
			if p.readingKey {
				p.readingKey = false
				switch len(p.stack) {
				case 1:
					p.top = string(p.key)
				case 2:
					p.second = string(p.key)
				}
			}
		case p.readingKey && len(p.key) < 16:
			p.key = append(p.key, c)
		}
		return
	}
	switch c {
	case '"':
		p.inStr = true
		if p.expectKey {
			p.expectKey, p.readingKey = false, true
			p.key = p.key[:0]
		}
	case '{':
		p.stack = append(p.stack, c)
		p.expectKey = true
	case '[':
		p.stack = append(p.stack, c)
		p.expectKey = false
	case '}', ']':
		if len(p.stack) > 0 {
			p.stack = p.stack[:len(p.stack)-1]
		}
		p.expectKey = false
	case ',':
		p.expectKey = len(p.stack) > 0 && p.stack[len(p.stack)-1] == '{'
	case ':':
		if len(p.stack) == 2 && p.stack[0] == '{' && p.stack[1] == '{' && p.skips() {
			p.out = append(p.out, "null"...)
			p.skipping, p.skipDepth = true, len(p.stack)
		}
	}
}

// skips reports whether the value of the second-level key just read is
// skipped: plan.original and plan.target, or (appDef) every key of
// appDefinition but id and version.
func (p *planSkip) skips() bool {
	if p.appDef {
		return p.top == "appDefinition" && p.second != "id" && p.second != "version"
	}
	return p.top == "plan" && (p.second == "original" || p.second == "target")
}

// strByte takes c inside a string; true when c is its closing quote.
func (p *planSkip) strByte(c byte) bool {
	switch {
	case p.esc:
		p.esc = false
	case c == '\\':
		p.esc = true
	case c == '"':
		p.inStr = false
		return true
	}
	return false
}

// skipsPlanGroups: the events whose plan carries the root groups, and
// api_post_event, whose appDefinition is the posted app (planSkip.appDef).
var skipsPlanGroups = map[string]bool{
	EventDeploymentInfo: true, EventDeploymentSuccess: true, EventDeploymentFailed: true,
	EventDeploymentStepSuccess: true, EventDeploymentStepFailure: true, EventAPIPost: true,
}
