#!/usr/bin/env bash
# Fuzzes the agent's Jazzer fuzz tests for a given time each (see docs/FUZZING.md).
#
#   agent/fuzz.sh decoder|reader|all [duration]     duration as Jazzer takes it: 30s, 5m, 1h (default 5m)
#   agent/fuzz.sh decoder|reader|all 10000000       or a number of executions per target
#
# One target per JVM (Jazzer fuzzes one @FuzzTest per run). The generated corpus goes to
# agent/.fuzz/.cifuzz-corpus/, crashing inputs to agent/.fuzz/crash-*, the log to agent/.fuzz/*.log;
# all gitignored. Exit status is non-zero if a run found something.
set -euo pipefail

usage() {
    echo "usage: $0 decoder|reader|all [duration, e.g. 30s, 5m, 1h; default 5m | executions, e.g. 10000000]" >&2
    exit 2
}

case "${1:-}" in
    decoder) targets=(ProxyHeaderDecoderFuzzTest) ;;
    reader) targets=(ProxyHeaderReaderFuzzTest) ;;
    all) targets=(ProxyHeaderDecoderFuzzTest ProxyHeaderReaderFuzzTest) ;;
    *) usage ;;
esac
duration=${2:-5m}
executions=0
if [[ $duration =~ ^[0-9]+$ ]]; then
    # A count of executions: JAZZER_MAX_EXECUTIONS ends the run; the duration is only a backstop.
    executions=$duration
    duration=24h
fi

agent=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$agent/.fuzz"
status=0
for target in "${targets[@]}"; do
    log="$agent/.fuzz/$target-$(date +%Y%m%d-%H%M%S).log"
    if [[ $executions -gt 0 ]]; then
        echo "fuzzing $target for $executions executions; log: $log"
    else
        echo "fuzzing $target for $duration; log: $log"
    fi
    # A bounded heap and direct memory: a leak per execution ends as an OutOfMemoryError finding.
    limits=(JAZZER_MAX_DURATION="$duration")
    if [[ $executions -gt 0 ]]; then
        limits+=(JAZZER_MAX_EXECUTIONS="$executions")
    fi
    if ! env JAZZER_FUZZ=1 "${limits[@]}" \
        mvn -f "$agent/../pom.xml" -pl agent test \
            -Dtest="$target" -Dsurefire.failIfNoSpecifiedTests=false \
            -DargLine="-Xmx1g -XX:MaxDirectMemorySize=256m" >"$log" 2>&1; then
        status=1
        echo "  FAILED: see $log" >&2
    fi
    # libFuzzer's last status line: "#<executions> DONE cov: ... exec/s: ..." (absent after a finding).
    grep -aE '^#[0-9]+[[:space:]]+DONE|^Done [0-9]+ runs' "$log" | sed 's/^/  /' || true
    grep -aE 'Test unit written to|artifact_prefix|== Java Exception' "$log" | sed 's/^/  /' || true
done
ls "$agent"/.fuzz/crash-* 2>/dev/null | sed 's/^/  finding: /' || true
exit $status
