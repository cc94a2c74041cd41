#!/usr/bin/env bash
# Re-encodes a rendered frame sequence into other formats: a WebM (VP9), a GIF and a ProRes MOV
# from the PNG frames of examples/keyframed-render.sh (rendered first when missing). Expected run
# time (2-core x86-64, release build): a few seconds for 24 frames at 256×256, plus the render.
#   bash examples/frames-export.sh [CHECKPOINT]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d keyframed-output ]; then bash examples/keyframed-render.sh "$@"; fi
for output in keyframed.webm keyframed.gif keyframed.mov; do
    .build/release/zoetrope encode keyframed-output --fps 12 --output "$output"
done
