// Package testproc holds what test helpers need to start long-lived
// processes (ZooKeeper, a Java Curator client) that must not outlive the
// test binary.
package testproc
