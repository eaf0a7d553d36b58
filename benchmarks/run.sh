#!/usr/bin/env bash
# Runs the Cirrus benchmarks side by side with the caches users would pick instead, and writes
# docs/benchmarks.md and docs/benchmarks-throughput.png.
#
#   benchmarks/run.sh              full run (about 6 minutes on 2 cores)
#   benchmarks/run.sh --quick      indicative figures (about 2 minutes)
#   benchmarks/run.sh --jmh        also run the JMH benchmarks (about 1.5 minutes more) and report them
#   benchmarks/run.sh --jmh-only   only the JMH benchmarks, printed (docs untouched)
#   benchmarks/run.sh --profile    JFR of Cirrus (client and server) for single-thread gets, 16-thread
#                                  gets and near-cache hits; summaries in benchmarks/target/profile/
#                                  (docs untouched)
#   benchmarks/run.sh --transport  gRPC echo with each of Cirrus's client choices switched on in turn
#                                  (retry, deadline, headers + server auth, 2 channels); figures in
#                                  benchmarks/target/transport/ (docs untouched)
#   benchmarks/run.sh --metrics-cost
#                                  Cirrus single-thread get (100 B) with the server's per-cache
#                                  recording on and off (--cache-metrics), interleaved on, off, on,
#                                  off, ... (3 pairs unless --runs N), each on a fresh server of the
#                                  same build; medians and their ratio into
#                                  benchmarks/metrics-cost.md, which the next report includes
#                                  (each server warmed by one unmeasured run first; with --quick:
#                                  about 2 minutes, full: about 5)
#   --runs N                       measure each target N times, interleaved (every target once,
#                                  then again); each figure on the page is the median of the N
#   --targets a,b,...              only these targets (cirrus, redisson, hazelcast, hazelcast-fjp2,
#                                  caffeine, grpc-echo, grpc-echo-direct, netty-echo, tcp-echo)
#   --keep                         keep the other targets' figures of the last run of this mode
#                                  (re-measure a target that was disturbed, e.g. --targets cirrus --keep)
#   --no-build                     use the classes already built
#
# Every server runs on 127.0.0.1 in its own process, only while its target is measured; every
# process this script starts is stopped when it exits, however it exits.
set -euo pipefail
cd "$(dirname "$0")/.."

MODE=full
RUN_JMH=0
JMH_ONLY=0
PROFILE=0
TRANSPORT=0
METRICS_COST=0
RUNS=""
KEEP=0
BUILD=1
TARGETS="tcp-echo,netty-echo,grpc-echo,grpc-echo-direct,cirrus,redisson,hazelcast,hazelcast-fjp2,caffeine"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) MODE=quick ;;
    --jmh) RUN_JMH=1 ;;
    --jmh-only) JMH_ONLY=1 ;;
    --profile) PROFILE=1 ;;
    --transport) TRANSPORT=1 ;;
    --metrics-cost) METRICS_COST=1 ;;
    --runs) RUNS="$2"; shift ;;
    --no-build) BUILD=0 ;;
    --keep) KEEP=1 ;;
    --targets) TARGETS="$2"; shift ;;
    -h|--help) sed -n '2,/^set /{/^#/p}' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

if [[ -n $RUNS && ! $RUNS =~ ^[1-9][0-9]*$ ]]; then
  echo "--runs takes a positive whole number of runs, got '$RUNS'" >&2
  exit 2
fi

STARTED_AT=$(date +%s)
JAVA=${JAVA:-java}
# Every JVM (ours, the peers', the echoes', the drivers) starts with its heap touched: a process
# that has served for a while has touched all of it, while a fresh one page-faults each new region
# its young generation grows into, which was a quarter of a 100 KiB get's time on the client. The
# heap's size is fixed: a heap that grows touches its new pages inside a collection's pause.
# Every server JVM (ours, the Hazelcast member, the echoes) keeps its heap on 2 MiB pages, as the
# README advises for Cirrus's server: a store's lookups walk entries spread over the heap, which
# miss the TLB more often on 4 KiB pages (see "The server's heap on 2 MiB pages" on the page).
# The drivers, the users' JVMs, keep the JVM's default.
SERVER_OPTS="-Xms2g -Xmx2g -XX:+AlwaysPreTouch -XX:+UseTransparentHugePages"
DRIVER_OPTS="-Xms2g -Xmx2g -XX:+AlwaysPreTouch"
OUT=benchmarks/target
RESULTS="$OUT/results/$MODE"
WORK=$(mktemp -d /tmp/cirrus-bench.XXXXXX)
PIDS=()

