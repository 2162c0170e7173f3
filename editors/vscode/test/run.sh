#!/usr/bin/env bash
# End-to-end test of editors/vscode in the real VS Code workbench (code-server from npm),
# driven by playwright-core + Debian's Chromium, against a real copydesk server.
#
#   COPYDESK_SERVER_PATH=/path/to/copydesk editors/vscode/test/run.sh
#
# Idempotent installs: apt packages (only when something is missing), code-server into
# <repo>/.cache/code-server, the extension's npm packages (npm ci) into
# editors/vscode/node_modules. Builds the linux-x64 .vsix with that server bundled inside
# and installs it into a throw-away code-server profile. Prints "N passed, N failed";
# screenshots and logs go to <repo>/.cache/e2e-artifacts/vscode/.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ext=$(cd "$here/.." && pwd)
root=$(cd "$ext/../.." && pwd)
cache="$root/.cache"
art="$cache/e2e-artifacts/vscode"
start=$(date +%s)

die() { echo "error: $*" >&2; echo "vscode e2e took $(($(date +%s) - start))s"; echo "0 passed, 1 failed"; exit 1; }

server=${COPYDESK_SERVER_PATH:-}
[ -n "$server" ] && [ -x "$server" ] || die "COPYDESK_SERVER_PATH must point at the copydesk binary (got '$server')"
server=$(cd "$(dirname "$server")" && pwd)/$(basename "$server")
echo "server: $server ($("$server" --version))"
command -v node >/dev/null && command -v npm >/dev/null || die "node and npm are required (node 20)"

# --- system packages (native modules of code-server, ripgrep, the browser) -------------
missing=0
for c in chromium rg make g++ pkg-config python3 krb5-config strip; do
  command -v "$c" >/dev/null || { echo "missing: $c"; missing=1; }
done
if [ "$missing" = 1 ]; then
  echo "installing apt packages"
  apt-get update -qq || die "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    build-essential pkg-config python3 libkrb5-dev ripgrep chromium ca-certificates >/dev/null \
    || die "apt-get install failed"
fi

# --- code-server (idempotent) --------------------------------------------------------
bash "$here/install-code-server.sh" "$cache/code-server" > "$cache/code-server-install.log" 2>&1 \
  || { tail -n 40 "$cache/code-server-install.log"; die "code-server install failed (log: .cache/code-server-install.log)"; }
tail -n 1 "$cache/code-server-install.log"
cs="$cache/code-server/node_modules/.bin/code-server"

# --- extension: npm ci (skipped when node_modules matches the lock file), build, package -
lockhash=$(sha256sum "$ext/package-lock.json" | cut -d' ' -f1)
if [ "$(cat "$ext/node_modules/.lock-hash" 2>/dev/null)" != "$lockhash" ]; then
  (cd "$ext" && npm ci --no-audit --no-fund) || die "npm ci failed"
  echo "$lockhash" > "$ext/node_modules/.lock-hash"
fi
(cd "$ext" && npm run -s typecheck) || die "typecheck failed"
rm -f "$ext"/copydesk-*.vsix
(cd "$ext" && npm run -s package:universal && COPYDESK_SERVER_PATH="$server" npm run -s package) \
  > "$cache/vsix-package.log" 2>&1 || { cat "$cache/vsix-package.log"; die "npm run package failed"; }
vsix=$(ls "$ext"/copydesk-linux-x64-*.vsix | head -n1)
universal=$(ls "$ext"/copydesk-[0-9]*.vsix | head -n1)
echo "packaged $(basename "$vsix") ($(du -h "$vsix" | cut -f1)) and $(basename "$universal") ($(du -h "$universal" | cut -f1))"

# --- unit tests (server lookup order) ---------------------------------------------------
unit_log="$cache/vscode-unit.log"
(cd "$ext" && npm run -s test:unit) > "$unit_log" 2>&1
unit_rc=$?
up=$(grep -Eo '^# pass [0-9]+' "$unit_log" | grep -Eo '[0-9]+' || echo 0)
uf=$(grep -Eo '^# fail [0-9]+' "$unit_log" | grep -Eo '[0-9]+' || echo 0)
if [ "$unit_rc" -ne 0 ] && [ "${uf:-0}" -eq 0 ]; then uf=1; fi
echo "unit tests: ${up:-0} passed, ${uf:-0} failed"
[ "${uf:-0}" -eq 0 ] || { grep -E '^not ok|error:' "$unit_log"; mkdir -p "$art"; cp "$unit_log" "$art/"; }

# --- end-to-end --------------------------------------------------------------------------
echo "setup took $(($(date +%s) - start))s"
e2e_log="$cache/vscode-e2e.log"
E2E_OUT="$art" timeout 900 node "$here/e2e.mjs" "$cs" "$vsix" "$universal" 2>&1 | tee "$e2e_log"
rc=${PIPESTATUS[0]}
res=$(grep -Eo '^e2e: [0-9]+ passed, [0-9]+ failed$' "$e2e_log" | tail -n1 | sed 's/^e2e: //')
ep=$(sed -E 's/^([0-9]+) passed.*/\1/' <<<"${res:-0 passed, 0 failed}")
ef=$(sed -E 's/.* ([0-9]+) failed$/\1/' <<<"${res:-0 passed, 0 failed}")
if [ "$rc" -ne 0 ] && [ "$ef" -eq 0 ]; then
  echo "e2e runner died (status $rc)"; ef=1
fi
passed=$((up + ep)) failed=$((uf + ef))
echo "vscode tests took $(($(date +%s) - start))s"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
