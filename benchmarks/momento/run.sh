#!/usr/bin/env bash
# Measures Momento's protocol (through Momento's own Node.js SDK) and Momento's HTTP API against a
# Cirrus server on 127.0.0.1, and writes benchmarks/momento/results.md, which benchmarks/run.sh
# puts into docs/benchmarks.md beside the JCache figures. Needs Node.js 20+ and npm (the SDK comes
# from the npm registry). Usage: benchmarks/momento/run.sh [SECONDS per workload, default 5]
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_WORKLOAD="${1:-5}"
WORK=benchmarks/target/momento
mkdir -p "$WORK"
[[ -f server/target/cirrus-server.jar ]] || ./mvnw -B -q -pl server -am package -DskipTests
cp benchmarks/momento/package.json benchmarks/momento/package-lock.json benchmarks/momento/bench.js "$WORK/"
(cd "$WORK" && npm ci --ignore-scripts --no-audit --no-fund --silent)

DATA=$(mktemp -d)
LOG="$WORK/server.log"
java -Xms1g -Xmx2g -jar server/target/cirrus-server.jar --port 0 --data-port off --http-port 0 \
  --data-dir "$DATA" >"$LOG" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 60); do
  grep -q 'listening on' "$LOG" && [[ -s $DATA/dev-token ]] && break
  sleep 1
done
GRPC=$(sed -n 's|.*listening on cirrus://\([^ ]*\) .*|\1|p' "$LOG" | head -1)
HTTP=$(sed -n 's|.*HTTP on \(http://[^;)]*\).*|\1|p' "$LOG" | head -1)
[[ -n $GRPC && -n $HTTP ]] || { echo "the server did not start; see $LOG" >&2; exit 1; }

{
  echo "## Momento's SDK and HTTP API against Cirrus"
  echo
  echo "Measured by \`benchmarks/momento/run.sh\` on $(date -u +%Y-%m-%d\ %H:%M\ UTC) (code $(git rev-parse --short HEAD)$( [[ -n $(git status --porcelain -- server benchmarks/momento ':!benchmarks/momento/results.md' 2>/dev/null) ]] && echo ' plus uncommitted changes')),"
  echo "${SECONDS_PER_WORKLOAD} s per workload after a warm-up, client (Node.js $(node --version), @gomomento/sdk 1.118.1)"
  echo "and server (in-memory store) on the same $(nproc) cores. Compare with the JCache provider's figures above."
  echo
  (cd "$WORK" && node bench.js "$GRPC" "$HTTP" "$(cat "$DATA/dev-token")" "$SECONDS_PER_WORKLOAD")
  echo
  echo "The Node.js client's own CPU time (the SDK's gRPC stack, fetch) counts in every figure and"
  echo "competes with the server's for the same cores; on a machine shared with other work, runs"
  echo "differ by up to 2x, the p99 most."
} >benchmarks/momento/results.md
cat benchmarks/momento/results.md