stop_pid() {
  local pid=$1
  kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "process $pid did not stop on SIGTERM within 5 s; killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local status=$?
  for pid in "${PIDS[@]}"; do
    stop_pid "$pid"
  done
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# CPU seconds the whole machine has been busy (all cores, from /proc/stat).
machine_busy() {
  local _cpu user nice system idle iowait irq softirq steal _rest
  read -r _cpu user nice system idle iowait irq softirq steal _rest </proc/stat
  echo $(( user + nice + system + irq + softirq + steal ))
}

# Sets CHILD_TICKS to the CPU ticks used by this script's finished (reaped) child processes:
# servers and drivers. Call it directly, never in $(...): `times` in a subshell sees only the
# subshell's children.
children_busy() {
  times >"$WORK/times"
  # e.g. "1m2.345s 0m5.100s" on the second line -> hundredths of a second
  CHILD_TICKS=$(awk 'NR == 2 { total = 0; for (i = 1; i <= 2; i++) { split($i, a, /[ms]/); total += a[1] * 60 + a[2] } printf "%d\n", total * 100 }' "$WORK/times")
}

# Waits (up to 30 s) until the machine is nearly idle, so that what other processes do on the
# shared cores disturbs the next target as little as possible; prints the busy share it saw last.
wait_quiet() {
  local before after busy=100
  for _ in $(seq 1 15); do
    before=$(machine_busy)
    sleep 2
    after=$(machine_busy)
    busy=$(( (after - before) * 100 / (2 * $(nproc) * $(getconf CLK_TCK)) ))
    (( busy <= 10 )) && break
  done
  echo "$busy"
}

# Around each target: how much CPU processes other than ours used meanwhile, in % of the machine.
begin_target() {
  T_QUIET=$(wait_quiet)
  T_START=$(date +%s%N)
  T_MACHINE=$(machine_busy)
  children_busy
  T_OURS=$CHILD_TICKS
}

end_target() {
  local label=$1 wall machine ours foreign
  wall=$(( ($(date +%s%N) - T_START) / 10000000 ))
  machine=$(( $(machine_busy) - T_MACHINE ))
  children_busy
  ours=$(( CHILD_TICKS - T_OURS ))
  foreign=$(( machine > ours ? machine - ours : 0 ))
  printf '%s\t%s\t%s\n' "$label" "$T_QUIET" "$(( foreign * 100 / (wall * $(nproc)) ))" >>"$RESULTS/load.tsv"
}

log() { printf '[%4ds] %s\n' $(( $(date +%s) - STARTED_AT )) "$*"; }

# A free loopback port: nothing answers on it now.
free_port() {
  local port
  for _ in $(seq 1 100); do
    port=$(( 20000 + RANDOM % 40000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  echo "no free loopback port found" >&2
  return 1
}

# start_bg LOG COMMAND...: starts a background process, remembers it in PIDS and LAST_PID.
start_bg() {
  local logfile=$1
  shift
  "$@" >"$logfile" 2>&1 &
  LAST_PID=$!
  PIDS+=("$LAST_PID")
}

# wait_for LOG PATTERN PID SECONDS: until the process has printed PATTERN.
wait_for() {
  local logfile=$1 pattern=$2 pid=$3 seconds=$4
  local deadline=$(( $(date +%s) + seconds ))
  until grep -q -- "$pattern" "$logfile" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "process $pid exited before printing '$pattern':" >&2
      tail -20 "$logfile" >&2
      return 1
    fi
    if (( $(date +%s) > deadline )); then
      echo "process $pid did not print '$pattern' within $seconds s:" >&2
      tail -20 "$logfile" >&2
      return 1
    fi
    sleep 0.1
  done
}

# wait_for_file FILE PID SECONDS: until the process has written FILE. The server prints
# "listening on" before it writes its development token, so a driver started on that line alone
# may find no token file yet.
wait_for_file() {
  local file=$1 pid=$2 seconds=$3
  local deadline=$(( $(date +%s) + seconds ))
  until [[ -s $file ]]; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "process $pid exited before writing $file" >&2
      return 1
    fi
    if (( $(date +%s) > deadline )); then
      echo "process $pid did not write $file within $seconds s" >&2
      return 1
    fi
    sleep 0.1
  done
}

if [[ $BUILD == 1 ]]; then
  log "building (./mvnw -B -q -pl benchmarks -am package -DskipTests)"
  ./mvnw -B -q -pl benchmarks -am package -DskipTests
fi
CP="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
SERVER_JAR=server/target/cirrus-server.jar
[[ -f $SERVER_JAR ]] || { echo "$SERVER_JAR is missing; run without --no-build" >&2; exit 1; }

run_jmh() {
  mkdir -p "$OUT/jmh"
  log "JMH: codec, request building, near-cache hits (forks 1, 2+3 iterations of 1 s)"
  $JAVA -cp "$CP" org.openjdk.jmh.Main -foe false -rf csv -rff "$OUT/jmh/results.csv" \
    dev.cirrus.benchmarks.jmh 2>&1 | tee "$OUT/jmh/output.txt" | grep -E '^(Benchmark|[A-Z][A-Za-z]+Benchmark\.)|n/a' || true
}

if [[ $JMH_ONLY == 1 ]]; then
  run_jmh
  exit 0
fi

case "$MODE" in
  quick) DRIVER_LIMIT=75 ;;
  *) DRIVER_LIMIT=240 ;;
esac
[[ $PROFILE == 1 ]] && DRIVER_LIMIT=120

# driver LABEL KIND [driver args...]: one driver JVM for one target. Extra JVM flags in DRIVER_EXTRA.
driver() {
  local label=$1 kind=$2
  shift 2
  log "measuring $label"
  # shellcheck disable=SC2086
  $JAVA $DRIVER_OPTS ${DRIVER_EXTRA:-} -Djava.net.preferIPv4Stack=true -cp "$CP" \
    dev.cirrus.benchmarks.e2e.Driver --kind "$kind" --label "$label" --mode "$DRIVER_MODE" \
    --out "${DRIVER_OUT:-$RESULTS}/$label.tsv" --time-limit "$DRIVER_LIMIT" "$@" >"$WORK/driver-$label.log" 2>&1 \
    || { echo "driver for $label failed:" >&2; tail -30 "$WORK/driver-$label.log" >&2; }
  grep -E 'failed|error' "$WORK/driver-$label.log" | head -5 || true
}

start_cirrus() {
  local port data_port=()
  port=$(free_port)
  # A server with the binary data path serves it on a second port (by default --port + 1).
  if $JAVA -jar "$SERVER_JAR" --help 2>/dev/null | grep -q -- '--data-port'; then
    data_port=(--data-port "$(free_port)")
  fi
  mkdir -p "$WORK/cirrus"
  # The token of a server started before in this data dir must not pass for this one's.
  rm -f "$WORK/cirrus/dev-token"
  # shellcheck disable=SC2086
  start_bg "$WORK/cirrus.log" $JAVA $SERVER_OPTS ${SERVER_EXTRA:-} -jar "$SERVER_JAR" \
    --port "$port" "${data_port[@]}" --data-dir "$WORK/cirrus" "${CIRRUS_FLAGS[@]}"
  wait_for "$WORK/cirrus.log" "listening on" "$LAST_PID" 30
  wait_for_file "$WORK/cirrus/dev-token" "$LAST_PID" 30
  CIRRUS_PORT=$port
  CIRRUS_PID=$LAST_PID
}

CIRRUS_FLAGS=()

# median_of KEY FILE...: the median of KEY's value over the TSV files that have it (the mean of the
# middle two for an even count); empty when none has it.
median_of() {
  local key=$1
  shift
  awk -F'\t' -v key="$key" '$1 == key { print $2 }' "$@" | sort -g \
    | awk '{ v[NR] = $1 } END { if (NR == 0) exit; m = int((NR + 1) / 2);
        printf "%.3f\n", (NR % 2) ? v[m] : (v[m] + v[m + 1]) / 2 }'
}

