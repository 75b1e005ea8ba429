package marathon

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"
)

// BenchmarkWaitDeploymentOverhead measures yodel's own latency between
// Marathon reporting a deployment done (the deployment leaves the app and
// deployment_success is emitted) and WaitDeployment returning: the SSE
// delivery, the confirming read of the app and the decision. The fake
// Marathon is in-process on loopback, so this is the client's overhead, not
// Marathon's. Reported: p50-ms and p95-ms per app size.
func BenchmarkWaitDeploymentOverhead(b *testing.B) {
	for _, tasks := range []int{3, 1000} {
		b.Run(fmt.Sprintf("tasks=%d", tasks), func(b *testing.B) {
			state := newCluster()
			f := newFake(b, state)
			c := newTestClient(b, Config{URLs: []string{f.URL()}})
			var samples []time.Duration
			b.StopTimer()
			for range b.N {
				state.update(func(apps map[string]*App, deps *[]Deployment) {
					a := testApp("/web-blue", tasks, v2, true)
					for i := range tasks {
						a.Tasks = append(a.Tasks, testTask("/web-blue", fmt.Sprint(i), v2, "TASK_RUNNING", ptr(true)))
					}
					a.Deployments = []map[string]string{{"id": "d-2"}}
					apps["/web-blue"] = a
					*deps = []Deployment{{ID: "d-2", AffectedApps: []string{"/web-blue"}}}
				})
				ready := make(chan struct{})
				var once bool
				done := make(chan error, 1)
				go func() {
					_, err := c.WaitDeployment(context.Background(), WaitSpec{
						AppID: "/web-blue", DeploymentID: "d-2", Version: v2, WantInstances: tasks, PollInterval: time.Hour,
						OnProgress: func(p Progress) {
							if !once && !p.Polling && p.Healthy == tasks {
								once = true
								close(ready)
							}
						},
					})
					done <- err
				}()
				<-ready
				b.StartTimer()
				t0 := time.Now()
				state.update(func(apps map[string]*App, deps *[]Deployment) {
					apps["/web-blue"].Deployments = nil
					*deps = nil
				})
				state.emit(EventDeploymentSuccess, map[string]any{"id": "d-2"})
				if err := <-done; err != nil {
					b.Fatal(err)
				}
				samples = append(samples, time.Since(t0))
				b.StopTimer()
			}
			slices.Sort(samples)
			b.ReportMetric(float64(samples[len(samples)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(samples[len(samples)*95/100].Microseconds())/1000, "p95-ms")
		})
	}
}
