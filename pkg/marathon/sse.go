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
}

func newSSEReader(r io.Reader, max int) *sseReader {
	return &sseReader{r: bufio.NewReaderSize(r, 64<<10), max: max}
}

// readLine returns the next line without its terminator; tooLong reports
// that it was longer than max and was cut (the rest is discarded). A
// partial last line at EOF is not returned: the connection broke mid-line.
func (s *sseReader) readLine() (line []byte, tooLong bool, err error) {
	s.line = s.line[:0]
	for {
		b, err := s.r.ReadByte()
		if err != nil {
			return nil, false, err
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
			return s.finish(tooLong)
		case '\n':
			return s.finish(tooLong)
		}
		if len(s.line) < s.max {
			s.line = append(s.line, b)
		} else {
			tooLong = true
		}
	}
}

func (s *sseReader) finish(tooLong bool) ([]byte, bool, error) {
	l := s.line
	if !s.started {
		s.started = true
		l = bytes.TrimPrefix(l, []byte("\xEF\xBB\xBF"))
	}
	return l, tooLong, nil
}

// next returns the next event that has data. Events without data (the
// heartbeats) are skipped, as the spec says.
func (s *sseReader) next() (frame, error) {
	var f frame
	var data []byte
	hasData := false
	for {
		line, tooLong, err := s.readLine()
		if err != nil {
			return frame{}, err
		}
		if tooLong {
			f.tooLong = true
			continue
		}
		if len(line) == 0 {
			if hasData || f.tooLong {
				f.data = data
				return f, nil
			}
			f = frame{}
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