# merge_runs LABEL DIR...: writes $RESULTS/LABEL.tsv with, for each key, the median over the runs'
# DIR/LABEL.tsv of a numeric value that varies, else the last run's value as it was written.
merge_runs() {
  local label=$1
  shift
  local files=()
  for dir in "$@"; do
    [[ -f $dir/$label.tsv ]] && files+=("$dir/$label.tsv")
  done
  (( ${#files[@]} > 0 )) || return 0
  awk -F'\t' '
    { if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 }
      if (count[$1] > 0 && $2 != last[$1]) differs[$1] = 1
      count[$1]++; vals[$1, count[$1]] = $2; last[$1] = $2
      if ($2 !~ /^-?[0-9.]+([eE][-+]?[0-9]+)?$/) text[$1] = 1 }
    END {
      for (i = 1; i <= n; i++) {
        k = order[i]
        if ((k in text) || !(k in differs)) { printf "%s\t%s\n", k, last[k]; continue }
        c = count[k]
        for (a = 1; a <= c; a++) s[a] = vals[k, a] + 0
        for (a = 2; a <= c; a++) { x = s[a]; b = a - 1; while (b > 0 && s[b] > x) { s[b + 1] = s[b]; b-- } s[b + 1] = x }
        m = int((c + 1) / 2)
        printf "%s\t%.3f\n", k, (c % 2) ? s[m] : (s[m] + s[m + 1]) / 2
      }
    }' "${files[@]}" >"$RESULTS/$label.tsv"
}

ensure_redis() {
  if ! command -v redis-server >/dev/null; then
    log "installing redis-server (apt)"
    if ! apt-get install -y -qq redis-server >/dev/null 2>&1; then
      apt-get update -qq && apt-get install -y -qq redis-server >/dev/null
    fi
  fi
}

if [[ $TRANSPORT == 1 ]]; then
  RESULTS="$OUT/transport"
  rm -rf "$RESULTS" && mkdir -p "$RESULTS"
  DRIVER_MODE=full
  for auth in no yes; do
    port=$(free_port)
    flags=(--direct)
    [[ $auth == yes ]] && flags+=(--auth)
    wait_quiet >/dev/null
    start_bg "$WORK/echo-$auth.log" $JAVA $SERVER_OPTS -cp "$CP" dev.cirrus.benchmarks.servers.GrpcEchoServer --port "$port" "${flags[@]}"
    wait_for "$WORK/echo-$auth.log" READY "$LAST_PID" 30
    pid=$LAST_PID
    if [[ $auth == no ]]; then
      variants=("direct:--direct" "direct+retry:--direct --retry" "direct+deadline:--direct --deadline"
        "direct+2-channels:--direct --channels 2")
    else
      variants=("direct+headers+auth:--direct --headers"
        "direct+retry+deadline+headers+auth:--direct --retry --deadline --headers")
    fi
    for variant in "${variants[@]}"; do
      label=${variant%%:*}
      # shellcheck disable=SC2206
      extra=(${variant#*:})
      driver "echo-$label" grpc-echo --port "$port" --only get_100B,get_tput_16t "${extra[@]}"
      printf '%-40s get p50 %8s us   16-thread get %10s ops/s\n' "$label" \
        "$(sed -n 's/^get_100B.p50_us\t//p' "$RESULTS/echo-$label.tsv")" \
        "$(sed -n 's/^get_tput_16t.ops_s\t//p' "$RESULTS/echo-$label.tsv")" | tee -a "$RESULTS/summary.txt"
    done
    stop_pid "$pid"
  done
  exit 0
fi

if [[ $METRICS_COST == 1 ]]; then
  RESULTS="$OUT/metrics-cost"
  rm -rf "$RESULTS" && mkdir -p "$RESULTS"
  DRIVER_MODE=$MODE
  PAIRS=${RUNS:-3}
  for r in $(seq 1 "$PAIRS"); do
    for state in on off; do
      wait_quiet >/dev/null
      CIRRUS_FLAGS=(--cache-metrics "$state")
      start_cirrus
      # One unmeasured run first, so the server's call path is compiled when it is measured (an
      # interpreted extra layer costs many times what it costs compiled).
      DRIVER_OUT="$WORK" driver "warm-$state-$r" cirrus --port "$CIRRUS_PORT" \
        --token-file "$WORK/cirrus/dev-token" --only get_100B
      driver "metrics-$state-$r" cirrus --port "$CIRRUS_PORT" --token-file "$WORK/cirrus/dev-token" \
        --only get_100B
      stop_pid "$CIRRUS_PID"
      printf 'recording %-3s run %d: get p50 %8s us  p99 %8s us\n' "$state" "$r" \
        "$(sed -n 's/^get_100B.p50_us\t//p' "$RESULTS/metrics-$state-$r.tsv")" \
        "$(sed -n 's/^get_100B.p99_us\t//p' "$RESULTS/metrics-$state-$r.tsv")"
    done
  done
  for state in on off; do
    for q in p50 p99; do
      declare "MED_${state}_${q}=$(median_of "get_100B.${q}_us" "$RESULTS"/metrics-"$state"-*.tsv)"
    done
  done
  [[ -n $MED_on_p50 && -n $MED_off_p50 ]] || { echo "no get figures were measured; see the driver logs above" >&2; exit 1; }
  runs_of() {
    local state=$1 q=$2 r out=""
    for r in $(seq 1 "$PAIRS"); do
      out+="${out:+, }$(sed -n "s/^get_100B.${q}_us\t//p" "$RESULTS/metrics-$state-$r.tsv")"
    done
    echo "$out"
  }
  ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }
  P50_RATIO=$(ratio "$MED_on_p50" "$MED_off_p50")
  P99_RATIO=$(ratio "$MED_on_p99" "$MED_off_p99")
  VERDICT=$(awk -v r="$P50_RATIO" 'BEGIN { print (r <= 1.03) ? "within" : "over" }')
  {
    echo "## What recording costs"
    echo
    echo "\`benchmarks/run.sh --metrics-cost\` ($MODE plan, $(date -u +%Y-%m-%d\ %H:%M\ UTC), commit"
    echo "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$( [[ -n $(git status --porcelain -- server 2>/dev/null) ]] && echo ' plus uncommitted server changes'), $(nproc) cores): the Cirrus single-thread get of a 100-byte"
    echo "value through the JCache provider, with the server's per-cache recording on (\`--cache-metrics on\`,"
    echo "the default) and off, interleaved (on, off, on, off, ...; $PAIRS of each), each on a fresh"
    echo "server of the same build, measured after one unmeasured run of the same workload warmed it."
    echo "Medians over the runs, in microseconds:"
    echo
    echo "| server | get p50 | get p99 |"
    echo "| --- | ---: | ---: |"
    echo "| recording on | $MED_on_p50 | $MED_on_p99 |"
    echo "| recording off | $MED_off_p50 | $MED_off_p99 |"
    echo "| on / off | ${P50_RATIO}x | ${P99_RATIO}x |"
    echo
    echo "Each run: on p50 $(runs_of on p50); off p50 $(runs_of off p50); on p99 $(runs_of on p99);"
    echo "off p99 $(runs_of off p99). The goal is a get p50 at most 3 % above the one without recording"
    echo "(on / off at most 1.03): this run is $VERDICT it."
  } >benchmarks/metrics-cost.md
  cat benchmarks/metrics-cost.md
  log "wrote benchmarks/metrics-cost.md (included in docs/benchmarks.md by the next report)"
  exit 0
fi

if [[ $PROFILE == 1 ]]; then
  PROF="$OUT/profile"
  rm -rf "$PROF" && mkdir -p "$PROF"
  DRIVER_MODE=profile
  RESULTS="$PROF"
  # JFR's profile settings, sampling Java stacks every millisecond instead of every 10-20 ms.
  java_home=$(dirname "$(dirname "$(readlink -f "$(command -v "$JAVA")")")")
  sed -E '/<event name="jdk.ExecutionSample">/,/<\/event>/ s#(<setting name="period"[^>]*>)[^<]*(</setting>)#\11 ms\2#' \
    "$java_home/lib/jfr/profile.jfc" >"$WORK/sample-1ms.jfc"
  for workload in get_100B get_tput_16t near_hit; do
    wait_quiet >/dev/null
    SERVER_EXTRA="-XX:StartFlightRecording=filename=$PROF/server-$workload.jfr,settings=$WORK/sample-1ms.jfc"
    start_cirrus
    DRIVER_EXTRA="-XX:StartFlightRecording=filename=$PROF/client-$workload.jfr,settings=$WORK/sample-1ms.jfc" \
      driver "cirrus-$workload" cirrus --port "$CIRRUS_PORT" --token-file "$WORK/cirrus/dev-token" \
      --only "$workload"
    stop_pid "$CIRRUS_PID"
    for side in client server; do
      $JAVA -cp "$CP" dev.cirrus.benchmarks.report.JfrTop --in "$PROF/$side-$workload.jfr" \
        --out "$PROF/$side-$workload.txt"
    done
    cat "$PROF/cirrus-$workload.tsv"
  done
  log "profiles: $PROF/{client,server}-{get_100B,get_tput_16t,near_hit}.{jfr,txt}"
  exit 0
fi

[[ $RUN_JMH == 1 ]] && run_jmh

DRIVER_MODE=$MODE
if [[ $KEEP == 1 ]]; then
  mkdir -p "$RESULTS"
  touch "$RESULTS/load.tsv"
  for target in ${TARGETS//,/ }; do
    sed -i "/^$target\t/d" "$RESULTS/load.tsv"
  done
else
  rm -rf "$RESULTS" && mkdir -p "$RESULTS"
fi
IFS=',' read -r -a SELECTED <<<"$TARGETS"
HZ_PORT=""
RUN_DIRS=()
for run in $(seq 1 "${RUNS:-1}"); do
if [[ -n $RUNS && $RUNS -gt 1 ]]; then
  DRIVER_OUT="$RESULTS/run-$run"
  mkdir -p "$DRIVER_OUT"
  RUN_DIRS+=("$DRIVER_OUT")
  log "run $run of $RUNS"
fi
for target in "${SELECTED[@]}"; do
  begin_target
  case "$target" in
    tcp-echo|netty-echo)
      # The same frames and the same client; only the server's way of serving differs (a thread
      # per connection, or Netty's epoll event loops as Cirrus's data path).
      port=$(free_port)
      class=TcpEchoServer
      [[ $target == netty-echo ]] && class=NettyEchoServer
      start_bg "$WORK/$target.log" $JAVA $SERVER_OPTS -cp "$CP" "dev.cirrus.benchmarks.servers.$class" --port "$port"
      wait_for "$WORK/$target.log" READY "$LAST_PID" 30
      pid=$LAST_PID
      driver "$target" tcp-echo --port "$port"
      stop_pid "$pid" ;;
    grpc-echo|grpc-echo-direct)
      port=$(free_port)
      direct=()
      [[ $target == grpc-echo-direct ]] && direct=(--direct)
      start_bg "$WORK/$target.log" $JAVA $SERVER_OPTS -cp "$CP" dev.cirrus.benchmarks.servers.GrpcEchoServer --port "$port" "${direct[@]}"
      wait_for "$WORK/$target.log" READY "$LAST_PID" 30
      pid=$LAST_PID
      driver "$target" grpc-echo --port "$port" "${direct[@]}"
      stop_pid "$pid" ;;
    cirrus)
      start_cirrus
      driver cirrus cirrus --port "$CIRRUS_PORT" --token-file "$WORK/cirrus/dev-token"
      stop_pid "$CIRRUS_PID" ;;
    redisson)
      ensure_redis
      port=$(free_port)
      start_bg "$WORK/redis.log" redis-server --port "$port" --bind 127.0.0.1 --save "" \
        --appendonly no --protected-mode yes --daemonize no --dir "$WORK"
      wait_for "$WORK/redis.log" "Ready to accept connections" "$LAST_PID" 30
      pid=$LAST_PID
      driver redisson redisson --port "$port"
      stop_pid "$pid" ;;
    hazelcast|hazelcast-fjp2)
      port=$(free_port)
      start_bg "$WORK/$target-member.log" $JAVA $SERVER_OPTS -Dhazelcast.local.localAddress=127.0.0.1 \
        -cp "$CP" dev.cirrus.benchmarks.servers.HazelcastMember --port "$port"
      wait_for "$WORK/$target-member.log" READY "$LAST_PID" 60
      pid=$LAST_PID
      if [[ $target == hazelcast-fjp2 ]]; then
        DRIVER_EXTRA="-Djava.util.concurrent.ForkJoinPool.common.parallelism=2" driver "$target" hazelcast --port "$port"
      else
        driver "$target" hazelcast --port "$port"
      fi
      stop_pid "$pid" ;;
    caffeine)
      driver caffeine caffeine ;;
    *)
      echo "unknown target $target" >&2; exit 2 ;;
  esac
  end_target "$target"
