#!/usr/bin/env bash
# Run trezor-firmware's own device tests against the software device and print the pass rate.
#
#   scripts/trezor-device-tests.sh FIRMWARE_CHECKOUT [IDENTITY] [extra pytest args...]
#
# FIRMWARE_CHECKOUT is a trezor-firmware tree at the commit that pairs with the installed
# trezorlib (tag python/v0.20.2 for trezorlib 0.20.2); only its tests/ and python/ are used.
# IDENTITY is trezor-one (default), trezor-t, onekey-classic or onekey-pro.
# The tests run with the python of FW_PYTHON (default: /work/fw-venv/bin/python, a venv with
# that checkout's trezorlib, pytest, pytest-xdist, pytest-timeout, pytest-random-order,
# shamir-mnemonic, Pillow, dominate and ecdsa); create one with:
#   python3 -m venv /work/fw-venv && /work/fw-venv/bin/pip install CHECKOUT/python \
#       pytest pytest-xdist pytest-timeout pytest-random-order shamir-mnemonic Pillow dominate ecdsa
# Translations for the harness come from CHECKOUT/core/translations (or TREZOR_TRANSLATIONS_DIR).
# The emulator runs in DebugLink mode on PORT (default 21424, DebugLink on PORT+1).
# Scope (SCOPE=bitcoin, the default): the Bitcoin tests and device management named in issue 15;
# SCOPE=ethereum: tests/device_tests/ethereum/ (issue 19). Skipped tests (other models, other
# coins) do not count; the rate is passed / (passed + failed + errors).
set -euo pipefail

if [ $# -lt 1 ] || [ ! -d "$1/tests/device_tests" ]; then
  echo "usage: $0 TREZOR_FIRMWARE_CHECKOUT [IDENTITY] [pytest args...]" >&2
  exit 2
fi
firmware=$(cd "$1" && pwd)
identity=${2:-trezor-one}
shift $(( $# >= 2 ? 2 : 1 ))
repo=$(cd "$(dirname "$0")/.." && pwd)
fw_python=${FW_PYTHON:-/work/fw-venv/bin/python}
port=${PORT:-21424}
if [ ! -x "$fw_python" ]; then
  echo "no test python at $fw_python (set FW_PYTHON; see the comment at the top of $0)" >&2
  exit 2
fi

bitcoin=(
  test_getaddress.py test_getaddress_segwit.py test_getaddress_segwit_native.py
  test_getaddress_show.py test_getpublickey.py test_signmessage.py
  test_verifymessage.py test_verifymessage_segwit.py test_verifymessage_segwit_native.py
  test_signtx.py test_signtx_amount_unit.py test_signtx_external.py test_signtx_invalid_path.py
  test_signtx_mixed_inputs.py test_signtx_payreq.py test_signtx_prevhash.py
  test_signtx_replacement.py test_signtx_segwit.py test_signtx_segwit_native.py
  test_signtx_taproot.py test_nonstandard_paths.py test_descriptors.py
  test_multisig.py test_multisig_change.py
)
management=(
  test_msg_ping.py test_basic.py test_cancel.py test_protection_levels.py
  test_msg_loaddevice.py test_msg_wipedevice.py test_msg_changepin_t1.py test_msg_applysettings.py
)
targets=()
plugin=()
case "${SCOPE:-bitcoin}" in
  bitcoin)
    for name in "${bitcoin[@]}"; do targets+=("tests/device_tests/bitcoin/$name"); done
    for name in "${management[@]}"; do targets+=("tests/device_tests/$name"); done
    ;;
  ethereum)
    targets+=("tests/device_tests/ethereum")
    # the device has no Bitcoin_like capability; see the plugin's docstring
    plugin=(-p fw_tests_ethereum_scope)
    ;;
  *) echo "unknown SCOPE ${SCOPE}; choose bitcoin or ethereum" >&2; exit 2 ;;
esac

workdir=$(mktemp -d /tmp/trezor-device-tests-XXXXXX)
log="$workdir/emulator.log"
PYTHONPATH="$repo" "$repo/.venv/bin/python" -c "from app.cli.main import main; main()" emulator --identity "$identity" \
  --port "$port" --mnemonic "all all all all all all all all all all all all" >"$log" 2>&1 &
emulator_pid=$!
trap 'kill $emulator_pid 2>/dev/null || true; wait $emulator_pid 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  grep -q "serving on" "$log" && break
  kill -0 $emulator_pid 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 0.2
done

junit="$workdir/junit.xml"
cd "$firmware"
set +e
PYTHONPATH="$repo/scripts${PYTHONPATH:+:$PYTHONPATH}" \
  TREZOR_TRANSLATIONS_DIR="${TREZOR_TRANSLATIONS_DIR:-$firmware/core/translations}" \
  TREZOR_PATH="udp:127.0.0.1:$port" "$fw_python" -m pytest -p no:cacheprovider --random-order-bucket=none \
  -q --timeout=60 --junitxml="$junit" "${plugin[@]}" "${targets[@]}" "$@"
set -e

"$fw_python" - "$junit" "$identity" <<'EOF'
import sys
import xml.etree.ElementTree as ET

passed = failed = skipped = 0
for case in ET.parse(sys.argv[1]).iter("testcase"):
    kinds = {child.tag for child in case}
    if "skipped" in kinds:
        skipped += 1
    elif kinds & {"failure", "error"}:
        failed += 1
    else:
        passed += 1
counted = passed + failed
rate = 100.0 * passed / counted if counted else 0.0
print(f"{sys.argv[2]}: {passed} of {counted} pass ({rate:.1f}%); {skipped} skipped (other models/coins)")
EOF
echo "emulator log and junit: $workdir"
