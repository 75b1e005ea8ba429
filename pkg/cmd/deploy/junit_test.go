package deploy

import (
	"context"
	"encoding/xml"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil/svctest"
	"github.com/yodeldeploy/yodel/pkg/state"
)

type junitDoc struct {
	Tests    int `xml:"tests,attr"`
	Failures int `xml:"failures,attr"`
	Suites   []struct {
		Cases []struct {
			Name    string    `xml:"name,attr"`
			Failure *struct{} `xml:"failure"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

func readJUnit(t *testing.T, p string) junitDoc {
	t.Helper()
	b, err := os.ReadFile(p)
	require.NoError(t, err, "--junit must always write its file")
	var d junitDoc
	require.NoError(t, xml.Unmarshal(b, &d), string(b))
	require.Len(t, d.Suites, 1)
	return d
}

// --junit writes a report for rolling deploys and for deploys that stop
// before anything rolls out, not only for canaries.
func TestDeployJUnitWrittenForEveryOutcome(t *testing.T) {
	e := svctest.Start(t)
	e.Manifest(t, "web", web)
	ctx := context.Background()
	dir := t.TempDir()

	o, _ := opts(e, false, "v1")
	o.JUnit = filepath.Join(dir, "rolling.xml")
	require.NoError(t, Run(ctx, o))
	d := readJUnit(t, o.JUnit)
	require.Len(t, d.Suites[0].Cases, 1)
	assert.Equal(t, "rolling", d.Suites[0].Cases[0].Name)
	assert.Nil(t, d.Suites[0].Cases[0].Failure)

	l, err := e.Store.Lock(ctx, "web", state.Holder{User: "alice", Host: "ci-7", Command: "yodel deploy web", StartedAt: time.Now()})
	require.NoError(t, err)
	defer l.Release(ctx)
	o, _ = opts(e, false, "v2")
	o.JUnit = filepath.Join(dir, "locked.xml")
	require.Error(t, Run(ctx, o))
	d = readJUnit(t, o.JUnit)
	assert.Equal(t, 1, d.Failures, "a deploy that could not start fails the build's tests too")
	assert.Equal(t, "deploy", d.Suites[0].Cases[0].Name)
}
