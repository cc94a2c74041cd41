#!/usr/bin/env bash
# One image from a prompt. Expected run time (2-core x86-64, release build): about 3 s on the
# built-in demo model; about 2-3 minutes at 512×512, 20 steps with a full SD1.5 checkpoint.
#   bash examples/txt2img.sh [CHECKPOINT]
set -euo pipefail
cd "$(dirname "$0")/.."
model=()
if [ $# -ge 1 ]; then model=(--model "$1"); fi
.build/release/zoetrope txt2img "${model[@]}" \
    --prompt "a red fox in the snow, (golden hour:1.2), detailed fur" --negative "blurry, low quality" \
    --seed 42 --steps 20 --cfg 7.5 --sampler "DPM++ 2M Karras" --width 512 --height 512 \
    --output fox.png --latents-out fox-latents.safetensors
echo "wrote fox.png (A1111 'parameters' text inside) and fox-latents.safetensors"
