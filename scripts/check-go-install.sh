#!/bin/sh
# Usage: scripts/check-go-install.sh [REPO] (default: the current directory;
# the committed HEAD is what gets installed). GOSUMDB is off because the
# release is local; the go.mod rules checked are the ones @latest applies.
# Mimics `go install github.com/yodeldeploy/yodel/cmd/yodel@latest`: serves
# the committed tree as a release from a file:// module proxy (dependencies
# from the local module cache's download directory), with a fresh module
# cache and no module context, and installs from it. -trimpath keeps the
# compiled packages independent of the fresh module cache's directory, so
# that Go's build cache serves them from the second run on.

set -e
src=${1:-.}
tmp=$(mktemp -d)
ver=v0.99.0
mod=github.com/yodeldeploy/yodel
d=$tmp/proxy/$mod/@v
mkdir -p $d $tmp/bin
git -C $src archive --format=tar --prefix=$mod@$ver/ HEAD | tar -x -C $tmp
if grep -q '^replace \|^exclude ' $tmp/$mod@$ver/go.mod; then
  echo "go.mod has a replace or exclude, which go install ...@latest refuses:" >&2
  grep '^replace \|^exclude ' $tmp/$mod@$ver/go.mod >&2
  chmod -R u+w $tmp; rm -rf $tmp
  exit 1
fi
(cd $tmp && zip -qr $d/$ver.zip $mod@$ver)
cp $tmp/$mod@$ver/go.mod $d/$ver.mod
echo "{\"Version\":\"$ver\",\"Time\":\"2026-12-03T00:00:00Z\"}" > $d/$ver.info
echo $ver > $d/list
cache=$(go env GOMODCACHE)/cache/download
cd $tmp
rc=0
env GOPROXY=file://$tmp/proxy,file://$cache GOSUMDB=off GOFLAGS="-modcacherw -trimpath" GOMODCACHE=$tmp/modcache GOBIN=$tmp/bin \
  go install $mod/cmd/yodel@latest $mod/cmd/yodel-lb@latest || rc=$?
[ $rc = 0 ] && $tmp/bin/yodel --version && $tmp/bin/yodel-lb --version
chmod -R u+w $tmp; rm -rf $tmp
exit $rc
