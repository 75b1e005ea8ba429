// Package faults injects failures into a rolling deploy (Marathon 5xx,
// slowness, a dropped event stream, leader failover, ZooKeeper restart and
// session loss, two deploys at once) and checks the outcome: the deploy
// ends with a clear exit code, a re-run converges, and the service never
// loses its healthy capacity. RELIABILITY.md records each row.
package faults
