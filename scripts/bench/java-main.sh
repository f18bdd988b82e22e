#!/usr/bin/env bash
# Runs a benchmark main class from the host's test classes with JDK 25 (shared by the scripts here).
# Usage: scripts/bench/java-main.sh CLASS [JVM flags...] -- [args...]
set -euo pipefail
cd "$(dirname "$0")/../.."
main="$1"; shift
jvm=(); while [[ $# -gt 0 && "$1" != "--" ]]; do jvm+=("$1"); shift; done
[[ $# -gt 0 ]] && shift
if [[ -z "${JAVA_HOME:-}" || ! -x "$JAVA_HOME/bin/java" ]] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -q 'version "2[5-9]'; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
mvn -B -q -o -pl host -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp \
  -Dmdep.includeScope=test >/dev/null
CP="host/target/test-classes:host/target/classes:plugin-api/target/classes:$(cat host/target/bench.cp)"
exec "$JAVA_HOME/bin/java" -Xmx1g --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
  "${jvm[@]}" -cp "$CP" "$main" "$@"
