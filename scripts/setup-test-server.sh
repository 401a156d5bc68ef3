#!/usr/bin/env bash
# Installs the Java time-skipping Temporal test server from Maven Central into .tools/ and writes an
# executable wrapper that TestWorkflowEnvironment.createTimeSkipping() starts as an 'existing-path' server.
# Idempotent: does nothing when the wrapper and its jars are already there.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VERSION="${TEMPORAL_TEST_SERVER_VERSION:-1.32.1}"
DEST="$ROOT/.tools/temporal-test-server-$VERSION"
WRAPPER="$ROOT/.tools/bin/temporal-test-server"
# The wrapper holds the absolute jar path: a moved or re-cloned checkout gets a new one.
if [[ -x "$WRAPPER" && -f "$DEST/.complete" ]] && grep -qF "$DEST/lib" "$WRAPPER"; then exit 0; fi
command -v java >/dev/null || { echo "setup-test-server: java is required (apt-get install default-jre-headless)" >&2; exit 1; }
command -v mvn >/dev/null || { echo "setup-test-server: mvn is required (apt-get install maven)" >&2; exit 1; }
mkdir -p "$DEST/lib" "$ROOT/.tools/bin"
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
cat > "$WORK/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local</groupId><artifactId>temporal-test-server-fetch</artifactId><version>1</version>
  <dependencies>
    <dependency><groupId>io.temporal</groupId><artifactId>temporal-test-server</artifactId><version>$VERSION</version></dependency>
  </dependencies>
</project>
POM
echo "setup-test-server: fetching io.temporal:temporal-test-server:$VERSION and its dependencies from Maven Central"
mvn -q -B -f "$WORK/pom.xml" dependency:copy-dependencies -DoutputDirectory="$DEST/lib" -DincludeScope=runtime
cat > "$WRAPPER" <<WRAP
#!/usr/bin/env bash
# temporal-test-server $VERSION — args: <port> [--enable-time-skipping]
exec java \${TEMPORAL_TEST_SERVER_JAVA_OPTS:--Xmx512m} -cp "$DEST/lib/*" io.temporal.testserver.TestServer "\$@"
WRAP
chmod +x "$WRAPPER"
touch "$DEST/.complete"
echo "setup-test-server: ready at $WRAPPER"
