#!/usr/bin/env bash
# Run a command with the real services the tests use, all private to this run:
# a D-Bus session bus, an unlocked gnome-keyring Secret Service on it, and Xvfb.
# Nothing here touches the user's own keyring or display.
set -euo pipefail
# Every tool is needed: without one, the keyring (or GUI) tests could not run, and `make test`
# must not pass without them. scripts/bootstrap.sh installs them (dbus, gnome-keyring, xvfb).
for tool in dbus-run-session gnome-keyring-daemon Xvfb; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "with-test-services.sh: $tool is missing, so the OS keyring and GUI tests cannot run;" \
      "install it (scripts/bootstrap.sh lists the packages)" >&2
    exit 2
  fi
done
if [ -z "${COLDSPLIT_TEST_SERVICES:-}" ]; then
  export COLDSPLIT_TEST_SERVICES=1
  exec dbus-run-session -- "$0" "$@"
fi

runtime=$(mktemp -d /tmp/coldsplit-test-XXXXXX)
chmod 700 "$runtime"
export XDG_RUNTIME_DIR="$runtime" HOME="$runtime/home" XDG_DATA_HOME="$runtime/home/.local/share"
mkdir -p "$XDG_DATA_HOME/keyrings"
# A throwaway password creates and unlocks the private login keyring (an empty one is refused).
keyring_env=$(printf 'coldsplit-test' | gnome-keyring-daemon --unlock --components=secrets) || {
  echo "with-test-services.sh: gnome-keyring-daemon did not start, so the OS keyring tests cannot run" >&2
  exit 2
}
eval "$keyring_env"
export GNOME_KEYRING_CONTROL SSH_AUTH_SOCK 2>/dev/null || true

display=":$(( 90 + RANDOM % 400 ))"
Xvfb "$display" -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
trap 'kill $xvfb_pid 2>/dev/null || true; rm -rf "$runtime"' EXIT
export DISPLAY="$display"

"$@"
