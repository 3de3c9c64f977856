"""trezorctl and HWI, run as subprocesses exactly as a user would, against the in-process emulator.

HWI's CLI reaches a udp: device only at 127.0.0.1:21324 (its `get_path_transport` enumerates
the simulator path only), so every HWI test serves on that port, one at a time.
"""

from __future__ import annotations

import base64
import hashlib

import pytest
from bip_utils import Bip32Slip10Secp256k1
from ecdsa import SECP256k1, VerifyingKey
from ecdsa.util import sigdecode_string
from trezorlib import messages

from tests.wallet.conftest import ALL_FINGERPRINT, EmulatorFactory
from tests.wallet.emulator.cli_tools import hwi_json, run_tool, start_on_default_port
from tests.wallet.emulator.clients import RawLink
from wallet.emulator.emulator import Emulator

ACCOUNT_84_XPUB = (  # trezor-suite fixtures: "all seed m/84'/0'/0'"
    "xpub6DDUPHpUo4pcy43iJeZjbSVWGav1SMMmuWdMHiGtkK8rhKmfbomtkwW6GKs1GGAKehT6QRocrmda3WWxXawpjmwaUHfFRXuKrXSapdckEYF"
)
MESSAGE = "This is an example of a signed message."


def test_trezorctl_get_features(trezor_one: Emulator) -> None:
    result = run_tool("trezorctl", "-p", trezor_one.path, "get-features")
    assert result.returncode == 0, result.stderr
    assert "vendor: 'trezor.io'" in result.stdout
    assert "model: '1'" in result.stdout and "internal_model: 'T1B1'" in result.stdout
    assert "initialized: True" in result.stdout


def test_trezorctl_btc_get_address(trezor_one: Emulator) -> None:
    result = run_tool("trezorctl", "-p", trezor_one.path, "btc", "get-address", "-n", "m/84h/0h/0h/0/0")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "bc1qannfxke2tfd4l7vhepehpvt05y83v3qsf6nfkk"


def test_trezorctl_refuses_a_onekey_identity(make_emulator: EmulatorFactory) -> None:
    onekey = make_emulator("onekey-pro")
    result = run_tool("trezorctl", "-p", onekey.path, "get-features")
    assert result.returncode != 0
    assert "Unrecognized vendor: onekey.so" in result.stdout + result.stderr


@pytest.mark.parametrize("identity", ["trezor-one", "trezor-t"])
def test_hwi_enumerate_lists_the_emulator(make_emulator: EmulatorFactory, identity: str) -> None:
    start_on_default_port(make_emulator, identity)
    devices = hwi_json("--emulators", "enumerate")
    ours = [d for d in devices if d.get("path") == "udp:127.0.0.1:21324"]
    assert len(ours) == 1, devices
    assert ours[0]["fingerprint"] == ALL_FINGERPRINT
    assert ours[0]["model"] == ("trezor_1_simulator" if identity == "trezor-one" else "trezor_t_simulator")


def test_hwi_enumerate_gives_a_onekey_no_fingerprint(make_emulator: EmulatorFactory) -> None:
    """HWI 3.2 refuses vendor onekey.so while opening the client ("Unsupported device"),
    before its own "trezor" vendor filter: the path is reported with that error, never as usable."""
    start_on_default_port(make_emulator, "onekey-classic")
    devices = hwi_json("--emulators", "enumerate")
    ours = [d for d in devices if d.get("path") == "udp:127.0.0.1:21324"]
    assert all("fingerprint" not in d for d in ours), devices
    assert all("Unsupported device" in d.get("error", "") for d in ours), devices


def test_hwi_refuses_a_onekey_by_path(make_emulator: EmulatorFactory) -> None:
    onekey = start_on_default_port(make_emulator, "onekey-classic")
    result = hwi_json("-t", "trezor", "-d", onekey.path, "getxpub", "m/84h/0h/0h")
    assert result["error"] == "Unsupported device"


