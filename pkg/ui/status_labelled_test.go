package ui

import (
	"testing"
	"time"

	gm "github.com/gambol99/go-marathon"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/iostreams"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/view"
)

// An app labelled as service hello without being one of its apps is listed
// as an app yodel does not deploy, and a note says why: the operator
// otherwise reads it as a stray release of hello.
func TestStatusTableSetsApartAppsLabelledAsAService(t *testing.T) {
	lbl := &map[string]string{"YODEL_SERVICE": "hello", "YODEL_RELEASE": "v1"}
	rows := view.Apps([]marathon.App{
		{Application: gm.Application{ID: "/hello-blue", Labels: lbl}},
		{Application: gm.Application{ID: "/evil/hello-blue", Labels: lbl}},
	}, nil, "", time.Time{})
	ios, _, out, _ := iostreams.Test()
	ios.SetStdoutTTY(true)
	ios.SetNoColor(true)
	require.NoError(t, StatusTable(ios, out, rows, "qa", time.Time{}))
	assert.Contains(t, out.String(), "\nevil/hello-blue (not yodel)  /evil/hello-blue ")
	assert.Contains(t, out.String(), "\nhello                        /hello-blue ")
	assert.Contains(t, out.String(), "\n! /evil/hello-blue: labelled YODEL_SERVICE=hello, but only /hello-blue and /hello-green are hello's apps: not counted or routed as hello\n")
}
