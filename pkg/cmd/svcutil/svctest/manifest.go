package svctest

import "fmt"

// WebManifest is the manifest of the tests' service web: `sleep 600` with
// n instances and one HTTP port, 10080, followed by extra (more top-level
// keys: env, secrets, canary, ...).
func WebManifest(n int, extra string) string {
	return fmt.Sprintf(`service: web
cmd: sleep 600
instances: %d
resources: {cpus: 0.1, mem: 32}
ports:
  - {name: http, servicePort: 10080}
`, n) + extra
}
