#!/usr/bin/env bash
# The console's browser tests and bench drive Debian's Chromium (playwright-core ships no browser): install it when
# missing. Needs root or sudo; CHROMIUM_PATH overrides the binary (another Chromium build).
set -euo pipefail
bin="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$bin" ]; then exit 0; fi
sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "installing Debian's chromium for the console's browser tests" >&2
$sudo apt-get update -qq
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
[ -x "$bin" ] || { echo "chromium is not at $bin after installing it" >&2; exit 1; }
