#!/usr/bin/env bash
# Builds the .vsix and opens it in a local VS Code (code-server) on a scratch copy of the
# project's sample workspace. Prints the URL; Ctrl-C stops the server.
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/setup-vscode.sh
[ -d node_modules ] || npm ci
npm run -s package >/dev/null
npx tsc -p .
exec node out/test/harness/try.js "$@"
