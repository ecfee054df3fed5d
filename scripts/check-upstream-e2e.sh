#!/usr/bin/env bash
# Runs Determined's own e2e_cpu tests that need only a master against a fresh mock master and
# reports pass/fail per test.
#
#   DET_UPSTREAM_HARNESS=<determined checkout>/harness scripts/check-upstream-e2e.sh [test files...]
#
# Without arguments it runs the selection in scripts/upstream/e2e-files.txt (paths relative to
# the checkout's e2e_tests/); arguments are files or single tests (`file::test`). Either way the
# tests listed in scripts/upstream/e2e-exclude.txt (ones an open-source master fails too) are
# deselected. Needs python3 with pytest, pytest-timeout and the CLI's
# dependencies (see packages/mock-master/README.md). Skipped, with a message, when
# DET_UPSTREAM_HARNESS is not set. DET_UPSTREAM_SPEED sets the mock's virtual speed (default 5).
set -u -o pipefail

if [ -z "${DET_UPSTREAM_HARNESS:-}" ]; then
  echo "check-upstream-e2e: skipped (set DET_UPSTREAM_HARNESS to a checkout's harness/ directory)"
  exit 0
fi
REPO_ROOT=$(cd "$(dirname "$0")/.." && pwd)
E2E_DIR=$(cd "$DET_UPSTREAM_HARNESS/../e2e_tests" && pwd) || {
  echo "check-upstream-e2e: no e2e_tests/ next to $DET_UPSTREAM_HARNESS" >&2
  exit 2
}
# shellcheck source=upstream/mock.sh
. "$REPO_ROOT/scripts/upstream/mock.sh"

if [ $# -gt 0 ]; then
  FILES=("$@")
else
  mapfile -t FILES < <(grep -vE '^\s*(#|$)' "$REPO_ROOT/scripts/upstream/e2e-files.txt")
fi

DESELECT=()
while read -r node; do
  DESELECT+=(--deselect "$node")
done < <(grep -vE '^\s*(#|$)' "$REPO_ROOT/scripts/upstream/e2e-exclude.txt")

WORK=$(mktemp -d)
trap 'upstream_stop_mock; rm -rf "$WORK"' EXIT
upstream_build_mock "$WORK" || exit 2
upstream_start_mock "$WORK" --speed "${DET_UPSTREAM_SPEED:-5}" || exit 2
upstream_det_wrapper "$WORK"
PORT=${MOCK_URL##*:}
EXCLUDED=$((${#DESELECT[@]} / 2))
echo "mock master at $MOCK_URL; running ${#FILES[@]} file(s); $EXCLUDED test(s) excluded by scripts/upstream/e2e-exclude.txt"

(
  cd "$E2E_DIR" &&
    PATH="$WORK/bin:$PATH" PYTHONPATH="$DET_UPSTREAM_HARNESS:$E2E_DIR" DET_MASTER="$MOCK_URL" \
      /usr/bin/python3 -m pytest -m e2e_cpu "${FILES[@]}" "${DESELECT[@]}" --master-host 127.0.0.1 --master-port "$PORT" \
      --no-compare-stats -p no:cacheprovider -q --timeout "${DET_UPSTREAM_TIMEOUT:-300}" \
      --junitxml "$WORK/report.xml" >"$WORK/pytest.log" 2>&1
)
if [ ! -s "$WORK/report.xml" ]; then
  echo "pytest produced no report:" >&2
  tail -n 40 "$WORK/pytest.log" >&2
  exit 2
fi
[ -n "${DET_UPSTREAM_LOG:-}" ] && cp "$WORK/pytest.log" "$DET_UPSTREAM_LOG"
/usr/bin/python3 "$REPO_ROOT/scripts/upstream/junit-report.py" "$WORK/report.xml"
