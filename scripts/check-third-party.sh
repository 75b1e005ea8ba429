#!/bin/sh
# Usage: scripts/check-third-party.sh
# Runs upstream's own tests against the patched copies of haproxytech's
# config-parser and client-native in third_party/ (see their PATCHED.md):
# copies the repository to a scratch directory, adds upstream's test files
# and test data from the module cache, rewrites their imports to the
# copies' paths and runs `go test` on them.
set -e
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'chmod -R u+w $tmp; rm -rf $tmp' EXIT
cd "$root"
go mod download github.com/haproxytech/config-parser/v5@v5.1.6 github.com/haproxytech/client-native/v5@v5.1.10
cp_src=$(go mod download -json github.com/haproxytech/config-parser/v5@v5.1.6 | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
cn_src=$(go mod download -json github.com/haproxytech/client-native/v5@v5.1.10 | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
tar -C "$root" --exclude=.git -cf - . | tar -C "$tmp" -xf -
cp_dst=$tmp/third_party/haproxytech-config-parser
cn_dst=$tmp/third_party/haproxytech-client-native
cp -r "$cp_src/tests" "$cp_dst/"
(cd "$cp_src" && find . -name '*_test.go' -not -path './tests/*' -exec cp --parents {} "$cp_dst/" \;)
(cd "$cn_src" && cp --parents configuration/*_test.go "$cn_dst/")
cp -r "$cn_src/configuration/testdata" "$cn_dst/configuration/" 2>/dev/null || true
chmod -R u+w "$tmp"
find "$cp_dst" "$cn_dst" -name '*.go' | xargs sed -i \
  -e 's#"github.com/haproxytech/client-native/v5/#"github.com/yodeldeploy/yodel/third_party/haproxytech-client-native/#g' \
  -e 's#"github.com/haproxytech/config-parser/v5"#"github.com/yodeldeploy/yodel/third_party/haproxytech-config-parser"#g' \
  -e 's#"github.com/haproxytech/config-parser/v5/#"github.com/yodeldeploy/yodel/third_party/haproxytech-config-parser/#g'
cd "$tmp"
# -vet=off: upstream's tests predate Go 1.24's printf check. -trimpath:
# the scratch directory changes every run; without it no compiled package
# would come from Go's build cache.
GOFLAGS="-mod=mod -trimpath" go test -vet=off ./third_party/haproxytech-config-parser/... ./third_party/haproxytech-client-native/...
