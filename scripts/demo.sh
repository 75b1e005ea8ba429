#!/usr/bin/env bash
# The main job (README "Two commands"). For now: build yodel, validate every
# example manifest against the qa realm, and render the Marathon app JSON a
# deploy would send for each, stable and canary. A later issue turns this
# into a real deploy on the local sandbox.
set -euo pipefail
cd "$(dirname "$0")/.."

mkdir -p bin
echo "==> building bin/yodel" >&2
go build -o bin/yodel ./cmd/yodel
yodel() { bin/yodel --realms realms "$@"; }

shopt -s nullglob
manifests=(examples/*.yaml examples/*/*.yaml)
if [ ${#manifests[@]} -eq 0 ]; then
  echo "no example manifests under examples/" >&2; exit 1
fi

echo "==> realms" >&2
yodel realms

echo "==> yodel validate --realm qa ${manifests[*]}" >&2
yodel validate --realm qa "${manifests[@]}"

for m in "${manifests[@]}"; do
  for track in stable canary; do
    echo "==> yodel render -f $m --realm qa --track $track" >&2
    yodel render -f "$m" --realm qa --track "$track" --release demo
  done
done
echo "==> done: ${#manifests[@]} manifests valid and rendered for realm qa" >&2
