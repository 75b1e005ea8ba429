package canary

import (
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/yodeldeploy/yodel/pkg/state"
)

// JUnit XML as Bamboo's (and Jenkins') parser reads it: <testsuites> with
// one <testsuite> per rollout, a <testcase> per step and per check.
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Time       string          `xml:"time,attr"`
	Timestamp  string          `xml:"timestamp,attr"`
	Properties []junitProperty `xml:"properties>property,omitempty"`
	Cases      []junitCase     `xml:"testcase"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Classname string        `xml:"classname,attr"`
	Name      string        `xml:"name,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	Skipped   *junitSkipped `xml:"skipped,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

type junitSkipped struct {
	Message string `xml:"message,attr,omitempty"`
}

func secs(d time.Duration) string { return fmt.Sprintf("%.3f", max(d, 0).Seconds()) }

// WriteJUnit writes the rollout's steps and checks as JUnit test cases.
// A step still in progress (the report of a rollout that was left running)
// is reported as skipped, so the build does not count it as passed.
func WriteJUnit(w io.Writer, r *Rollout, now time.Time) error {
	svc := strings.ReplaceAll(r.Service, ".", "_")
	suite := junitSuite{
		Name:      fmt.Sprintf("yodel canary %s %s", r.Service, r.Canary.Release),
		Timestamp: r.Started.UTC().Format("2006-01-02T15:04:05"),
		Properties: []junitProperty{
			{"service", r.Service}, {"realm", r.Realm}, {"release", r.Canary.Release},
			{"stableRelease", r.Stable.Release}, {"outcome", r.Outcome},
		},
	}
	if r.Reason != "" {
		suite.Properties = append(suite.Properties, junitProperty{"reason", r.Reason})
	}
	for _, s := range r.Steps {
		c := junitCase{Classname: "yodel.canary." + svc + ".steps", Name: s.Name}
		end := s.Finished
		if end.IsZero() {
			end = now
		}
		c.Time = secs(end.Sub(s.Started))
		switch s.Outcome {
		case state.OutcomeSucceeded:
		case state.OutcomeInProgress:
			c.Skipped = &junitSkipped{Message: "still in progress when the report was written"}
		default:
			c.Failure = &junitFailure{Message: s.Outcome + stepMsg(s.Message), Type: s.Outcome, Text: s.Message}
		}
		suite.add(c)
	}
	for _, ch := range r.Checks {
		c := junitCase{Classname: "yodel.canary." + svc + ".checks", Name: ch.Step + ": " + ch.Name,
			Time: secs(ch.Duration), SystemOut: figures(ch)}
		switch ch.Verdict {
		case VerdictPass:
		case VerdictPending:
			c.Skipped = &junitSkipped{Message: ch.Message}
		default:
			c.Failure = &junitFailure{Message: ch.Verdict + stepMsg(ch.Message), Type: ch.Verdict, Text: ch.Message + "\n" + figures(ch)}
		}
		suite.add(c)
	}
	end := r.Finished
	if end.IsZero() {
		end = now
	}
	suite.Time = secs(end.Sub(r.Started))
	doc := junitSuites{Name: "yodel canary", Tests: suite.Tests, Failures: suite.Failures, Skipped: suite.Skipped,
		Time: suite.Time, Suites: []junitSuite{suite}}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func (s *junitSuite) add(c junitCase) {
	s.Tests++
	if c.Failure != nil {
		s.Failures++
	}
	if c.Skipped != nil {
		s.Skipped++
	}
	s.Cases = append(s.Cases, c)
}

func stepMsg(m string) string {
	if m == "" {
		return ""
	}
	return ": " + m
}

// figures lists a check's figures, sorted, one "name=value" per line.
func figures(c Check) string {
	if len(c.Figures) == 0 {
		return ""
	}
	keys := make([]string, 0, len(c.Figures))
	for k := range c.Figures {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "%s=%g\n", k, c.Figures[k])
	}
	return b.String()
}

// WriteJUnitFile writes the report to path through a temporary file, so a
// build never reads half a report.
func WriteJUnitFile(path string, r *Rollout, now time.Time) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".junit-*.xml")
	if err != nil {
		return fmt.Errorf("--junit %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	// CreateTemp makes it 0600; the build agent reading it may be another user.
	_ = tmp.Chmod(0o644)
	if err := WriteJUnit(tmp, r, now); err != nil {
		tmp.Close()
		return fmt.Errorf("--junit %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("--junit %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("--junit %s: %w", path, err)
	}
	return nil
}
