#!/usr/bin/env bash
# Cirrus over a Redis Cluster beside Redisson's JCache on the same cluster, through the plain
# JCache API, in one run: a local cluster of 3 masters and 3 replicas (redis-server processes on
# 127.0.0.1), then 1, 2 and 3 Cirrus nodes over it. Writes benchmarks/cluster/results.md, which
# benchmarks/run.sh puts into docs/benchmarks.md.
#
#   benchmarks/cluster/run.sh            full run, 3 rounds (about 6 minutes on 2 cores)
#   benchmarks/cluster/run.sh --quick    indicative figures (about 3 minutes)
#   --runs N                             measure Cirrus and Redisson N times each, alternated
#                                        (3 unless given); each figure is the median of the N
#   --no-build                           use the classes already built
#
# Every process this script starts is stopped when it exits, however it exits.
set -euo pipefail
cd "$(dirname "$0")/../.."

MODE=full
BUILD=1
RUNS=3
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) MODE=quick ;;
    --no-build) BUILD=0 ;;
    --runs)
      [[ ${2:-} =~ ^[1-9][0-9]*$ ]] || { echo "--runs takes a positive whole number" >&2; exit 2; }
      RUNS=$2
      shift ;;
    -h|--help) sed -n '2,/^set /{/^#/p}' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

STARTED_AT=$(date +%s)
JAVA=${JAVA:-java}
OUT=benchmarks/target/cluster/$MODE
RESULTS_MD=benchmarks/cluster/results.md
WORK=$(mktemp -d /tmp/cirrus-cluster-bench.XXXXXX)
PIDS=()
# The workloads the comparison is about (names as benchmarks/run.sh's driver knows them).
WORKLOADS=get_100B,put_100B,get_tput_16t,getAll_100,putAll_100,near_hit

log() { printf '[%4ds] %s\n' $(( $(date +%s) - STARTED_AT )) "$*"; }

