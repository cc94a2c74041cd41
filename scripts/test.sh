#!/usr/bin/env bash
# Sets up a fresh Debian/Ubuntu machine and runs the whole test suite (debug build), after checking
# that no target imports a module it does not declare (DESIGN.md §1's layer rules).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system-packages.sh
swift build --build-tests --explicit-target-dependency-import-check error
swift test
