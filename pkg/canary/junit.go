package canary

import (
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/yodeldeploy/yodel/pkg/atomicfile"
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
	for _, s := range lastSteps(r.Steps) {
		suite.add(stepCase("yodel.canary."+svc+".steps", s, now))
	}
	for _, fc := range finalChecks(r.Checks) {
		ch := fc.Check
		c := junitCase{Classname: "yodel.canary." + svc + ".checks", Name: ch.Step + ": " + ch.Name,
			Time: secs(ch.Duration.D()), SystemOut: figures(ch) + fc.history()}
		switch ch.Verdict {
		case VerdictPass:
		case VerdictPending:
			c.Skipped = &junitSkipped{Message: ch.Message}
		default:
			c.Failure = &junitFailure{Message: ch.Verdict + stepMsg(ch.Message), Type: ch.Verdict, Text: ch.Message + "\n" + figures(ch)}
		}
		suite.add(c)
	}
	return encodeJUnit(w, "yodel canary", suite, r.Started, r.Finished, now)
}

func stepCase(class string, s StepRecord, now time.Time) junitCase {
	c := junitCase{Classname: class, Name: s.Name}
	end := s.Finished
	if end.IsZero() {
		end = now
	}
	c.Time = secs(end.Sub(s.Started))
	switch s.Outcome {
	case state.OutcomeSucceeded, "unchanged":
	case state.OutcomeInProgress:
		c.Skipped = &junitSkipped{Message: "still in progress when the report was written"}
	default:
		c.Failure = &junitFailure{Message: s.Outcome + stepMsg(s.Message), Type: s.Outcome, Text: s.Message}
	}
	return c
}

// Summary is a deploy without a canary rollout to report: a rolling
// deploy, or one that stopped before its rollout began (invalid manifest,
// lock held, Marathon unreachable). --junit writes it so that a CI job
// always finds the report it was told to read.
type Summary struct {
	Service, Realm, Release, Strategy string
	// Outcome is the deploy's (succeeded, unchanged, failed, ...); Reason
	// says why it did not succeed.
	Outcome, Reason   string
	Started, Finished time.Time
	Steps             []state.Step
}

// WriteSummaryJUnit writes s as JUnit: a case per step, or one case named
// "deploy" carrying the outcome when no step ran.
func WriteSummaryJUnit(w io.Writer, s Summary, now time.Time) error {
	svc := strings.ReplaceAll(s.Service, ".", "_")
	if svc == "" {
		svc = "unknown"
	}
	suite := junitSuite{
		Name:      strings.TrimSpace(fmt.Sprintf("yodel deploy %s %s", s.Service, s.Release)),
		Timestamp: s.Started.UTC().Format("2006-01-02T15:04:05"),
		Properties: []junitProperty{
			{"service", s.Service}, {"realm", s.Realm}, {"release", s.Release},
			{"strategy", s.Strategy}, {"outcome", s.Outcome},
		},
	}
	if s.Reason != "" {
		suite.Properties = append(suite.Properties, junitProperty{"reason", s.Reason})
	}
	class := "yodel.deploy." + svc + ".steps"
	steps := make([]StepRecord, len(s.Steps))
	for i, st := range s.Steps {
		steps[i] = StepRecord(st)
	}
	for _, st := range lastSteps(steps) {
		suite.add(stepCase(class, st, now))
	}
	if len(steps) == 0 {
		suite.add(stepCase(class, StepRecord{Name: "deploy", Started: s.Started, Finished: s.Finished, Outcome: s.Outcome, Message: s.Reason}, now))
	}
	return encodeJUnit(w, "yodel deploy", suite, s.Started, s.Finished, now)
}

// WriteSummaryJUnitFile writes the report to path atomically.
func WriteSummaryJUnitFile(path string, s Summary, now time.Time) error {
	return writeJUnitFile(path, func(w io.Writer) error { return WriteSummaryJUnit(w, s, now) })
}

func encodeJUnit(w io.Writer, name string, suite junitSuite, started, finished, now time.Time) error {
	end := finished
	if end.IsZero() {
		end = now
	}
	suite.Time = secs(end.Sub(started))
	doc := junitSuites{Name: name, Tests: suite.Tests, Failures: suite.Failures, Skipped: suite.Skipped,
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

// lastSteps keeps one entry per step name, the last (a step entered again,
// after a resume, reports how it ended), in the order steps first ran. Test
// report readers such as Bamboo merge cases of the same name, so a repeated
// name would show one of the entries, not necessarily the final one.
func lastSteps(steps []StepRecord) []StepRecord {
	idx := map[string]int{}
	var out []StepRecord
	for _, s := range steps {
		if i, ok := idx[s.Name]; ok {
			out[i] = s
			continue
		}
		idx[s.Name] = len(out)
		out = append(out, s)
	}
	return out
}

// finalCheck is a check with its final verdict and the verdicts that came
// before it: a partial step judges the same checks every interval.
type finalCheck struct {
	Check
	verdicts []string
}

func (f finalCheck) history() string {
	if len(f.verdicts) < 2 {
		return ""
	}
	return fmt.Sprintf("judged %d times: %s\n", len(f.verdicts), strings.Join(f.verdicts, " "))
}

// finalChecks keeps one case per step and check, carrying the last verdict,
// in the order the checks were first judged.
func finalChecks(checks []Check) []finalCheck {
	idx := map[string]int{}
	var out []finalCheck
	for _, c := range checks {
		key := c.Step + "\x00" + c.Name
		if i, ok := idx[key]; ok {
			out[i].verdicts = append(out[i].verdicts, c.Verdict)
			out[i].Check = c
			continue
		}
		idx[key] = len(out)
		out = append(out, finalCheck{Check: c, verdicts: []string{c.Verdict}})
	}
	return out
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
	return writeJUnitFile(path, func(w io.Writer) error { return WriteJUnit(w, r, now) })
}

func writeJUnitFile(path string, write func(io.Writer) error) error {
	// 0644: the build agent reading it may be another user.
	if err := atomicfile.Write(path, 0o644, write); err != nil {
		return fmt.Errorf("--junit: %w", err)
	}
	return nil
}
