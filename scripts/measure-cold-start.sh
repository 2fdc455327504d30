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
log="$(mktemp -d)/apphost.log"
totals=()

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
descendants() { echo "$1"; for child in $(pgrep -P "$1" || true); do descendants "$child"; done; }
any_running() { for pid in "$@"; do kill -0 "$pid" 2>/dev/null && return 0; done; return 1; }

for run in $(seq 1 "$runs"); do
  start=$(now)
  # Its own process group, so SIGINT reaches it as Ctrl+C reaches a terminal's foreground job.
  setsid dotnet run --no-build --project OklaMq.AppHost -- --Infrastructure:Mode=process >"$log" 2>&1 </dev/null &
  cli=$!
  declare -A serving=() healthy=()
  broker="" dashboard=""
  while [ "${#healthy[@]}" -lt "${#services[@]}" ]; do
    if [ "$(since "$start" | cut -d. -f1)" -ge 300 ]; then
      echo "run $run: not healthy after 300 s; see $log" >&2
      kill -INT -- "-$cli" || true
      exit 1
    fi
    [ -z "$dashboard" ] && grep -q "Login to the dashboard" "$log" && dashboard=$(since "$start")
    if [ -z "$broker" ]; then
      app=$(pgrep -P "$cli" -f OklaMq.AppHost || true)
      for owner in /tmp/oklamq/messaging-*/owner.pid; do
        if [ -n "$app" ] && [ "$(cat "$owner" 2>/dev/null)" = "$app" ] \
          && grep -qs "Server startup complete" "$(dirname "$owner")"/log/*/*.log; then
          broker=$(since "$start")
        fi
      done
    fi
    for entry in "${services[@]}"; do
      name=${entry%%:*} port=${entry##*:}
      [ -n "${healthy[$name]:-}" ] && continue
      body=$(curl -s -m 2 "localhost:$port/health" || true)
      [ -n "$body" ] && [ -z "${serving[$name]:-}" ] && serving[$name]=$(since "$start")
      [[ "$body" == '{"status":"Healthy"'* ]] && healthy[$name]=$(since "$start")
    done
    sleep 0.25
  done
  total=$(since "$start")
  totals+=("$total")
  echo "run $run: all Healthy after $total s (dashboard $dashboard s, broker started $broker s)"
  for entry in "${services[@]}"; do
    name=${entry%%:*}
    echo "  $name: answering /health at ${serving[$name]} s, Healthy at ${healthy[$name]} s"
  done

  app=$(pgrep -P "$cli" -f OklaMq.AppHost)
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
  unset serving healthy
done

printf '%s\n' "${totals[@]}" | sort -n | awk '{ v[NR] = $1 } END { printf "median of %d runs: %.1f s to all Healthy\n", NR, v[int((NR + 1) / 2)] }'
echo "(machine load now: $(cut -d' ' -f1-3 /proc/loadavg))"
