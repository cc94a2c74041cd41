#!/usr/bin/env bash
# Zoetrope vs diffusers on the same machine in the same run (DESIGN.md §4), on a full-size
# random-weight SD1.5 model made by make_random_sd15.py. Needs a release build and the reference
# venv (scripts/fixtures/requirements.txt).
#   bash scripts/bench/compare.sh MODEL_FOLDER [PYTHON]
set -euo pipefail
cd "$(dirname "$0")/../.."
model="$1"
python="${2:-python3}"
zoetrope=.build/release/zoetrope
runs=3
echo "== zoetrope (each component in its own process)"
$zoetrope bench clip --model "$model" --batch 2 --runs 5 --json
$zoetrope bench unet --model "$model" --width 512 --height 512 --batch 2 --runs $runs --json
$zoetrope bench unet --model "$model" --width 256 --height 256 --batch 2 --runs $runs --json
$zoetrope bench vae-decode --model "$model" --width 512 --height 512 --runs $runs --json
$zoetrope bench vae-encode --model "$model" --width 512 --height 512 --runs $runs --json
echo "== zoetrope txt2img 512x512, 20 euler steps (wall time, peak RSS)"
/usr/bin/time -f "txt2img_512 wall %e s, peak RSS %M KB" $zoetrope txt2img --model "$model" --prompt "a photo of a cat" \
    --steps 20 --sampler euler --seed 1 --output /tmp/zoetrope-bench.png --quiet
echo "== diffusers"
"$python" scripts/bench/diffusers_bench.py "$model" --runs $runs
