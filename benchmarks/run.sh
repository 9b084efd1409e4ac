#!/usr/bin/env bash
# The benchmark suite, one command: what the agent costs and how it compares, side by side on
# this machine, and docs/BENCHMARKS.md regenerated from the run. Not part of the test command.
#
#   benchmarks/run.sh            # the documented run: under 20 minutes on 2 cores
#   SMOKE=1 benchmarks/run.sh    # a minute or two, tiny sizes, report in benchmarks/target/suite/
#
# It measures (benchmarks/suite.py, then JMH):
#   - HTTP through haproxy: Tomcat 11, Jetty 12, Undertow 2.3 with the agent against no agent,
#     against Jetty's and Undertow's own PROXY support, against nginx before Tomcat's RemoteIpValve,
#     and the agent's hooks alone (optional mode, no header) to tell its cost from the protocol's;
#   - a connection per request straight to the servers, the header in the request's segment or
#     in its own (as haproxy sends it), to tell the agent's code from the extra segment's cost;
#   - start-up to the first answered request, with and without the agent;
#   - heap per pending and per open connection;
#   - the codec against Netty's HAProxyMessageDecoder (JMH CodecBenchmark, ResultFootprint).
# It needs wrk, haproxy and nginx (Debian packages; installed here when missing and run as root).
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)

missing=()
for tool in wrk haproxy nginx; do
  PATH="$PATH:/usr/sbin:/sbin" command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "run.sh: needs ${missing[*]}: apt-get install wrk haproxy nginx-light" >&2
    exit 1
  fi
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y wrk haproxy nginx-light
fi
export PATH="$PATH:/usr/sbin:/sbin"

OUT=benchmarks/target/suite
JAR=benchmarks/target/benchmarks.jar
if [ -n "${SMOKE:-}" ]; then
  export BENCH_ROUNDS=2 BENCH_SECONDS=1 BENCH_WARMUP_SECONDS=1 BENCH_STARTUP_RUNS=1 BENCH_MEMORY_CONNECTIONS=100
  JMH_OPTS="-f 1 -wi 0 -i 1 -w 100ms -r 100ms"
  CODEC_PASSES=1
  # A smoke run may overlap another JMH run (JMH's lock file); its numbers do not matter.
  JMH_JVM_OPTS="-Djmh.ignoreLock=true"
  REPORT=$OUT/BENCHMARKS.md
  command="SMOKE=1 benchmarks/run.sh"
else
  JMH_OPTS="-f 1 -wi 2 -i 2 -w 500ms -r 500ms"
  # Three passes over every row, one fork each, rather than three forks of a row in a row: the
  # forks of a row are then minutes apart, so a slow stretch of this shared machine reaches one
  # of them, not all three (run 6 had a row whose three back-to-back forks were all slow).
  CODEC_PASSES=3
  REPORT=docs/BENCHMARKS.md
  command="benchmarks/run.sh"
fi

mvn -q -B package -DskipTests -pl benchmarks -am
rm -rf "$OUT"
mkdir -p "$OUT"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"

python3 benchmarks/suite.py "$OUT"

for pass in $(seq 1 "$CODEC_PASSES"); do
  jmh=(java ${JMH_JVM_OPTS:-} -jar "$JAR" CodecBenchmark $JMH_OPTS -prof gc -rf json -rff "$OUT/codec-$pass.json")
  "${jmh[@]}" > "$OUT/codec-$pass.log"
done
# The command as the document shows it: the loop, with its pass number left as a variable.
jmh_command="for pass in \$(seq 1 $CODEC_PASSES); do ${jmh[*]/%codec-$pass.json/codec-\$pass.json}; done"
java -cp "$JAR" io.proxywrap.benchmarks.ResultFootprint > "$OUT/footprint.tsv"

elapsed=$(( $(date +%s) - started ))
BENCH_ELAPSED="$((elapsed / 60)) min $((elapsed % 60)) s" \
  python3 benchmarks/report.py "$OUT" "$command" "$jmh_command" "$JAR" "$load_before" > "$REPORT.tmp"
mv "$REPORT.tmp" "$REPORT"
echo "wrote $REPORT"
