// Package loadfaults breaks Marathon and ZooKeeper while yodel deploys, with
// continuous load through the sandbox's HAProxy: the built yodel binary in
// a sandbox whose routing state lives in a real ZooKeeper (`yodel sandbox
// up --store zookeeper`), the Marathon emulator with real task processes,
// real HAProxy 2.6 and the lb agent.
//
// Marathon faults (503s, TCP resets, slow and hanging answers, 500s and a
// dropped event stream mid-rollout) are injected by a proxy the test puts
// in front of the emulator; both the deploying CLI and the lb agent reach
// Marathon only through it, each through a proxy of its own so that every
// fault reaches each of them. ZooKeeper faults stop the sandbox's own
// ZooKeeper and start it again on the same data directory.
//
// Every test counts the requests that failed and which release answered;
// the stable release must lose none. RELIABILITY.md records each row.
package loadfaults
