#!/usr/bin/env bash
# OneKey's own Classic emulator and our onekey-classic, side by side: the same requests
# to both, the answers diffed (scripts/onekey_side_by_side.py). Exit 0 when they match.
#
#   scripts/onekey-side-by-side.sh /path/to/OneKeyHQ-firmware   # tag classic/v3.6.0 or newer,
#                                                              # with its submodules checked out
#   ONEKEY_EMU=/path/to/onekey_emu.elf scripts/onekey-side-by-side.sh [--verbose]   # already built
#
# Building the emulator (legacy firmware, EMULATOR=1 DEBUG_LINK=1) needs a host gcc, make,
# SDL2 (Debian: libsdl2-dev libsdl2-image-dev), protoc (protobuf-compiler) and, in a
# virtualenv of its own made here, nanopb 0.4.5.post1 and protobuf 3.20 from PyPI (the
# versions OneKey's poetry.lock names; protoc 3.21's Python output needs protobuf >= 3.20).
# Running it needs Xvfb (it opens an SDL window) and xdotool: its confirmation screens read
# only the buttons, which are the arrow keys of that window, not the DebugLink.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true  # (the emulator aborts on SIGTERM; that is not a failure)
  done
  rm -rf "$work"
}
trap cleanup EXIT

emu=${ONEKEY_EMU:-}
if [ -z "$emu" ]; then
  checkout=${1:?"give a OneKeyHQ/firmware checkout (tag classic/v3.6.0 or newer), or ONEKEY_EMU=…"}
  shift
  checkout=$(cd "$checkout" && pwd)
  for tool in gcc make protoc pkg-config; do
    command -v "$tool" >/dev/null || { echo "onekey-side-by-side: $tool is missing" >&2; exit 2; }
  done
  pkg-config --exists sdl2 SDL2_image || { echo "onekey-side-by-side: SDL2 dev files missing" >&2; exit 2; }
  tools="$work/build-venv"
  python3 -m venv "$tools"
  "$tools/bin/pip" install -q "nanopb==0.4.5.post1" "protobuf==3.20.3" mako munch click typing_extensions
  (
    export PATH="$tools/bin:$PATH" EMULATOR=1 DEBUG_LINK=1 PYTHON=python
    cd "$checkout/legacy"
    make -C emulator
    make -C vendor/libsol
    make
    make -C firmware/protob
    make -C firmware
  ) > "$work/build.log" 2>&1 || { tail -20 "$work/build.log" >&2; echo "onekey-side-by-side: build failed" >&2; exit 1; }
  emu="$checkout/legacy/firmware/onekey_emu.elf"
fi
[ -x "$emu" ] || { echo "onekey-side-by-side: no emulator at $emu" >&2; exit 2; }
command -v xdotool >/dev/null || { echo "onekey-side-by-side: xdotool is missing" >&2; exit 2; }

display=:$((90 + RANDOM % 100))
Xvfb "$display" -screen 0 640x480x24 > "$work/xvfb.log" 2>&1 &
pids+=($!)
sleep 1
# The emulator keeps its flash in the current directory: a fresh one each run. Its ports
# are fixed (UDP 54935 and 54936).
(cd "$work" && DISPLAY=$display exec "$emu") > "$work/emulator.log" 2>&1 &
pids+=($!)
sleep 2

# any further arguments (e.g. --verbose) go to the comparer
PYTHONPATH="$repo" "$repo/.venv/bin/python" scripts/onekey_side_by_side.py --display "$display" "$@"
