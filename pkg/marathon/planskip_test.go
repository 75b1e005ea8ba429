package marathon

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func skipPlan(in string) string { return skipIn(in, false) }

// skipIn is planSkip's output of in written byte by byte, with appDef.
func skipIn(in string, appDef bool) string {
	p := planSkip{appDef: appDef}
	p.reset()
	for i := range len(in) {
		p.write(in[i])
	}
	return string(p.out)
}

// skipPlanChunks is skipIn through writeChunk, in chunks of n bytes.
func skipPlanChunks(in string, n int, appDef bool) string {
	p := planSkip{appDef: appDef}
	p.reset()
	for len(in) > 0 {
		k := min(n, len(in))
		p.writeChunk([]byte(in[:k]))
		in = in[k:]
	}
	return string(p.out)
}

// A 1.4 deployment_success as Marathon writes it (DeploymentPlanWrites):
// the groups hold apps whose strings carry braces, brackets, commas,
// quotes and escapes, which must not end the skip early.
const deploymentSuccess14 = `{"id":"d1","plan":{"id":"d1","original":{"id":"/","apps":[{"id":"/a","cmd":"echo '}],{\"x\":[' \\\\","env":{"K":"v,}"},"instances":1,"labels":{}}],"groups":[{"id":"/g","apps":[],"groups":[]}],"version":"2026-12-05T00:00:00.000Z"},"target":{"id":"/","apps":[{"id":"/a","instances":2}],"groups":[],"version":"2026-12-05T00:00:01.000Z"},"steps":[{"actions":[{"action":"ScaleApplication","app":"/a"}]}],"version":"2026-12-05T00:00:01.000Z"},"eventType":"deployment_success","timestamp":"2026-12-05T00:00:02.000Z"}`

func TestPlanSkipDropsTheRootGroups(t *testing.T) {
	got := skipPlan(deploymentSuccess14)
	assert.Equal(t, `{"id":"d1","plan":{"id":"d1","original":null,"target":null,"steps":[{"actions":[{"action":"ScaleApplication","app":"/a"}]}],"version":"2026-12-05T00:00:01.000Z"},"eventType":"deployment_success","timestamp":"2026-12-05T00:00:02.000Z"}`, got)
	ev, err := DecodeEvent("deployment_success", []byte(got))
	require.NoError(t, err)
	assert.Equal(t, []string{"/a"}, ev.Deployment.AffectedApps)

	// Only plan's own original and target: not a key of that name
	// elsewhere, nor at another depth, nor a string value "original".
	other := `{"original":{"a":1},"x":{"original":[1]},"plan":{"steps":[{"original":{}}],"note":"original","target":"t"},"reason":"target"}`
	assert.Equal(t, `{"original":{"a":1},"x":{"original":[1]},"plan":{"steps":[{"original":{}}],"note":"original","target":null},"reason":"target"}`, skipPlan(other))
	// Whitespace as any JSON writer may put it; the group last in plan.
	spaced := "{ \"plan\" : { \"id\" : \"d\" , \"target\" : { \"apps\" : [ ] } } }"
	assert.Equal(t, "{ \"plan\" : { \"id\" : \"d\" , \"target\" :null} }", skipPlan(spaced))
}