cleanup() {
  local status=$?
  for pid in "${PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A free loopback port P whose cluster bus port P + 10000 is free too.
free_port() {
  local port
  for _ in $(seq 1 200); do
    # Below 22000, so the bus port stays below Linux's ephemeral range (32768 up), where a busy
    # machine's outgoing connections would take it.
    port=$(( 12000 + RANDOM % 10000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null \
        && ! (exec 3<>"/dev/tcp/127.0.0.1/$(( port + 10000 ))") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  echo "no free loopback port found" >&2
  return 1
}

wait_for() {
  local logfile=$1 pattern=$2 pid=$3 seconds=$4
  local deadline=$(( $(date +%s) + seconds ))
  until grep -q -- "$pattern" "$logfile" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || { echo "process $pid exited:" >&2; tail -20 "$logfile" >&2; return 1; }
    (( $(date +%s) <= deadline )) || { echo "no '$pattern' in $seconds s:" >&2; tail -20 "$logfile" >&2; return 1; }
    sleep 0.1
  done
}

# wait_for_file FILE PID SECONDS: until the process has written FILE. A node prints "listening on"
# before it writes its development token, so a driver started on that line alone may find none.
wait_for_file() {
  local file=$1 pid=$2 seconds=$3
  local deadline=$(( $(date +%s) + seconds ))
  until [[ -s $file ]]; do
    kill -0 "$pid" 2>/dev/null || { echo "process $pid exited before writing $file" >&2; return 1; }
    (( $(date +%s) <= deadline )) || { echo "process $pid did not write $file within $seconds s" >&2; return 1; }
    sleep 0.1
  done
}

if ! command -v redis-server >/dev/null; then
  log "installing redis-server (apt)"
  sudo=""; [[ $(id -u) != 0 ]] && sudo=sudo
  $sudo apt-get install -y -qq redis-server >/dev/null 2>&1 \
    || { $sudo apt-get update -qq && $sudo apt-get install -y -qq redis-server >/dev/null; }
fi
if [[ $BUILD == 1 ]]; then
  log "building (./mvnw -B -q -pl benchmarks -am package -DskipTests)"
  ./mvnw -B -q -pl benchmarks -am package -DskipTests
fi
CP="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
SERVER_JAR=server/target/cirrus-server.jar
rm -rf "$OUT" && mkdir -p "$OUT"

log "starting a Redis Cluster of 3 masters and 3 replicas"
REDIS_PORTS=()
for _ in 1 2 3 4 5 6; do
  port=$(free_port)
  redis-server --port "$port" --bind 127.0.0.1 --cluster-enabled yes --cluster-node-timeout 2000 \
    --cluster-config-file "nodes-$port.conf" --dir "$WORK" --save "" --appendonly no \
    --logfile "$WORK/redis-$port.log" >/dev/null 2>&1 &
  PIDS+=($!)
  REDIS_PORTS+=("$port")
done
for port in "${REDIS_PORTS[@]}"; do
  for _ in $(seq 1 100); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
done
redis-cli --cluster create $(printf '127.0.0.1:%s ' "${REDIS_PORTS[@]}") --cluster-replicas 1 \
  --cluster-yes >"$WORK/create.log" 2>&1 || { cat "$WORK/create.log" >&2; exit 1; }
for port in "${REDIS_PORTS[@]}"; do
  for _ in $(seq 1 150); do
    redis-cli -p "$port" cluster info | grep -q cluster_state:ok && break
    sleep 0.2
  done
done
SEEDS=$(printf '127.0.0.1:%s,' "${REDIS_PORTS[@]:0:3}")
SEEDS=${SEEDS%,}

# Cirrus nodes over the cluster, sharing one data dir (signing keys), as "Running a cluster" says.
NODE_PORTS=()
start_node() {
  local port data log
  port=$(free_port)
  data=$(free_port)
  log="$WORK/cirrus-${#NODE_PORTS[@]}.log"
  mkdir -p "$WORK/keys"
  $JAVA -Xms1g -Xmx2g -jar "$SERVER_JAR" --port "$port" --data-port "$data" \
    --data-dir "$WORK/keys" --store "redis://$SEEDS" >"$log" 2>&1 &
  PIDS+=($!)
  wait_for "$log" "listening on" "$!" 60
  # Any node's token will do (they share the signing keys): the first node's must be there.
  wait_for_file "$WORK/keys/dev-token" "$!" 30
  NODE_PORTS+=("$port")
}

# driver LABEL KIND [args...]: one driver JVM, its figures in $OUT/LABEL.tsv ($DRIVER_OUT/LABEL.tsv
# when DRIVER_OUT is set).
driver() {
  local label=$1 kind=$2
  shift 2
  $JAVA -Xms1g -Xmx2g -Djava.net.preferIPv4Stack=true -cp "$CP" dev.cirrus.benchmarks.e2e.Driver \
    --kind "$kind" --label "$label" --mode "$MODE" --out "${DRIVER_OUT:-$OUT}/$label.tsv" --time-limit 240 "$@" \
    >"$WORK/driver-$label.log" 2>&1 \
    || { echo "driver for $label failed:" >&2; tail -30 "$WORK/driver-$label.log" >&2; }
}

# Every target is measured after two unmeasured runs of the same workloads, as a server that has
# been up for a while is: a Cirrus node's first run over Redis is half JIT compilation (its C2
# compiler thread took about half the node's CPU during a first 16-thread get run, and under 10 %
# by the third), and during a second getAll(100) run its C2 thread still took a third of the
# node's CPU (94 of 262 ticks; 15, 32 and 3 in the three runs after). Redisson gets the same
# runs first, so the cluster holds the same data for both. A node added for the scaling table
# runs its one workload once unmeasured.
WARM_RUNS=2
warm() {
  local runs=$1
  for pass in $(seq 1 "$runs"); do
    log "warming: unmeasured run $pass of $runs of $2"
    DRIVER_OUT="$WORK" driver "warm-$2-$pass" "${@:3}"
  done
}

start_node
warm "$WARM_RUNS" cirrus-redis cirrus --port "${NODE_PORTS[0]}" --token-file "$WORK/keys/dev-token" \
  --only "$WORKLOADS"
warm "$WARM_RUNS" redisson-cluster redisson --cluster "$SEEDS" --only "$WORKLOADS"
# On shared cores one run of either swings by tens of percent (other processes, the host): the
# two are measured in turn, RUNS times, and each figure is the median of its runs.
for run in $(seq 1 "$RUNS"); do
  log "measuring Cirrus over the cluster (1 node), run $run of $RUNS"
  driver "cirrus-redis-$run" cirrus --port "${NODE_PORTS[0]}" --token-file "$WORK/keys/dev-token" \
    --only "$WORKLOADS"
  log "measuring Redisson's JCache on the same cluster, run $run of $RUNS"
  driver "redisson-cluster-$run" redisson --cluster "$SEEDS" --only "$WORKLOADS"
done

# Throughput with 1, 2 and 3 nodes: one client JVM of 16 threads per node, all at once.
for nodes in 1 2 3; do
  while (( ${#NODE_PORTS[@]} < nodes )); do
    start_node
    warm 1 "node${#NODE_PORTS[@]}" cirrus --port "${NODE_PORTS[-1]}" \
      --token-file "$WORK/keys/dev-token" --only get_tput_16t
  done
  log "measuring 16-thread gets with $nodes node(s)"
  # The drivers load their data at their own pace, then measure together (see Driver's --barrier).
  barrier="$WORK/barrier-$nodes"
  mkdir -p "$barrier"
  pids=()
  for i in $(seq 0 $(( nodes - 1 ))); do
    driver "nodes$nodes-client$i" cirrus --port "${NODE_PORTS[$i]}" \
      --token-file "$WORK/keys/dev-token" --only get_tput_16t --barrier "$barrier" &
    pids+=($!)
  done
  for _ in $(seq 1 1800); do
    (( $(find "$barrier" -name 'ready-*' | wc -l) == nodes )) && break
    sleep 0.1
  done
  touch "$barrier/go"
  wait "${pids[@]}"
done

# ---- report ----
figure() { sed -n "s/^$2\t//p" "$OUT/$1.tsv" 2>/dev/null | head -1; }
# median LABEL KEY: the median of KEY over the runs LABEL-1 .. LABEL-RUNS (those that have it).
median() {
  local run
  for run in $(seq 1 "$RUNS"); do figure "$1-$run" "$2"; done \
    | sort -g | awk '{ v[NR] = $1 } END { if (NR) print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}
fmt() { [[ -n $1 ]] && printf '%.0f' "$1" || printf 'n/a'; }
ratio() { [[ -n $1 && -n $2 ]] && awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }' || printf 'n/a'; }
row() {
  local name=$1 key=$2 unit=$3 better=$4 c r
  c=$(median cirrus-redis "$key")
  r=$(median redisson-cluster "$key")
  if [[ $better == lower ]]; then
    printf '| %s | %s %s | %s %s | %s |\n' "$name" "$(fmt "$c")" "$unit" "$(fmt "$r")" "$unit" "$(ratio "$r" "$c")"
  else
    printf '| %s | %s %s | %s %s | %s |\n' "$name" "$(fmt "$c")" "$unit" "$(fmt "$r")" "$unit" "$(ratio "$c" "$r")"
  fi
}
sum_nodes() {
  local nodes=$1 total=0 v
  for i in $(seq 0 $(( nodes - 1 ))); do
    v=$(figure "nodes$nodes-client$i" get_tput_16t.ops_s)
    [[ -z $v ]] && { printf 'n/a'; return; }
    total=$(awk -v t="$total" -v v="$v" 'BEGIN { print t + v }')
  done
  printf '%.0f' "$total"
}
dirty=""
[[ -n $(git status --porcelain -- server jcache-provider benchmarks ':!benchmarks/cluster/results.md' 2>/dev/null) ]] && dirty=" plus uncommitted changes"
{
  echo "## Over a Redis Cluster: Cirrus beside Redisson's JCache"
  echo
  echo "Measured by \`benchmarks/cluster/run.sh\` ($MODE) on $(date -u +%Y-%m-%d\ %H:%M\ UTC), code $(git rev-parse --short HEAD)$dirty:"
  echo "a Redis Cluster of 3 masters and 3 replicas (redis-server $(redis-server --version | sed -E 's/.*v=([^ ]+).*/\1/')) on 127.0.0.1, Cirrus"
  echo "nodes with \`--store redis://...\`, Redisson $(sed -n 's:.*<redisson.version>\(.*\)</redisson.version>.*:\1:p' benchmarks/pom.xml | head -1) with its defaults for a cluster, both through the"
  echo "plain JCache API with the same driver and workloads as the table above, each measured after"
  echo "two unmeasured runs of the same workloads (so a Cirrus node's JIT compiler has done its work),"
  echo "then $RUNS times in turn; each figure is the median of its $RUNS runs. Every process shares"
  echo "the same $(nproc) cores. Ratio: how many times better Cirrus is (above 1.00x Cirrus is ahead)."
  echo
  echo "| workload | Cirrus over Redis (1 node) | Redisson on the cluster | ratio |"
  echo "| --- | --- | --- | --- |"
  row "get p50 (100 B)" get_100B.p50_us µs lower
  row "get p99 (100 B)" get_100B.p99_us µs lower
  row "put p50 (100 B)" put_100B.p50_us µs lower
  row "put p99 (100 B)" put_100B.p99_us µs lower
  row "gets, 16 threads" get_tput_16t.ops_s ops/s higher
  row "getAll(100)" getAll_100.ops_s calls/s higher
  row "putAll(100)" putAll_100.ops_s calls/s higher
  near=$(median cirrus-redis near_hit.ns_op)
  rp50=$(median redisson-cluster get_100B.p50_us)
  if [[ -n $near && -n $rp50 ]]; then
    echo "| near-cache hit vs a Redisson get (p50) | $(awk -v n="$near" 'BEGIN { printf "%.2f", n / 1000 }') µs | $(fmt "$rp50") µs | $(awk -v n="$near" -v p="$rp50" 'BEGIN { printf "%.0fx", p * 1000 / n }') |"
  fi
  echo
  echo "Throughput with more Cirrus nodes (one client JVM of 16 threads per node, all at once, gets of"
  echo "100 B values; each node warmed by one unmeasured run of its own first). On a machine of"
  echo "$(nproc) cores every node, client and Redis process shares the same cores, so this shows what each"
  echo "added node costs here, not how a cluster of machines scales."
  echo
  echo "| Cirrus nodes | gets/s, all clients |"
  echo "| --- | --- |"
  for nodes in 1 2 3; do
    echo "| $nodes | $(sum_nodes "$nodes") |"
  done
} >"$RESULTS_MD"
cat "$RESULTS_MD"
log "wrote $RESULTS_MD"
