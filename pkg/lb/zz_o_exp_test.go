package lb_test

import (
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/yodeldeploy/yodel/pkg/haproxy/haproxytest"
)

func TestOExpChurn(t *testing.T) {
	s := newStack(t, "")
	r := s.startAgent("agent-1", func(b string) string {
		b = strings.Replace(b, "log stderr format raw local0 notice", "log stderr format raw local0 info", 1)
		b = strings.Replace(b, "retries 3", "retries "+os.Getenv("O_RETRIES"), 1)
		return strings.Replace(b, "option dontlognull", "option dontlognull\n    option httplog", 1)
	})
	port := haproxytest.FreePort(t)
	s.create(app("/hello-blue", "hello", "http", 3, port))
	waitServing(t, r.in, port, func() []string {
		if b := s.healthyTasks("/hello-blue"); len(b) == 3 {
			return b
		}
		return nil
	})
	stop := make(chan struct{})
	go func() {
		sizes := []int{6, 2, 5, 3}
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if i%3 == 2 {
				if tasks := s.healthyTasks("/hello-blue"); len(tasks) > 1 {
					t.Logf("%s kill %s", time.Now().Format("15:04:05.000"), tasks[0])
					if resp, err := http.Post(s.emu.URL+"/_emulator/tasks/"+tasks[0]+"/kill", "application/json", nil); err == nil {
						resp.Body.Close()
					}
				}
			} else {
				t.Logf("%s scale %d healthy %v", time.Now().Format("15:04:05.000"), sizes[i%len(sizes)], s.healthyTasks("/hello-blue"))
				s.mc.ScaleApp(s.ctx, "/hello-blue", sizes[i%len(sizes)], true)
			}
			select {
			case <-stop:
			case <-time.After(300 * time.Millisecond):
			}
		}
	}()
	res := attack(t, port, 250, 4*time.Second)
	close(stop)
	if len(res.failures) > 0 {
		t.Logf("failures %v", res.failures)
		for _, l := range strings.Split(r.in.Log(), "\n") {
			if !strings.Contains(l, " 200 ") {
				t.Log(l)
			}
		}
		t.Fail()
	}
}
