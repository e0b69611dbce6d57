#!/usr/bin/env bash
# Runs a suite inside a real VS Code (code-server): integration | e2e | bench.
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:?usage: test-vscode.sh integration|e2e|bench [filters...]}
shift || true
bash .ci/setup-vscode.sh
[ -d node_modules ] || npm ci
npm run -s build
npx tsc -p .
case "$kind" in
  integration) node out/test/harness/runIntegration.js "$@" ;;
  e2e)
    npm run -s package >/dev/null
    node out/test/e2e/run.js "$@" ;;
  bench) node out/bench/vscode.js "$@" ;;
  *) echo "unknown suite $kind" >&2; exit 2 ;;
esac
