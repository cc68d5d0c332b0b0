#!/usr/bin/env bash
# `bash tools/dev/lts-node.sh [node flags] script.js`: runs Node 24 LTS, the runtime of the image (Dockerfile), so a
# benchmark measures what is deployed: the machine's node when it is 24, else the registry's `node@24` package through
# npx (its children, forked with process.execPath, run on 24 too). On this project's machines Node 24 spends about a
# quarter less CPU per cluster than Node 20 in bench:assign (V8, and AsyncLocalStorage without async hooks).
set -euo pipefail
if [ "$(node -p 'process.versions.node.split(".")[0]')" = "24" ]; then exec node "$@"; fi
exec npx -y -p node@24 node "$@"
