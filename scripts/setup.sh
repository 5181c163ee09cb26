#!/usr/bin/env bash
# Installs what ganforge needs on Debian (run as root): oneDNN for the native backend,
# then the npm dependencies, which builds the addon, compiles the TypeScript and builds the studio.
# Chromium drives the studio's browser tests (skip it with --no-browser: the studio itself runs
# in any browser). PyTorch (the benchmark peer) is installed only with --with-peer.
set -euo pipefail
cd "$(dirname "$0")/.."

# fonts-dejavu-core: the text of the loss plots (rendered from SVG).
# redis-server: the job queue that distributed sweeps run on (the tests start their own).
packages=(libdnnl-dev g++ make python3 fonts-dejavu-core redis-server)
browser=chromium
for arg in "$@"; do
  case "$arg" in
    --with-peer) packages+=(python3-torch libopenblas0-pthread) ;;
    --no-browser) browser= ;;
    *) echo "setup: unknown option $arg (use --with-peer, --no-browser)" >&2; exit 2 ;;
  esac
done
[ -n "$browser" ] && packages+=("$browser")
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
npm ci --no-audit --no-fund
