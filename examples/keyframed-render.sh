#!/usr/bin/env bash
# A keyframed 2D animation (zoom, rotation, pan, prompt change at frame 12, LAB colour coherence,
# cadence 2) rendered to keyframed-output/ as PNG frames and an MP4. Expected run time (2-core
# x86-64, release build): under a minute on the demo model; about 15-25 minutes at 256×256 with a
# full SD1.5 checkpoint. Ctrl-C keeps every finished frame; run again with --resume to continue:
#   .build/release/zoetrope render examples/keyframed.json --resume keyframed-output
#   bash examples/keyframed-render.sh [CHECKPOINT]
set -euo pipefail
cd "$(dirname "$0")/.."
model=()
if [ $# -ge 1 ]; then model=(--model "$1"); fi
.build/release/zoetrope render examples/keyframed.json "${model[@]}" --output keyframed-output
