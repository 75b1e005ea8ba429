#!/usr/bin/env bash
# The test command (README.md and .ci/run call exactly this). Installs what the
# tests need when it is missing, then vets and runs every test with -race.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v haproxy >/dev/null 2>&1 || need+=(haproxy)
[ -f /usr/share/java/zookeeper.jar ] || need+=(zookeeper)
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
go vet ./...
# staticcheck at a pinned version, run from the module cache: a tool, not a
# dependency of yodel, so it stays out of go.mod.
go run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...
# -count=1: the end-to-end tests exec a freshly built yodel binary, which the
# test cache does not track; a cached pass could hide a regression.
go test -race -count=1 -timeout 30m "$@" ./...
