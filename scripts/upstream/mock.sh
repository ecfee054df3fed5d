# Helpers shared by scripts/check-upstream-*.sh (sourced, not run): build the mock master from
# source into a temporary directory and start a fresh one on a free port.
#
#   upstream_build_mock <dir>            bundles packages/mock-master/src/cli.ts to <dir>/mock.cjs
#                                        (native addons left out: ssh2 falls back to its JS crypto)
#   upstream_start_mock <dir> [args...]  starts it; sets MOCK_URL and MOCK_PID
#   upstream_stop_mock                   stops the mock started last

upstream_build_mock() {
  local dir="$1"
  (cd "$REPO_ROOT" && npx esbuild packages/mock-master/src/cli.ts --bundle --platform=node --format=cjs \
    --target=node20 --tsconfig=packages/mock-master/tsconfig.json --outfile="$dir/mock.cjs" --log-level=warning \
    '--external:*.node')
}

upstream_start_mock() {
  local dir="$1"
  shift
  node "$dir/mock.cjs" --port 0 "$@" >"$dir/mock.out" 2>"$dir/mock.err" &
  MOCK_PID=$!
  MOCK_URL=""
  for _ in $(seq 1 100); do
    MOCK_URL=$(head -n 1 "$dir/mock.out" 2>/dev/null || true)
    [ -n "$MOCK_URL" ] && break
    sleep 0.1
  done
  if [ -z "$MOCK_URL" ]; then
    echo "the mock master did not start:" >&2
    cat "$dir/mock.err" >&2
    return 1
  fi
}

upstream_stop_mock() {
  if [ -n "${MOCK_PID:-}" ]; then
    kill "$MOCK_PID" 2>/dev/null || true
    wait "$MOCK_PID" 2>/dev/null || true
    MOCK_PID=""
  fi
}

# Writes a `det` command running Determined's CLI from the harness checkout into <dir>/bin.
upstream_det_wrapper() {
  local dir="$1"
  mkdir -p "$dir/bin"
  cat >"$dir/bin/det" <<WRAPPER
#!/bin/sh
PYTHONPATH="$DET_UPSTREAM_HARNESS\${PYTHONPATH:+:\$PYTHONPATH}" exec /usr/bin/python3 -m determined.cli.__main__ "\$@"
WRAPPER
  chmod +x "$dir/bin/det"
}
