// Package rollout drives the built yodel binary through canary rollouts in
// a sandbox (Marathon emulator, real HAProxy, lb agents, file store) under
// continuous load, and breaks things on the way: an lb agent killed and
// restarted, a second agent joining, HAProxy refusing a reload, canaries
// that crash-loop, hang or fail their requests, and the emulator killed and
// restarted. Each test counts the requests that failed and which release
// answered them; RELIABILITY.md records each row.
package rollout
