#!/usr/bin/env bash
# Measures the AppHost's cold start as a developer sees it: from `dotnet run --project OklaMq.AppHost`
# (process mode, solution already built) until all six services report Healthy, with the steps in
# between, then stops it with SIGINT (as Ctrl+C does) and measures until every process it started is
# gone. Usage: scripts/measure-cold-start.sh [runs]   (default 3; prints each run and the median)
# Uses the launch profile's fixed ports: run it when no other AppHost of this repository is running.
set -euo pipefail
cd "$(dirname "$0")/.."

runs="${1:-3}"
services=(vehicles:5278 billing:5341 auth:5874 notification:5293 analytics:5441 deadletters:5190)
totals=()

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="${2:-$(now)}" 'BEGIN { printf "%.1f", b - a }'; }
descendants() { echo "$1"; for child in $(pgrep -P "$1" || true); do descendants "$child"; done; }
any_running() { for pid in "$@"; do kill -0 "$pid" 2>/dev/null && return 0; done; return 1; }

# One poller per service, so that a slow answer of one (DCP's proxy accepts a connection before the
# service listens, and curl then waits) does not delay noticing the others. Writes <name>.serving
# when /health first answers and <name>.healthy when it says Healthy.
poll_service() {
  local name=${1%%:*} port=${1##*:} marks=$2 start=$3 body
  while :; do
    body=$(curl -s -m 1 "localhost:$port/health" || true)
    [ -n "$body" ] && [ ! -e "$marks/$name.serving" ] && since "$start" >"$marks/$name.serving"
    if [[ "$body" == '{"status":"Healthy"'* ]]; then since "$start" >"$marks/$name.healthy"; return; fi
    sleep 0.1
  done
}

for run in $(seq 1 "$runs"); do
  marks=$(mktemp -d)
  log="$marks/apphost.log"
  start=$(now)
  # Its own process group, so SIGINT reaches it as Ctrl+C reaches a terminal's foreground job.
  setsid dotnet run --no-build --project OklaMq.AppHost -- --Infrastructure:Mode=process >"$log" 2>&1 </dev/null &
  cli=$!
  pollers=()
  for entry in "${services[@]}"; do
    poll_service "$entry" "$marks" "$start" &
    pollers+=($!)
  done
  dashboard=""
  while any_running "${pollers[@]}"; do
    if [ "$(since "$start" | cut -d. -f1)" -ge 300 ]; then
      echo "run $run: not healthy after 300 s; see $log" >&2
      kill "${pollers[@]}" 2>/dev/null || true
      kill -INT -- "-$cli" || true
      exit 1
    fi
    [ -z "$dashboard" ] && grep -q "Login to the dashboard" "$log" && dashboard=$(since "$start")
    sleep 0.1
  done
  total=$(since "$start")
  totals+=("$total")

  # The broker's own clock for its boot: the first and the last line of it in the node's log.
  app=$(pgrep -P "$cli" -f OklaMq.AppHost)
  broker="?"
  for owner in /tmp/oklamq/messaging-*/owner.pid; do
    if [ "$(cat "$owner" 2>/dev/null)" = "$app" ]; then
      node_log=$(ls "$(dirname "$owner")"/log/*/*@localhost.log)
      booting=$(date -d "$(head -1 "$node_log" | cut -c1-26)" +%s.%N)
      ready=$(date -d "$(grep -m1 "Server startup complete" "$node_log" | cut -c1-26)" +%s.%N)
      broker="logging at $(since "$start" "$booting") s, ready at $(since "$start" "$ready") s"
    fi
  done
  echo "run $run: all Healthy after $total s (dashboard login line at ${dashboard:-?} s; broker $broker)"
  for entry in "${services[@]}"; do
    name=${entry%%:*}
    echo "  $name: answering /health at $(cat "$marks/$name.serving") s, Healthy at $(cat "$marks/$name.healthy") s"
  done

  dcp=$(pgrep -f "dcp start-apiserver --monitor $app" || true)
  started=$( (descendants "$cli"; [ -n "$dcp" ] && descendants "$dcp") | sort -u)
  stop=$(now)
  kill -INT -- "-$cli"
  while any_running $started; do
    if [ "$(since "$stop" | cut -d. -f1)" -ge 120 ]; then
      echo "  still running 120 s after SIGINT: $(ps -o pid=,comm= -p "$(echo $started | tr ' ' ',')" | tr '\n' ' ')" >&2
      exit 1
    fi
    sleep 0.5
  done
  echo "  SIGINT: all $(echo "$started" | wc -w) processes it started gone after $(since "$stop") s"
done

printf '%s\n' "${totals[@]}" | sort -n | awk '{ v[NR] = $1 } END { printf "median of %d runs: %.1f s to all Healthy\n", NR, v[int((NR + 1) / 2)] }'
echo "(machine load now: $(cut -d' ' -f1-3 /proc/loadavg))"
