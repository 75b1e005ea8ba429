package marathon

import (
	"bufio"
	"bytes"
	"io"
)

// frame is one dispatched server-sent event.
type frame struct {
	event string
	data  []byte
	// tooLong: a line of this event exceeded the cap and was dropped, so
	// the event is incomplete and must not be decoded.
	tooLong bool
}

// sseReader parses text/event-stream as the WHATWG spec says: lines end in
// CRLF, LF or CR; "field: value" with one optional space after the colon;
// lines starting with ':' are comments; a blank line dispatches. Marathon
// frames events as "event: T\r\ndata: JSON\r\n\r\n" and heartbeats as bare
// CRLFs.
type sseReader struct {
	r       *bufio.Reader
	max     int  // cap on one line and on one event's data
	afterCR bool // the last line ended in CR: a following LF is part of it
	started bool // the first line may start with a BOM, to be dropped
	line    []byte
	// skip streams the data of events in skipsPlanGroups (planSkip).
	skip planSkip
}

func newSSEReader(r io.Reader, max int) *sseReader {
	return &sseReader{r: bufio.NewReaderSize(r, 64<<10), max: max}
}

// readLine returns the next line without its terminator; tooLong reports
// that it was longer than max and was cut (the rest is discarded). A
// partial last line at EOF is not returned: the connection broke mid-line.
// With stream set, a "data:" line's value goes to s.skip as it is read
// (after a '\n' when the event has data already: the lines' join), and
// streamed reports it: the line is never held whole.
func (s *sseReader) readLine(stream, hasData bool) (line []byte, streamed, tooLong bool, err error) {
	s.line = s.line[:0]
	for {
		b, err := s.r.ReadByte()
		if err != nil {
			return nil, false, false, err
		}
		if s.afterCR {
			s.afterCR = false
			if b == '\n' {
				continue
			}
		}
		switch b {
		case '\r':
			s.afterCR = true
			return s.finish(streamed, tooLong)
		case '\n':
			return s.finish(streamed, tooLong)
		}
		switch {
		case streamed && len(s.skip.out) < s.max:
			s.skip.write(b) // the space after the colon is JSON's too
			if tooLong, err = s.streamRest(); err != nil {
				return nil, false, false, err
			}
		case streamed:
			tooLong = true
		case len(s.line) < s.max:
			s.line = append(s.line, b)
			if stream && len(s.line) == 5 && string(s.line) == "data:" {
				streamed = true
				if hasData {
					s.skip.write('\n')
				}
			}
		default:
			tooLong = true
		}
	}
}

// streamRest writes the current line to s.skip in chunks of what is
// buffered, up to its terminator (left to readLine). tooLong: the output
// passed the cap, and the rest of the line is discarded.
func (s *sseReader) streamRest() (tooLong bool, err error) {
	for {
		buf, err := s.r.Peek(max(1, s.r.Buffered()))
		if len(buf) == 0 {
			return tooLong, err
		}
		i := bytes.IndexByte(buf, '\n')
		if j := bytes.IndexByte(buf, '\r'); j >= 0 && (i < 0 || j < i) {
			i = j
		}
		chunk := buf
		if i >= 0 {
			chunk = buf[:i]
		}
		if !tooLong {
			s.skip.writeChunk(chunk)
			tooLong = len(s.skip.out) > s.max
		}
		if _, err := s.r.Discard(len(chunk)); err != nil {
			return tooLong, err
		}
		if i >= 0 {
			return tooLong, nil
		}
	}
}

func (s *sseReader) finish(streamed, tooLong bool) ([]byte, bool, bool, error) {
	l := s.line
	if !s.started {
		s.started = true
		l = bytes.TrimPrefix(l, []byte("\xEF\xBB\xBF"))
	}
	return l, streamed, tooLong, nil
}

// next returns the next event that has data. Events without data (the
// heartbeats) are skipped, as the spec says.
func (s *sseReader) next() (frame, error) {
	var f frame
	var data []byte
	hasData := false
	streaming := false // the event's data came through s.skip
	s.skip.reset()
	for {
		// Marathon writes the event line before the data; data that came
		// before it is kept as it is.
		stream := skipsPlanGroups[f.event] && !f.tooLong && (streaming || !hasData)
		s.skip.appDef = f.event == EventAPIPost
		line, streamed, tooLong, err := s.readLine(stream, hasData)
		if err != nil {
			return frame{}, err
		}
		if tooLong {
			f.tooLong = true
			continue
		}
		if streamed {
			if len(s.skip.out) > s.max { // a null written for a group
				f.tooLong = true
				continue
			}
			// The stream's output is the event's whole data so far.
			data, hasData, streaming = append(data[:0], s.skip.out...), true, true
			continue
		}
		if len(line) == 0 {
			if hasData || f.tooLong {
				f.data = data
				if cap(s.line) > 1<<20 {
					s.line = nil // one huge line must not stay held
				}
				return f, nil
			}
			f, streaming = frame{}, false
			s.skip.reset()
			continue
		}
		if line[0] == ':' {
			continue
		}
		field, value := line, []byte(nil)
		if i := bytes.IndexByte(line, ':'); i >= 0 {
			field, value = line[:i], line[i+1:]
			value = bytes.TrimPrefix(value, []byte(" "))
		}
		switch string(field) {
		case "event":
			f.event = string(value)
		case "data":
			if len(data)+len(value)+1 > s.max {
				f.tooLong = true
				continue
			}
			if hasData {
				data = append(data, '\n')
			}
			data = append(data, value...)
			hasData = true
		}
	}
}
