#!/usr/bin/env bash
# The Java time-skipping test server as createTimeSkippingEnv() starts it (test/helpers/temporal.ts): the JVM
# with the client compiler only and the serial collector, which start it about a quarter faster on a loaded
# machine (the SDK waits 5 s for it). A TEMPORAL_TEST_SERVER_JAVA_OPTS of the caller's own wins.
export TEMPORAL_TEST_SERVER_JAVA_OPTS="${TEMPORAL_TEST_SERVER_JAVA_OPTS:--Xmx512m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC}"
exec "${TEMPORAL_TEST_SERVER_PATH:-$(dirname "$0")/../../.tools/bin/temporal-test-server}" "$@"
