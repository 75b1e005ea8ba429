#!/bin/sh
# Usage: scripts/check-goreleaser.sh
# Validates .goreleaser.yaml (builds, nfpms) with goreleaser v2.17.0, run
# from the module cache like staticcheck (a tool, not a dependency of
# yodel). scripts/test.sh runs it beside the tests. Its first `go run` on a
# machine compiles goreleaser's many dependencies (about 5 minutes on 2
# idle cores); later runs take seconds, from Go's build cache.
set -e
cd "$(dirname "$0")/.."
exec nice -n 19 go run github.com/goreleaser/goreleaser/v2@v2.17.0 check
