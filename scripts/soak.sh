#!/usr/bin/env bash
# Soak test (not in CI): rollouts in a loop for N minutes against a fresh
# sandbox, with continuous requests through its HAProxy; reports failed
# requests, the lb agent's memory over time and the file descriptors of
# every sandbox process.
#
#   scripts/soak.sh                      # 30 minutes of rolling deploys
#   scripts/soak.sh -m 5                 # 5 minutes
#   scripts/soak.sh --strategy canary    # canary rollouts: isolated, 25%, 50%, full
#   scripts/soak.sh --executor process   # real processes instead of inproc
#   scripts/soak.sh --store zookeeper    # a real ZooKeeper as the routing-state store
#
# Output: one line per rollout, then a summary; samples go to
# $DIR/soak.tsv (time, rollout, agent RSS KiB, fds per component).
set -euo pipefail

minutes=30
strategy=rolling
executor=inproc
store=file
while [ $# -gt 0 ]; do
  case "$1" in
    -m|--minutes) minutes=$2; shift 2 ;;
    --strategy) strategy=$2; shift 2 ;;
    --executor) executor=$2; shift 2 ;;
    --store) store=$2; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "soak.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

root=$(cd "$(dirname "$0")/.." && pwd)
dir=$(mktemp -d /tmp/ysoak.XXXX)   # short: HAProxy socket paths are limited
bin=$dir/yodel
(cd "$root" && go build -o "$bin" ./cmd/yodel)

cleanup() {
  [ -n "${loadpid:-}" ] && kill "$loadpid" 2>/dev/null || true
  "$bin" sandbox down --dir "$dir/sb" >/dev/null 2>&1 || true
}
trap cleanup EXIT

"$bin" sandbox up --detach --dir "$dir/sb" --executor "$executor" --store "$store" --timeout 120s
realm=$dir/sb/realm.yaml
pid_of() { python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(next(c["pid"] for c in r["components"] if c["name"]==sys.argv[2]))' "$dir/sb/sandbox.json" "$1"; }
agent=$(pid_of lb); haproxy=$(pid_of haproxy); marathon=$(pid_of marathon)

mkdir -p "$dir/work/services"
cat > "$dir/work/services/soak.yaml" <<'YAML'
service: soak
cmd: yodel example hello
instances: 3
resources: {cpus: 0.1, mem: 32}
ports:
  - {name: http, servicePort: 10555}
health: {path: /health, intervalSeconds: 2, gracePeriodSeconds: 10}
upgrade: {minimumHealthCapacity: 1, maximumOverCapacity: 1}
# Canary rollouts (--strategy canary): short steps, so a 30-minute soak
# makes many; one request at a time gives the canary ~10 a second at 25%.
canary:
  isolated:
    smoke: [{path: /health}]
  partial: {steps: [25, 50], duration: 6s, interval: 2s, minRequests: 5}
YAML
cd "$dir/work"
export CI=true NO_COLOR=1
"$bin" deploy soak --realm "$realm" --release r0 --strategy rolling --yes >/dev/null

# The agent routes the new service within a sync; only then count.
for _ in $(seq 1 100); do
  curl -fsS -m 2 -o /dev/null http://127.0.0.1:10555/ 2>/dev/null && break
  sleep 0.1
done

# Continuous load: one request at a time through HAProxy, counted; curl's
# errors go to load.log.
exec 3>"$dir/load.log"
(
  sent=0 failed=0
  trap 'echo "$sent $failed" > "$dir/load.count"; exit 0' TERM
  while :; do
    sent=$((sent+1))
    curl -fsS -m 5 -o /dev/null http://127.0.0.1:10555/ 2>&3 || failed=$((failed+1))
    [ $((sent % 100)) -eq 0 ] && echo "$sent $failed" > "$dir/load.count"
  done
) &
loadpid=$!

fds() { ls "/proc/$1/fd" 2>/dev/null | wc -l; }
rss() { awk '/VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
printf 'time\trollout\tagent_rss_kib\tagent_fds\thaproxy_fds\tmarathon_fds\n' > "$dir/soak.tsv"

end=$(( $(date +%s) + minutes*60 ))
n=0 bad=0
while [ "$(date +%s)" -lt "$end" ]; do
  n=$((n+1))
  start=$(date +%s)
  if "$bin" deploy soak --realm "$realm" --release "r$n" --strategy "$strategy" --yes >"$dir/deploy-$n.log" 2>&1; then rc=0; else rc=$?; bad=$((bad+1)); fi
  printf '%s\t%d\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$n" "$(rss "$agent")" "$(fds "$agent")" "$(fds "$haproxy")" "$(fds "$marathon")" >> "$dir/soak.tsv"
  echo "rollout $n: exit $rc in $(( $(date +%s) - start ))s; agent rss $(rss "$agent") KiB, fds agent $(fds "$agent") haproxy $(fds "$haproxy") marathon $(fds "$marathon")"
done
kill -TERM "$loadpid"; wait "$loadpid" 2>/dev/null || true; loadpid=
read -r sent failed < "$dir/load.count"
first=$(sed -n 2p "$dir/soak.tsv" | cut -f3); last=$(tail -1 "$dir/soak.tsv" | cut -f3)
echo
echo "soak: $n rollouts ($strategy) in $minutes min, $bad failed"
echo "soak: requests sent $sent, failed $failed"
echo "soak: agent RSS ${first} KiB after the first rollout, ${last} KiB after the last"
echo "soak: samples in $dir/soak.tsv; deploy logs in $dir/deploy-*.log"
[ "$bad" -eq 0 ] && [ "$failed" -eq 0 ]
