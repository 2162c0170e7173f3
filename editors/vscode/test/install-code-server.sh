#!/usr/bin/env bash
# Offline-safe, idempotent install of code-server (the real VS Code workbench, from the npm
# registry) for the end-to-end test. Debian 12 + node 20.
# usage: install-code-server.sh <prefix-dir>   ->  <prefix>/node_modules/.bin/code-server
set -euo pipefail
PREFIX=${1:?usage: install-code-server.sh <prefix-dir>}
CS_VERSION=4.100.3          # newest code-server whose engines accept node 20 (VS Code 1.100.3)
RG_PKG_VERSION=1.15.11      # @vscode/ripgrep pinned by code-server 4.100.3
RG_ASSET=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz
BIN="$PREFIX/node_modules/.bin/code-server"

if [ -x "$BIN" ] && "$BIN" --version 2>/dev/null | grep -q "^$CS_VERSION "; then
  echo "code-server $CS_VERSION already installed in $PREFIX"
  exit 0
fi

# @vscode/ripgrep's postinstall downloads rg from GitHub; it first looks in
# $TMPDIR/vscode-ripgrep-cache-<version>/<asset>, so seed that cache with Debian's rg.
tmp=$(node -p 'require("os").tmpdir()')
cache="$tmp/vscode-ripgrep-cache-$RG_PKG_VERSION"
mkdir -p "$cache"
if [ ! -s "$cache/$RG_ASSET" ]; then
  d=$(mktemp -d); cp "$(command -v rg)" "$d/rg"; tar czf "$cache/$RG_ASSET" -C "$d" rg; rm -rf "$d"
fi

mkdir -p "$PREFIX"
# nodedir: node-gyp uses the installed headers (/usr/include/node) instead of downloading them
# yes: node-pty's install runs `npx node-gyp`, which must be allowed to fetch node-gyp from npm
# unsafe_perm: code-server's postinstall refuses to run as root without it
npm_config_nodedir=${npm_config_nodedir:-/usr} npm_config_yes=true npm_config_unsafe_perm=true \
  npm install --prefix "$PREFIX" --no-audit --no-fund --no-save "code-server@$CS_VERSION"
"$BIN" --version
