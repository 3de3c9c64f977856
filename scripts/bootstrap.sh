#!/usr/bin/env bash
# Prepare this machine for ColdSplit: system packages, then .venv with the project
# installed (editable, with dev tools). Safe to run again: it only does what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# libusb for HWI (it enumerates USB even for the emulator), Secret Service and a
# private D-Bus for the keyring, Xvfb and Qt's X11 runtime libraries for the GUI.
SYSTEM_PACKAGES=(
  libusb-1.0-0 gnome-keyring dbus dbus-x11 xvfb xauth
  libegl1 libgl1 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1
  libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxcb-render-util0 libxcb-image0
  libfontconfig1 libdbus-1-3 fonts-noto-cjk
)

# npm fetches anvil (below) on x86_64; a machine that already has node's npm keeps its own.
if [ "$(uname -m)" = "x86_64" ] && ! command -v npm >/dev/null \
  && [ ! -x .tools/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil ]; then
  SYSTEM_PACKAGES+=(npm)
fi

missing=()
for pkg in "${SYSTEM_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
python3 -c 'import ensurepip, venv' 2>/dev/null || missing+=(python3-venv)

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ]; then
    echo "bootstrap: installing system packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "bootstrap: ColdSplit needs these system packages. Install them, then run make again:" >&2
    echo "  sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "bootstrap: ColdSplit needs Python 3.11 or newer; python3 is $(python3 -V 2>&1)" >&2
  exit 1
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
stamp=".venv/.coldsplit-installed-$(sha256sum pyproject.toml | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  echo "bootstrap: installing ColdSplit and its tools into .venv"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[dev]"
  rm -f .venv/.coldsplit-installed-*
  touch "$stamp"
fi

# anvil, the local Ethereum node the ETH tests and the demo run on loopback: the binary ships
# inside the npm package @foundry-rs/anvil-linux-amd64 (wallet.eth_chain.anvil finds it here).
ANVIL_VERSION=1.7.1
anvil_bin=".tools/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil"
if [ "$(uname -m)" = "x86_64" ] && ! "$anvil_bin" --version 2>/dev/null | grep -q "$ANVIL_VERSION"; then
  if command -v npm >/dev/null; then
    echo "bootstrap: installing anvil $ANVIL_VERSION into .tools/"
    mkdir -p .tools
    npm install --prefix .tools --no-save --no-audit --no-fund --loglevel=error \
      "@foundry-rs/anvil-linux-amd64@$ANVIL_VERSION" >/dev/null
  else
    echo "bootstrap: npm not found; the Ethereum tests need anvil (npm @foundry-rs/anvil-linux-amd64)" >&2
    exit 1
  fi
fi
