#!/usr/bin/env bash
# Redraws an image. Runs examples/txt2img.sh first when fox.png is missing. Expected run time
# (2-core x86-64, release build): about 3 s on the demo model; about 1-2 minutes at 512×512 with
# a full SD1.5 checkpoint (strength 0.6 runs 12 of the 20 steps).
#   bash examples/img2img.sh [CHECKPOINT]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f fox.png ]; then bash examples/txt2img.sh "$@"; fi
model=()
if [ $# -ge 1 ]; then model=(--model "$1"); fi
.build/release/zoetrope img2img "${model[@]}" --init-image fox.png --strength 0.6 \
    --prompt "a red fox in the snow, watercolour" --seed 43 --steps 20 --output fox-watercolour.png
echo "wrote fox-watercolour.png"