done
done
# Each target's figures: the median over the runs (a run's own figures stay in run-N/).
if (( ${#RUN_DIRS[@]} > 0 )); then
  # The runs' own labels (tcp-echo, cirrus, ...), whatever the targets measured under them.
  for label in $(for dir in "${RUN_DIRS[@]}"; do ls "$dir"; done | sed -n 's/\.tsv$//p' | sort -u); do
    merge_runs "$label" "${RUN_DIRS[@]}"
  done
fi

# Facts about this machine and run, for the report.
redis_version=$(command -v redis-server >/dev/null && redis-server --version | sed -E 's/.*v=([^ ]+).*/\1/' || echo "not installed")
pom_version() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$2" | head -1; }
{
  printf 'mode\t%s\n' "$MODE"
  printf 'runs\t%s\n' "${RUNS:-1}"
  printf 'date\t%s\n' "$(date -u +%Y-%m-%d\ %H:%M\ UTC)"
  printf 'elapsed\t%s\n' "$(( $(date +%s) - STARTED_AT ))"
  printf 'cores\t%s\n' "$(nproc)"
  printf 'cpu\t%s\n' "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
  printf 'memory\t%s\n' "$(free -g | awk '/^Mem:/ {print $2 " GiB"}')"
  printf 'os\t%s\n' "$( (. /etc/os-release && echo "$PRETTY_NAME") 2>/dev/null || uname -sr), kernel $(uname -r)"
  printf 'java\t%s\n' "$($JAVA -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.version = //p')"
  printf 'java_full\t%s\n' "$($JAVA -version 2>&1 | sed -n 2p)"
  printf 'commit\t%s\n' "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$( [[ -n $(git status --porcelain -- proto server jcache-provider 2>/dev/null) ]] && echo ' plus uncommitted changes in proto/server/jcache-provider')"
  printf 'server_opts\t%s\n' "$SERVER_OPTS"
  printf 'driver_opts\t%s\n' "$DRIVER_OPTS"
  printf 'redis\t%s\n' "$redis_version"
  printf 'redisson\t%s\n' "$(pom_version redisson.version benchmarks/pom.xml)"
  printf 'hazelcast\t%s\n' "$(pom_version hazelcast.version benchmarks/pom.xml)"
  printf 'caffeine_jcache\t%s\n' "$(pom_version caffeine-jcache.version benchmarks/pom.xml)"
  printf 'grpc\t%s\n' "$(pom_version grpc.version pom.xml)"
} >"$RESULTS/facts.tsv"

JMH_CSV=""
[[ $RUN_JMH == 1 && -f $OUT/jmh/results.csv ]] && JMH_CSV="$OUT/jmh/results.csv"
# The hand-written analysis, then the Momento SDK and HTTP API figures (benchmarks/momento/run.sh)
# and the Redis Cluster comparison (benchmarks/cluster/run.sh).
SECTIONS="$OUT/sections.md"
cat benchmarks/where-the-time-goes.md >"$SECTIONS"
if [[ -f benchmarks/metrics-cost.md ]]; then
  printf '\n' >>"$SECTIONS"
  cat benchmarks/metrics-cost.md >>"$SECTIONS"
fi
if [[ -f benchmarks/momento/results.md ]]; then
  printf '\n' >>"$SECTIONS"
  cat benchmarks/momento/results.md >>"$SECTIONS"
fi
if [[ -f benchmarks/cluster/results.md ]]; then
  printf '\n' >>"$SECTIONS"
  cat benchmarks/cluster/results.md >>"$SECTIONS"
fi
$JAVA -Djava.awt.headless=true -cp "$CP" dev.cirrus.benchmarks.report.Report \
  --results "$RESULTS" --facts "$RESULTS/facts.tsv" --out docs/benchmarks.md \
  --chart docs/benchmarks-throughput.png --sections "$SECTIONS" --jmh "$JMH_CSV"
log "wrote docs/benchmarks.md and docs/benchmarks-throughput.png ($MODE run)"
