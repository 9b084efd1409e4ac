#!/usr/bin/env bash
# Codec benchmark: our ProxyHeaderDecoder against Netty's HAProxyMessageDecoder (JMH, -prof gc).
# Builds the benchmark jar, runs it, and regenerates docs/BENCHMARKS.md from the JSON result.
# Sized for a shared 2-core machine: about 6 minutes in all.
#
#   benchmarks/run-codec.sh              # the documented run
#   JAVA=/path/to/java benchmarks/run-codec.sh
#   JMH_OPTS="-f 1 -wi 1 -i 1 -w 200ms -r 200ms" benchmarks/run-codec.sh   # a smoke run
set -euo pipefail

cd "$(dirname "$0")/.."
JAVA=${JAVA:-java}
JMH_OPTS=${JMH_OPTS:-"-f 1 -wi 3 -i 5 -w 1s -r 1s"}
JAR=benchmarks/target/benchmarks.jar
OUT=benchmarks/target/codec
mkdir -p docs

mvn -q -pl benchmarks -am package -DskipTests
mkdir -p "$OUT"

# The machine may be shared: the report gives the load average before and after the run.
export CODEC_LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
jmh=("$JAVA" -jar "$JAR" CodecBenchmark $JMH_OPTS -prof gc -rf json -rff "$OUT/codec.json")
"${jmh[@]}" | tee "$OUT/codec.log"
"$JAVA" -cp "$JAR" io.proxywrap.benchmarks.ResultFootprint > "$OUT/footprint.tsv"

command="benchmarks/run-codec.sh"
if [ "$JAVA" != java ] || [ "$JMH_OPTS" != "-f 1 -wi 3 -i 5 -w 1s -r 1s" ]; then
  command="JAVA='$JAVA' JMH_OPTS='$JMH_OPTS' $command"
fi
python3 benchmarks/codec-report.py "$OUT/codec.json" "$OUT/footprint.tsv" "$JAR" \
  "$command" "${jmh[*]}" > docs/BENCHMARKS.md
echo "wrote docs/BENCHMARKS.md"
