#!/usr/bin/env bash
# Runs every test of the project: the whole Maven build (unit tests, fuzz regression inputs,
# integration tests against the shaded agent jar) on the default JDK, then again on Temurin 25.
# The agent is Java 8 bytecode that must work on every JDK a server runs on; the two ends we
# test are the machine's default (17) and the newest LTS (25).
#
# PROXYWRAP_JDK25 points at the second JDK when it is not under /usr/lib/jvm.
set -euo pipefail
cd "$(dirname "$0")/.."

second_jdk=${PROXYWRAP_JDK25:-$(ls -d /usr/lib/jvm/temurin-25* 2>/dev/null | head -n 1 || true)}
if [ -z "$second_jdk" ] || [ ! -x "$second_jdk/bin/java" ]; then
  echo "test-all: no Temurin 25 found under /usr/lib/jvm; set PROXYWRAP_JDK25 to a JDK 25 home" >&2
  exit 1
fi

echo "== JDK $(java -version 2>&1 | head -n 1)"
mvn -B verify

echo "== JDK $("$second_jdk/bin/java" -version 2>&1 | head -n 1)"
JAVA_HOME="$second_jdk" mvn -B verify
