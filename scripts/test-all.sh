#!/usr/bin/env bash
# The whole test suite: unit (Node, real files), integration (mocha in a real VS Code extension
# host) and e2e (Playwright against the real workbench with the packaged .vsix).
# Every part runs even when an earlier one fails, so one run shows everything that is wrong.
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
echo "### unit"; npm run -s test:unit || status=1
echo "### integration"; bash scripts/test-vscode.sh integration || status=1
echo "### e2e"; bash scripts/test-vscode.sh e2e || status=1
if [ $status -eq 0 ]; then echo "### all suites passed"; else echo "### some suites FAILED"; fi
exit $status