// TestSSEStreamsDeploymentEventsPastTheCap: a deployment event whose root
// groups are far beyond the line cap (a realm of thousands of apps) is
// delivered with its plan, and the reader holds none of the groups.
func TestSSEStreamsDeploymentEventsPastTheCap(t *testing.T) {
	var apps []string
	for i := range 20000 {
		apps = append(apps, `{"id":"/app-`+strings.Repeat("x", 20)+`-`+string(rune('a'+i%26))+`","cmd":"sleep 1","instances":3}`)
	}
	group := `{"id":"/","apps":[` + strings.Join(apps, ",") + `],"groups":[]}`
	data := `{"id":"d2","plan":{"id":"d2","original":` + group + `,"target":` + group + `,"steps":[{"actions":[{"action":"ScaleApplication","app":"/app-1"}]}],"version":"v"},"eventType":"deployment_success"}`
	const max = 64 << 10
	require.Greater(t, len(data), 20*max)
	stream := "event: deployment_success\r\ndata: " + data + "\r\n\r\nevent: status_update_event\r\ndata: " + `{"eventType":"status_update_event","taskStatus":"TASK_RUNNING"}` + "\r\n\r\n"
	s := newSSEReader(strings.NewReader(stream), max)
	f, err := s.next()
	require.NoError(t, err)
	require.False(t, f.tooLong)
	assert.Less(t, len(f.data), 300)
	ev, err := DecodeEvent(f.event, f.data)
	require.NoError(t, err)
	assert.Equal(t, []string{"/app-1"}, ev.Deployment.AffectedApps)
	assert.Less(t, cap(s.line), 1<<10, "the reader's line buffer never held the groups")

	f, err = s.next()
	require.NoError(t, err)
	assert.Equal(t, "status_update_event", f.event)

	// Other events keep the cap.
	big := "event: api_post_event\r\ndata: {\"x\":\"" + strings.Repeat("y", 2*max) + "\"}\r\n\r\n"
	f, err = newSSEReader(strings.NewReader(big), max).next()
	require.NoError(t, err)
	assert.True(t, f.tooLong)
}

