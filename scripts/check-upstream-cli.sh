#!/usr/bin/env bash
# Runs a matrix of everyday commands of Determined's own `det` CLI against a fresh mock master
# and reports each command that fails (non-zero exit, a traceback or a "Failed to ..." message).
#
#   DET_UPSTREAM_HARNESS=<determined checkout>/harness scripts/check-upstream-cli.sh
#
# Needs python3 and the CLI's dependencies (see packages/mock-master/README.md). Skipped, with a
# message, when DET_UPSTREAM_HARNESS is not set. Exit status: 0 when every command passed.
set -u -o pipefail

if [ -z "${DET_UPSTREAM_HARNESS:-}" ]; then
  echo "check-upstream-cli: skipped (set DET_UPSTREAM_HARNESS to a checkout's harness/ directory)"
  exit 0
fi
REPO_ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=upstream/mock.sh
. "$REPO_ROOT/scripts/upstream/mock.sh"

WORK=$(mktemp -d)
trap 'upstream_stop_mock; rm -rf "$WORK"' EXIT
upstream_build_mock "$WORK" || exit 2
upstream_start_mock "$WORK" --speed 100 || exit 2
upstream_det_wrapper "$WORK"
export PATH="$WORK/bin:$PATH" DET_MASTER="$MOCK_URL" DET_USER=admin DET_PASS=""
echo "mock master at $MOCK_URL"

# The model directory: Determined's noop fixture when the checkout has it, else a minimal one.
MODEL_DIR="$DET_UPSTREAM_HARNESS/../e2e_tests/tests/fixtures/noop"
if [ ! -d "$MODEL_DIR" ]; then
  MODEL_DIR="$WORK/model"
  mkdir -p "$MODEL_DIR" && echo 'print("noop")' >"$MODEL_DIR/train.py"
fi
cat >"$WORK/noop.yaml" <<'EOF'
name: cli-matrix
entrypoint: python3 train.py
max_restarts: 0
searcher: {name: single, metric: x, smaller_is_better: true}
hyperparameters:
  actions:
    "1": {action: report, group: training, metrics: {x: 3}}
    "2": {action: report, group: validation, metrics: {x: 2}}
    "3": {action: checkpoint}
    "4": {action: log, base64: aGVsbG8gZnJvbSBub29w, level: 20}
EOF
printf 'resources:\n  slots_per_trial: 1\n' >"$WORK/template.yaml"

PASSED=0
FAILED=()
LAST_OUTPUT=""
# run "<det arguments>": one matrix entry.
run() {
  local out status
  out=$(cd "$WORK" && timeout 180 det "$@" 2>&1 </dev/null)
  status=$?
  LAST_OUTPUT="$out"
  if [ $status -ne 0 ] || grep -qE 'Traceback \(most recent call last\)|Failed to ' <<<"$out"; then
    FAILED+=("det $* (exit $status): $(grep -E 'Error|Failed|Traceback' <<<"$out" | tail -n 1)")
    printf 'FAIL det %s\n%s\n' "$*" "$(tail -n 15 <<<"$out")"
  else
    PASSED=$((PASSED + 1))
    printf 'ok   det %s\n' "$*"
  fi
}

run version
run master info
run master config
run master logs --tail 5
run agent list
run slot list
run task list
run job list
run user whoami
run user list
run workspace list
run project list Uncategorized
run model list
run template list
run command list
run notebook list
run shell list
run tensorboard list

run experiment create "$WORK/noop.yaml" "$MODEL_DIR"
EXP=$(grep -oE 'Created experiment [0-9]+' <<<"$LAST_OUTPUT" | grep -oE '[0-9]+$')
EXP=${EXP:-1}
run experiment wait "$EXP"
run experiment list
run experiment describe "$EXP"
run experiment list-trials "$EXP"
run experiment list-checkpoints "$EXP"
run experiment download-model-def "$EXP"
TRIAL=$(det experiment list-trials "$EXP" --csv 2>/dev/null | awk -F, 'NR==2 {print $1}')
TRIAL=${TRIAL:-1}
run trial describe "$TRIAL"
run trial logs "$TRIAL"
CKPT=$(det experiment list-checkpoints "$EXP" --csv 2>/dev/null | grep -oE '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}' | head -n 1)
run checkpoint describe "$CKPT"
run checkpoint download "$CKPT" --output-dir "$WORK/checkpoint"
run model create cli-model
run model register-version cli-model "$CKPT"
run model describe cli-model
run model list-versions cli-model
run user create cli-user --password 'Str0ng-Passw0rd'
run user deactivate cli-user
run workspace create cli-workspace
run workspace describe cli-workspace
run project create cli-workspace cli-project
run project describe cli-workspace cli-project
run template set cli-template "$WORK/template.yaml"
run template describe cli-template
run experiment label add "$EXP" cli-label
run experiment archive "$EXP"
run experiment list --all

echo
echo "det CLI matrix against the mock master: $PASSED passed, ${#FAILED[@]} failed"
for failure in "${FAILED[@]}"; do echo "  FAILED: $failure"; done
[ ${#FAILED[@]} -eq 0 ]
