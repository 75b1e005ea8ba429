#!/bin/sh
# Usage: scripts/check-goreleaser.sh
# Validates .goreleaser.yaml (builds, nfpms) with goreleaser v2.17.0, run
# from the module cache like staticcheck (a tool, not a dependency of
# yodel). Not part of scripts/test.sh: its first `go run` on a machine
# compiles goreleaser's many dependencies (over 15 minutes on 2 cores);
# later runs take seconds. Run it when .goreleaser.yaml or packaging/ change.
set -e
cd "$(dirname "$0")/.."
exec nice -n 19 go run github.com/goreleaser/goreleaser/v2@v2.17.0 check