def test_hwi_getxpub(make_emulator: EmulatorFactory) -> None:
    emulator = start_on_default_port(make_emulator, "trezor-one")
    result = hwi_json("-t", "trezor", "-d", emulator.path, "getxpub", "m/84h/0h/0h")
    assert result == {"xpub": ACCOUNT_84_XPUB}


@pytest.mark.parametrize(
    ("identity", "addr_type", "path", "expected"),
    [
        ("trezor-one", "wit", "m/84h/0h/0h/0/0", "bc1qannfxke2tfd4l7vhepehpvt05y83v3qsf6nfkk"),
        ("trezor-one", "legacy", "m/44h/0h/0h/0/0", "1JAd7XCBzGudGpJQSDSfpmJhiygtLQWaGL"),
        ("trezor-one", "sh_wit", "m/49h/0h/0h/0/0", "3L6TyTisPBmrDAj6RoKmDzNnj4eQi54gD2"),
        (
            "trezor-t",
            "tap",
            "m/86h/0h/0h/0/0",
            "bc1ptxs597p3fnpd8gwut5p467ulsydae3rp9z75hd99w8k3ljr9g9rqx6ynaw",
        ),
    ],
)
def test_hwi_displayaddress_confirms_through_the_debuglink(
    make_emulator: EmulatorFactory, identity: str, addr_type: str, path: str, expected: str
) -> None:
    emulator = start_on_default_port(make_emulator, identity)  # confirmations only via DebugLinkDecision
    result = hwi_json(
        "-t", "trezor", "-d", emulator.path, "displayaddress", "--path", path, "--addr-type", addr_type
    )
    assert result == {"address": expected}


def test_hwi_signmessage_verifies_with_an_independent_library(make_emulator: EmulatorFactory) -> None:
    emulator = start_on_default_port(make_emulator, "trezor-one")
    result = hwi_json("-t", "trezor", "-d", emulator.path, "signmessage", MESSAGE, "m/44h/0h/0h/0/0")
    signature = base64.b64decode(result["signature"])
    # trezor-firmware tests/device_tests/bitcoin/test_signmessage.py, p2pkh vector
    assert signature.hex().startswith("20fd8f2f7db5238fcdd077d5204c3e6949c261d7")
    header, compact = signature[0], signature[1:]
    assert 31 <= header <= 34  # compressed p2pkh
    preimage = b"\x18Bitcoin Signed Message:\n" + bytes([len(MESSAGE)]) + MESSAGE.encode()
    digest = hashlib.sha256(hashlib.sha256(preimage).digest()).digest()
    candidates = VerifyingKey.from_public_key_recovery_with_digest(
        compact, digest, SECP256k1, hashfunc=hashlib.sha256, sigdecode=sigdecode_string
    )
    recovered = candidates[header - 31].to_string("compressed")
    xpub = hwi_json("-t", "trezor", "-d", emulator.path, "getxpub", "m/44h/0h/0h/0/0")["xpub"]
    assert recovered == bytes(
        Bip32Slip10Secp256k1.FromExtendedKey(xpub).PublicKey().RawCompressed().ToBytes()
    )


def test_hwi_promptpin_then_sendpin_with_the_scrambled_matrix(make_emulator: EmulatorFactory) -> None:
    emulator = start_on_default_port(make_emulator, "trezor-one", pin="4321")
    locked = [d for d in hwi_json("--emulators", "enumerate") if d.get("path") == emulator.path]
    assert locked and locked[0]["needs_pin_sent"] is True
    assert hwi_json("-t", "trezor", "-d", emulator.path, "promptpin") == {"success": True}
    debug = RawLink(emulator.debug_port)
    state = debug.call(messages.DebugLinkGetState())
    debug.close()
    assert isinstance(state, messages.DebugLinkState) and state.matrix is not None
    positions = "".join(str(state.matrix.index(digit) + 1) for digit in "4321")
    assert hwi_json("-t", "trezor", "-d", emulator.path, "sendpin", positions) == {"success": True}
    unlocked = [d for d in hwi_json("--emulators", "enumerate") if d.get("path") == emulator.path]
    assert unlocked[0]["needs_pin_sent"] is False
    assert unlocked[0]["fingerprint"] == ALL_FINGERPRINT
