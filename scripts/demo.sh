#!/usr/bin/env bash
# The main job (README "Two commands"): on a fresh machine, start the local
# sandbox (Marathon emulator, HAProxy, lb agent, file store), deploy
# examples/hello v1, roll v2 out as a canary through isolated -> partial ->
# full under a steady load, printing the traffic split per release, then
# show a bad v3 (half its requests fail) rolled back automatically. Stops the
# sandbox at the end, whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

mkdir -p bin
echo "==> building bin/yodel and bin/loadgen" >&2
go build -o bin/yodel ./cmd/yodel
go build -o bin/loadgen ./scripts/loadgen

work=$(mktemp -d)
sb="$work/sandbox"
export CI=true # no prompts: this is a script
loadpid=""
cleanup() {
  [ -n "$loadpid" ] && kill "$loadpid" 2>/dev/null && wait "$loadpid" 2>/dev/null || true
  echo "==> yodel sandbox down" >&2
  "$root/bin/yodel" sandbox down --dir "$sb" >&2 || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "==> yodel sandbox up" >&2
bin/yodel sandbox up --dir "$sb" --detach >&2
realm="$sb/realm.yaml"

# The demo's copy of the manifest: a short canary (two partial steps of 10s)
# so the whole rollout fits in a minute.
cp examples/hello/hello.yaml "$work/hello.yaml"
sed -i '/^canary:/,$d' "$work/hello.yaml"
cat >>"$work/hello.yaml" <<'YAML'
canary:
  instances: 1
  isolated:
    smoke:
      - path: /
        expectBody: '"service":"hello"'
        retries: 3
  partial:
    steps: [10, 50]
    duration: 10s
    interval: 2s
    minRequests: 30
    maxLatencyIncrease: 100ms # canary vs stable, Mann-Whitney on every request's time
  drainTimeout: 5s
YAML
deploy() { (cd "$work" && "$root/bin/yodel" deploy -f hello.yaml --realm "$realm" --timeout 5m "$@"); }

echo "==> yodel deploy hello --release v1 (first deploy: rolling)" >&2
deploy --release v1

# deploy returns once every lb agent routes the new service: load it at once.
echo "==> load: 250 requests/s through HAProxy on 127.0.0.1:10080, a quarter of them POSTs (never replayed by HAProxy)" >&2
bin/loadgen -url http://127.0.0.1:10080/ -rate 250 -every 2s -post-every 4 &
loadpid=$!

echo "==> yodel deploy hello --release v2 (canary: isolated -> partial 10%, 50% -> full)" >&2
deploy --release v2 --junit "$work/v2-junit.xml"

echo "==> a bad v3: HELLO_ERROR_RATE=0.5 (half its requests answer 500)" >&2
sed -i 's/^env:$/env:\n  HELLO_ERROR_RATE: "0.5"/' "$work/hello.yaml"
set +e
deploy --release v3
code=$?
set -e
if [ "$code" -ne 3 ]; then
  echo "demo: expected v3 to be rolled back (exit 3), got exit $code" >&2
  exit 1
fi
echo "==> v3 was rolled back automatically (exit 3) at $(date +%H:%M:%S); v2 keeps serving: the split lines from here on fail nothing, and the totals date v3's last failure before it" >&2
sleep 4 # a couple more split lines, showing v2 alone

echo "==> a slow v4: no errors, but HELLO_LATENCY=200ms on every request" >&2
sed -i -e '/^  HELLO_ERROR_RATE: "0.5"$/d' -e 's/^  HELLO_LATENCY: .*/  HELLO_LATENCY: 200ms/' "$work/hello.yaml"
set +e
deploy --release v4
code=$?
set -e
if [ "$code" -ne 3 ]; then
  echo "demo: expected v4 to be rolled back for its latency (exit 3), got exit $code" >&2
  exit 1
fi
echo "==> v4 was rolled back for its latency (exit 3); v2 keeps serving" >&2
sleep 4
kill "$loadpid"; wait "$loadpid" || true; loadpid=""
bin/yodel history hello --realm "$realm" >&2
