#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages Zoetrope builds against: OpenBLAS and FFmpeg's libraries
# (with their encoders: libx264, libx265, libvpx, libwebp come with Debian's libavcodec), and the
# ffmpeg/ffprobe programs the tests use to check (never to produce) video files.
set -euo pipefail
packages=(pkg-config libopenblas-dev libavcodec-dev libavformat-dev libavutil-dev libswscale-dev
          libswresample-dev ffmpeg)
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
