#!/usr/bin/env bash
# Sets up a fresh Debian/Ubuntu machine, builds Zoetrope in release mode and renders the demo
# animation (examples/demo.json) on the built-in demo model, or on the checkpoint given as $1.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system-packages.sh
swift build -c release --product zoetrope
model=()
if [ $# -ge 1 ]; then model=(--model "$1"); fi
# demo-output/ belongs to this script: a rerun starts the demo afresh.
rm -rf demo-output
.build/release/zoetrope render examples/demo.json "${model[@]}" --output demo-output
echo "frames and video in demo-output/"

