#!/usr/bin/env bash
# Runs `zoetrope encode` under valgrind memcheck for H.264 (+AAC), VP9 (+Opus) and GIF on a small
# synthetic frame folder, and fails on any definite leak or memory error in the FFmpeg wrappers.
# (The XCTest bundle itself cannot run under valgrind 3.19: valgrind faults inside the Swift
# runtime's start-up, so the check drives the CLI, which exercises the same VideoIO code.)
# Needs: valgrind and the ffmpeg program (only to make the synthetic input). Debug build.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product zoetrope
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/frames"
ffmpeg -loglevel error -f lavfi -i testsrc=size=64x48:rate=12 -frames:v 12 "$work/frames/frame_%05d.png"
ffmpeg -loglevel error -f lavfi -i sine=frequency=440:duration=3 "$work/tone.wav"
for spec in h264:mp4:audio vp9:webm:audio gif:gif:none; do
    IFS=: read -r codec ext audio <<<"$spec"
    extra=()
    if [ "$audio" = audio ]; then extra=(--audio "$work/tone.wav"); fi
    valgrind --quiet --leak-check=full --show-possibly-lost=no --errors-for-leak-kinds=definite --error-exitcode=9 \
        .build/debug/zoetrope encode "$work/frames" --fps 12 --codec "$codec" \
        --output "$work/out.$ext" "${extra[@]}"
    echo "$codec: no definite leaks, no memory errors"
done
