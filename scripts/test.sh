#!/usr/bin/env bash
# The test command (README.md and .ci/run call exactly this). Installs what the
# tests need when it is missing, checks gofmt, then runs every test with -race
# while go vet and staticcheck run beside them.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v haproxy >/dev/null 2>&1 || need+=(haproxy)
# python-marathon: the emulator is checked against a second real client (Debian installs it for /usr/bin/python3).
/usr/bin/python3 -c "import marathon" 2>/dev/null || need+=(python3-marathon)
[ -f /usr/share/java/zookeeper.jar ] || need+=(zookeeper)
# Curator discovery (pkg/discovery) is checked with the real library: a small
# Java client compiled by the tests. Debian's discovery package lacks its
# dependency on the recipes jar, hence both.
command -v javac >/dev/null 2>&1 || need+=(default-jdk-headless)
[ -f /usr/share/java/curator-x-discovery.jar ] || need+=(libcurator-discovery-java)
[ -f /usr/share/java/curator-recipes.jar ] || need+=(libcurator-recipes-java)
# The web dashboard is tested in a real browser (chromedp drives Debian's chromium).
command -v chromium >/dev/null 2>&1 || need+=(chromium)
# partial.metrics checks are tested against a real Prometheus (pkg/metrics/promtest
# runs the binary on a loopback port; the package's system service is not used).
command -v prometheus >/dev/null 2>&1 || need+=(prometheus)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}" >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
# The Debian package starts a system HAProxy on :80 on some machines; tests
# start their own instances on loopback ports and do not need it.

go mod download
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then
  echo "gofmt needed on:" >&2; echo "$unformatted" >&2; exit 1
fi

# go vet and staticcheck (at a pinned version, run from the module cache: a
# tool, not a dependency of yodel, so it stays out of go.mod) run beside the
# tests, at a lower priority: the end-to-end tests spend most of their time
# waiting on processes and steps, and the checks fill that idle CPU.
checks=$(mktemp -d)
trap 'rm -rf "$checks"' EXIT
# The suite never sees the developer's own yodel: a sandbox left in the
# default directory adds the realm "local" to every realm list, and a
# config file, a realm in ~/.config/yodel/realms or YODEL_REALM changes
# the defaults. Go's own settings file lives in XDG_CONFIG_HOME too, so
# GOENV keeps pointing at it.
GOENV=$(go env GOENV)
export GOENV XDG_STATE_HOME="$checks/state" XDG_CONFIG_HOME="$checks/config" YODEL_CONFIG=
unset YODEL_REALM YODEL_REALMS YODEL_SANDBOX_DIR YODEL_OUTPUT YODEL_DEBUG YODEL_FORCE_TTY YODEL_SECRETS
( r=0; nice -n 10 go vet ./... >"$checks/vet" 2>&1 || r=$?; echo $r >"$checks/vet.rc" ) &
( r=0; nice -n 10 go run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./... >"$checks/staticcheck" 2>&1 || r=$?
  echo $r >"$checks/staticcheck.rc" ) &
# The judgement simulation (pkg/judge, sim_test.go) is built without -race
# (it is excluded from race builds): arithmetic on one goroutine, 4-12x
# slower under the race detector for nothing.
( r=0; go test -count=1 -run '^TestSimulatedJudgements$' ./pkg/judge >"$checks/sim" 2>&1 || r=$?; echo $r >"$checks/sim.rc" ) &
# goreleaser check (.goreleaser.yaml: builds, nfpms packages, completions,
# man pages, systemd units), at nice 19: its first `go run` on a machine
# compiles goreleaser (about 5 minutes of both cores when idle, measured
# 2026-12-05; in idle CPU beside the suite), later runs take seconds.
( r=0; scripts/check-goreleaser.sh >"$checks/goreleaser" 2>&1 || r=$?; echo $r >"$checks/goreleaser.rc" ) &
# `go install github.com/yodeldeploy/yodel/cmd/yodel@latest` from a local
# release of the committed tree, at nice 19 too.
( r=0; nice -n 19 scripts/check-go-install.sh >"$checks/goinstall" 2>&1 || r=$?; echo $r >"$checks/goinstall.rc" ) &

# go test runs two packages at once (-p is the number of cores) in the
# order given. The end-to-end packages take one to three minutes each and
# sort last by import path, so they would start last and leave one core
# idle at the end: the slowest go first (longest first; BENCHMARKS.md,
# "The test suite", has the per-package times).
slow=(
  ./test/rollout ./test/loadfaults ./test/security ./pkg/server ./test/faults ./pkg/cmd/scale ./pkg/cmd/canary
  ./pkg/haproxy ./pkg/cmd/canary/crashtest ./pkg/cmd/lb ./pkg/lb ./pkg/cmd/deploy ./pkg/notify
  ./pkg/discovery ./pkg/sandbox/sandboxtest ./pkg/cmd/server
)
slowq=()
for p in "${slow[@]}"; do
  q=$(go list "$p" 2>/dev/null) && slowq+=("$q") # a package since renamed is skipped
done
restq=()
while read -r p; do
  case " ${slowq[*]} " in *" $p "*) ;; *) restq+=("$p") ;; esac
done < <(go list ./...)

# The other packages (seconds each, but a race build each; the longest,
# pkg/marathon, pkg/sandbox/emulator, pkg/state and pkg/sandbox, 20-40 s
# without a rig) run in a second go test beside the slow ones, at a lower
# priority: the slow packages spend most of their time waiting on
# processes and on the machine-wide rig slots, and one go test with -p 2
# would hold both of its places with them and build and run the others only
# at the end (BENCHMARKS.md, "The test suite").
# -count=1: the end-to-end tests exec a freshly built yodel binary, which the
# test cache does not track; a cached pass could hide a regression.
( r=0; go test -race -count=1 -timeout 30m "$@" "${slowq[@]}" || r=$?; echo $r >"$checks/slow.rc" ) &
( r=0; nice -n 5 go test -race -count=1 -timeout 30m "$@" "${restq[@]}" || r=$?; echo $r >"$checks/rest.rc" ) &
wait
rc=0
for c in slow rest; do
  [ "$(cat "$checks/$c.rc")" = 0 ] || rc=1
done
for c in vet staticcheck sim goreleaser goinstall; do
  if [ "$(cat "$checks/$c.rc")" != 0 ]; then
    echo "$c failed:" >&2; cat "$checks/$c" >&2; rc=1
  fi
done
exit $rc