// FuzzPlanSkip: on any input, no panic, and writeChunk in chunks of any
// size writes what write does byte by byte; on a JSON value without
// escapes (which could spell the keys another way), the output is JSON
// equal to the input with plan.original and plan.target set to null.
func FuzzPlanSkip(f *testing.F) {
	f.Add(deploymentSuccess14, 7)
	f.Add(`{"plan":{"original":1,"target":[{"a":"}"}]},"x":[]}`, 1)
	f.Add(`[{"plan":{"original":1}}]`, 3)
	f.Add(`{"plan":{"original":}}`, 100)
	f.Add(`{"plan":{"original":"a\"b}","target":{"k":"\\"}},"p":"q"}`, 2)
	f.Add(`{"appDefinition":{"id":"/a","labels":{"k":"}"},"version":"v","env":[1]},"x":1}`, 5)
	f.Fuzz(func(t *testing.T, in string, n int) {
		// The api_post_event rule (appDef) on odd n, the plan's on even.
		appDef := n%2 != 0
		out := skipIn(in, appDef)
		if n <= 0 || n > len(in) {
			n = len(in)/2 + 1
		}
		if chunked := skipPlanChunks(in, n, appDef); chunked != out {
			t.Fatalf("input %q in chunks of %d: %q, byte by byte: %q", in, n, chunked, out)
		}
		var want any
		if strings.Contains(in, `\`) || json.Unmarshal([]byte(in), &want) != nil {
			return
		}
		if m, ok := want.(map[string]any); ok {
			if plan, ok := m["plan"].(map[string]any); ok && !appDef {
				for _, k := range []string{"original", "target"} {
					if _, ok := plan[k]; ok {
						plan[k] = nil
					}
				}
			}
			if app, ok := m["appDefinition"].(map[string]any); ok && appDef {
				for k := range app {
					if k != "id" && k != "version" {
						app[k] = nil
					}
				}
			}
		}
		var got any
		d := json.NewDecoder(bytes.NewReader([]byte(out)))
		if err := d.Decode(&got); err != nil {
			t.Fatalf("valid input %q gave invalid output %q: %v", in, out, err)
		}
		wj, _ := json.Marshal(want)
		gj, _ := json.Marshal(got)
		if !bytes.Equal(wj, gj) {
			t.Fatalf("input %q\noutput %q\nwant %s\ngot  %s", in, out, wj, gj)
		}
	})
}

// BenchmarkSSEDeploymentEvent1000: reading and decoding one 1.4
// deployment_success of a realm of 1000 apps (both root groups whole).
func BenchmarkSSEDeploymentEvent1000(b *testing.B) {
	var apps []string
	for i := range 1000 {
		apps = append(apps, fmt.Sprintf(`{"id":"/svc%04d-blue","cmd":"serve --port $PORT0","args":null,"user":null,"env":{"YODEL_RELEASE":"v1"},"instances":3,"cpus":0.1,"mem":64,"disk":0,"gpus":0,"executor":"","constraints":[],"uris":[],"fetch":[],"storeUrls":[],"backoffSeconds":1,"backoffFactor":1.15,"maxLaunchDelaySeconds":3600,"container":null,"healthChecks":[{"gracePeriodSeconds":5,"intervalSeconds":1,"timeoutSeconds":1,"maxConsecutiveFailures":3,"portIndex":0,"path":"/health","protocol":"HTTP","ignoreHttp1xx":false}],"readinessChecks":[],"dependencies":[],"upgradeStrategy":{"minimumHealthCapacity":1,"maximumOverCapacity":1},"labels":{"yodel.service":"svc%04d","yodel.track":"blue"},"ipAddress":null,"version":"2026-12-05T00:00:00.000Z","residency":null,"secrets":{},"taskKillGracePeriodSeconds":null,"unreachableStrategy":{"inactiveAfterSeconds":300,"expungeAfterSeconds":600},"killSelection":"YOUNGEST_FIRST","portDefinitions":[{"port":%d,"protocol":"tcp","name":"http","labels":{}}],"requirePorts":false}`, i, i, 20000+i))
	}
	group := `{"id":"/","apps":[` + strings.Join(apps, ",") + `],"groups":[],"pods":[],"dependencies":[],"version":"2026-12-05T00:00:00.000Z"}`
	frame := "event: deployment_success\r\ndata: " + `{"id":"d","plan":{"id":"d","original":` + group + `,"target":` + group +
		`,"steps":[{"actions":[{"action":"ScaleApplication","app":"/svc0001-blue"}]}],"version":"v"},"eventType":"deployment_success","timestamp":"2026-12-05T00:00:01.000Z"}` + "\r\n\r\n"
	b.SetBytes(int64(len(frame)))
	b.ReportAllocs()
	for b.Loop() {
		s := newSSEReader(strings.NewReader(frame), 8<<20)
		f, err := s.next()
		if err != nil {
			b.Fatal(err)
		}
		if _, err := DecodeEvent(f.event, f.data); err != nil {
			b.Fatal(err)
		}
	}
}

// TestSSEStreamsAPIPostPastTheCap: an api_post_event of an app whose
// labels are far beyond the line cap (anybody who may post can make one)
// is delivered with the app's id and version, and the reader holds none
// of the rest of it; before, it was dropped past the cap (a resync read
// instead) after the reader had held the cap's worth.
func TestSSEStreamsAPIPostPastTheCap(t *testing.T) {
	const max = 64 << 10
	app := `{"id":"/big","cmd":"echo \"}\" ,{[","labels":{"X":"` + strings.Repeat("x", 20*max) + `"},"env":{"K":"v"},"version":"2026-12-07T00:00:00.000Z"}`
	data := `{"remoteAddress":"10.0.0.1","uri":"/v2/apps/big","appDefinition":` + app + `,"eventType":"api_post_event","timestamp":"t"}`
	stream := "event: api_post_event\r\ndata: " + data + "\r\n\r\n"
	s := newSSEReader(strings.NewReader(stream), max)
	f, err := s.next()
	require.NoError(t, err)
	require.False(t, f.tooLong)
	assert.Equal(t, `{"remoteAddress":"10.0.0.1","uri":"/v2/apps/big","appDefinition":{"id":"/big","cmd":null,"labels":null,"env":null,"version":"2026-12-07T00:00:00.000Z"},"eventType":"api_post_event","timestamp":"t"}`, strings.TrimSpace(string(f.data)))
	ev, err := DecodeEvent(f.event, f.data)
	require.NoError(t, err)
	assert.Equal(t, "/big", ev.APIPost.AppID)
	assert.Equal(t, "2026-12-07T00:00:00.000Z", ev.APIPost.AppVersion)
	assert.Less(t, cap(s.line), 1<<10, "the reader's line buffer never held the app")

	// The plan rule is not applied to it, nor the app rule to deployments.
	assert.Equal(t, `{"plan":{"original":null}}`, skipPlan(`{"plan":{"original":{"a":1}}}`))
	var p planSkip
	p.appDef = true
	p.reset()
	for _, c := range []byte(`{"plan":{"original":{"a":1}},"appDefinition":{"id":"/a","x":[1]}}`) {
		p.write(c)
	}
	assert.Equal(t, `{"plan":{"original":{"a":1}},"appDefinition":{"id":"/a","x":null}}`, string(p.out))
}
