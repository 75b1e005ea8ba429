package canary

import (
	"bytes"
	"encoding/xml"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/jsondur"
)

type parsedSuites struct {
	Tests    int `xml:"tests,attr"`
	Failures int `xml:"failures,attr"`
	Skipped  int `xml:"skipped,attr"`
	Suites   []struct {
		Name  string `xml:"name,attr"`
		Props []struct {
			Name  string `xml:"name,attr"`
			Value string `xml:"value,attr"`
		} `xml:"properties>property"`
		Cases []struct {
			Classname string `xml:"classname,attr"`
			Name      string `xml:"name,attr"`
			Time      string `xml:"time,attr"`
			Failure   *struct {
				Message string `xml:"message,attr"`
				Text    string `xml:",chardata"`
			} `xml:"failure"`
			Skipped *struct{} `xml:"skipped"`
			Out     string    `xml:"system-out"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

func TestJUnitRolledBack(t *testing.T) {
	r := newTestRollout(nil)
	r.Realm = "qa"
	r.Advance(t0.Add(10 * time.Second)) // isolated
	r.AddCheck(Check{Step: "isolated", Name: "smoke GET /healthz", Verdict: VerdictPass, Time: t0, Duration: jsondur.Duration(30 * time.Millisecond)})
	r.Advance(t0.Add(20 * time.Second)) // partial[0]
	j := Judge(plan(nil), "partial[0]", map[string]Counters{TrackCanary: {Requests: 200, Responses5x: 100}, TrackStable: {Requests: 1800}},
		TaskHealth{Wanted: 1, Running: 1, Healthy: 1}, false, t0.Add(50*time.Second))
	for _, c := range j.Checks {
		r.AddCheck(c)
	}
	r.StartRollback(CauseCheckFailed, j.Failed.Name+": "+j.Failed.Message, t0.Add(50*time.Second))
	r.Advance(t0.Add(52 * time.Second))

	var buf bytes.Buffer
	require.NoError(t, WriteJUnit(&buf, r, t0.Add(time.Minute)))
	var got parsedSuites
	require.NoError(t, xml.Unmarshal(buf.Bytes(), &got), buf.String())
	require.Len(t, got.Suites, 1)
	s := got.Suites[0]
	assert.Equal(t, "yodel canary web v2", s.Name)
	// 5 steps + 1 smoke + 4 judgement checks.
	assert.Equal(t, 10, got.Tests)
	assert.Len(t, s.Cases, 10)
	// partial[0] failed, the rollout ended rolled-back, and the error-rate
	// and increase checks failed: the build goes red.
	assert.Equal(t, 4, got.Failures)
	names := map[string]int{}
	for i, c := range s.Cases {
		names[c.Name] = i
	}
	p := s.Cases[names["partial[0]"]]
	require.NotNil(t, p.Failure)
	assert.Contains(t, p.Failure.Message, "failed: error-rate: canary error rate 50.00% > 1.00%")
	assert.Equal(t, "30.000", p.Time)
	require.NotNil(t, s.Cases[names["rolled-back"]].Failure)
	assert.Nil(t, s.Cases[names["rolling-back"]].Failure)
	er := s.Cases[names["partial[0]: error-rate"]]
	require.NotNil(t, er.Failure)
	assert.Contains(t, er.Failure.Text, "errorRate=0.5")
	assert.Equal(t, "yodel.canary.web.checks", er.Classname)
	smoke := s.Cases[names["isolated: smoke GET /healthz"]]
	assert.Nil(t, smoke.Failure)
	assert.Equal(t, "0.030", smoke.Time)
	props := map[string]string{}
	for _, pr := range s.Props {
		props[pr.Name] = pr.Value
	}
	assert.Equal(t, "rolled-back", props["outcome"])
	assert.Equal(t, "qa", props["realm"])
}

func TestJUnitInProgressStepIsSkipped(t *testing.T) {
	r := newTestRollout(nil)
	r.Advance(t0)
	path := filepath.Join(t.TempDir(), "canary.xml")
	require.NoError(t, WriteJUnitFile(path, r, t0.Add(time.Minute)))
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var got parsedSuites
	require.NoError(t, xml.Unmarshal(data, &got))
	assert.Equal(t, 0, got.Failures)
	assert.Equal(t, 1, got.Skipped, "isolated is still running")
	fi, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o644), fi.Mode().Perm())

	err = WriteJUnitFile(filepath.Join(t.TempDir(), "no", "such", "dir.xml"), r, t0)
	assert.ErrorContains(t, err, "--junit")
}

func TestSummaryJUnit(t *testing.T) {
	var buf bytes.Buffer
	s := Summary{Service: "web", Realm: "qa", Release: "v2", Strategy: "rolling", Outcome: "failed", Reason: "stalled",
		Started: t0, Finished: t0.Add(time.Minute),
		Steps: nil}
	require.NoError(t, WriteSummaryJUnit(&buf, s, t0.Add(time.Minute)))
	var got parsedSuites
	require.NoError(t, xml.Unmarshal(buf.Bytes(), &got), buf.String())
	require.Len(t, got.Suites[0].Cases, 1)
	c := got.Suites[0].Cases[0]
	assert.Equal(t, "deploy", c.Name)
	require.NotNil(t, c.Failure)
	assert.Contains(t, c.Failure.Message, "failed: stalled")
	assert.Equal(t, "60.000", c.Time)
}
