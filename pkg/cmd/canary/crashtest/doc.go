// Package crashtest holds the kill -9 matrix of the canary rollout (issue
// 7): the deploying CLI is killed at every step, under load through the
// sandbox's HAProxy, and `yodel canary resume` and (separately) `yodel
// canary abort` must converge with no failed request. It has no code of
// its own; the tests live in its _test files, apart from pkg/cmd/canary's
// end-to-end test so each package's test run stays short.
package crashtest
