#!/usr/bin/env bash
# A 16-frame AnimateDiff video (animatediff.json): every frame denoised together with a motion
# module, the prompt travelling from a calm to a stormy sea. Written to animatediff-output/ as PNG
# frames and an MP4. Expected run time (2-core x86-64, release build): about half a minute on the demo
# model; about 6-8 minutes at 256×256, 8 steps with a full SD1.5 checkpoint and a v2 motion module.
#   bash examples/animatediff.sh [CHECKPOINT MOTION_MODULE]
set -euo pipefail
cd "$(dirname "$0")/.."
model=()
if [ $# -ge 2 ]; then model=(--model "$1" --motion-module "$2"); fi
.build/release/zoetrope render examples/animatediff.json "${model[@]}" --output animatediff-output
