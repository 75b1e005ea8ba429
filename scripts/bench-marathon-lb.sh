#!/usr/bin/env bash
# yodel lb beside marathon-lb on one realm (not in CI; BENCHMARKS.md, lb
# agent, issue 21): the same emulator, 1000 services x 3 tasks, each on an
# HAProxy 2.6 of its own started from the same base configuration, in
# alternating rounds. Prints a table of cold sync, peak and current RSS,
# idle CPU and a restart that finds one new task, per run.
#
#   scripts/bench-marathon-lb.sh                 # apps with Marathon health checks
#   scripts/bench-marathon-lb.sh --no-checks     # apps without them
#   scripts/bench-marathon-lb.sh --rounds 4 --services 500
#
# marathon-lb comes from $MARATHON_LB_DIR if set (a checkout or an
# unpacked archive), else it is cloned at the commit pinned below into
# ~/.cache/yodel/marathon-lb. Its Python packages, socat (its reload
# command) and HAProxy come from Debian (apt-get; run as root, or have them
# installed).
set -euo pipefail

# marathon-lb v1.15.0's last commit (2020-09-25), the newest there is.
mlb_repo=https://github.com/mesosphere/marathon-lb
mlb_commit=9e669ec0ee78ecbf19d9ec0b26fcfbe6df27b3a5
rounds=2
services=1000
checks=1
while [ $# -gt 0 ]; do
  case "$1" in
    --no-checks) checks=; shift ;;
    --rounds) rounds=$2; shift 2 ;;
    --services) services=$2; shift 2 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "bench-marathon-lb.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

cd "$(dirname "$0")/.."

debs="haproxy socat python3 python3-requests python3-six python3-dateutil python3-pycurl python3-jwt python3-cryptography"
if ! /usr/bin/python3 -c 'import requests, six, dateutil, pycurl, jwt, cryptography' 2>/dev/null ||
  ! command -v socat >/dev/null || ! [ -x /usr/sbin/haproxy ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "bench-marathon-lb.sh: needs these Debian packages, run as root to install them: $debs" >&2
    exit 1
  fi
  apt-get install -y $debs >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y $debs >/dev/null; }
fi

dir=${MARATHON_LB_DIR:-}
if [ -z "$dir" ]; then
  dir=${XDG_CACHE_HOME:-$HOME/.cache}/yodel/marathon-lb
  if [ "$(git -C "$dir" rev-parse HEAD 2>/dev/null)" != "$mlb_commit" ]; then
    rm -rf "$dir"
    git clone -q "$mlb_repo" "$dir"
    git -C "$dir" checkout -q "$mlb_commit"
  fi
fi
[ -f "$dir/marathon_lb.py" ] || { echo "bench-marathon-lb.sh: no marathon_lb.py in $dir" >&2; exit 1; }

export YODEL_LB_MLB=$dir/marathon_lb.py YODEL_LB_MLB_ROUNDS=$rounds YODEL_LB_SCALE_SERVICES=$services
if [ -z "$checks" ]; then export YODEL_LB_SCALE_NOCHECKS=1; fi
exec go test -count=1 -run '^TestScaleVersusMarathonLB$' -v -timeout 60m ./pkg/lb/
