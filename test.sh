#!/usr/bin/env bash
# The one test command: installs what the tests need, builds, then runs every test.
# Tests run inside a loopback-only network namespace (unshare -n, lo up) so media and browser tests can only ever
# reach 127.0.0.1 / ::1. Building (which restores packages) happens before entering it.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

scripts/install-test-deps.sh
dotnet build Messenger.sln -nologo -v quiet

log=$(mktemp)
run_tests='dotnet test Messenger.sln --no-build -nologo'
if unshare -n true 2>/dev/null; then
  set +e
  unshare -n sh -c "ip link set lo up && $run_tests" 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
  set -e
else
  echo "warning: cannot create a network namespace here; running tests in the host namespace" >&2
  set +e
  sh -c "$run_tests" 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
  set -e
fi

# One plain closing line over all test assemblies.
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -oE 'Skipped: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
rm -f "$log"
echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
exit "$status"
