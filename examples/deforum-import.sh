#!/usr/bin/env bash
# Renders a Deforum settings file (the JSON Deforum saves as *_settings.txt) as it is: Zoetrope
# detects the format by its keys, applies Deforum's deprecation upgrades and lists, in one warning,
# any setting it cannot honour. Expected run time (2-core x86-64, release build): under a minute on
# the demo model; about 10-20 minutes at 256×256 with a full SD1.5 checkpoint.
#   bash examples/deforum-import.sh [CHECKPOINT]
set -euo pipefail
cd "$(dirname "$0")/.."
model=()
if [ $# -ge 1 ]; then model=(--model "$1"); fi
.build/release/zoetrope render examples/deforum-settings.txt --plan > deforum-plan.json
echo "per-frame plan (every resolved schedule value) in deforum-plan.json"
.build/release/zoetrope render examples/deforum-settings.txt "${model[@]}" --output deforum-output
