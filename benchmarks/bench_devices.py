"""Benchmark: the device layer's cost per call, on the software device over loopback UDP.

Each call goes caller thread → device thread → guarded transport (read slices, liveness
probes) → emulator, and back; "plain trezorlib" is the same request with trezorlib's own
UdpTransport on the caller's thread, so the difference is the layer's overhead. PSBT
signing is one input, wpkh, through each signing path.

    .venv/bin/python benchmarks/bench_devices.py [--rounds N]
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path

from trezorlib import btc, messages
from trezorlib.client import AppManifest, get_client
from trezorlib.tools import parse_path
from trezorlib.transport import get_transport

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.wallet.devices.psbts import Key, spend_psbt
from wallet.devices.interaction import TerminalInteraction
from wallet.devices.onekey import ONEKEY_MAPPING, ONEKEY_PRO
from wallet.devices.registry import enumerate_devices, open_wallet
from wallet.devices.thread import DeviceThread
from wallet.devices.trezor_driver import SigningPath
from wallet.emulator.emulator import Emulator
from wallet.psbt.model import load_psbt
from wallet.types import Network, ScriptType

MNEMONIC = " ".join(["all"] * 12)


def _rate(label: str, rounds: int, call: Callable[[int], object]) -> None:
    start = time.perf_counter()
    for index in range(rounds):
        call(index)
    elapsed = time.perf_counter() - start
    print(f"{label:<52} {rounds / elapsed:8.0f} /s   {elapsed / rounds * 1000:7.2f} ms each")


def _plain_trezorlib(emulator: Emulator, rounds: int) -> None:
    # trezorlib alone refuses vendor onekey.so; it is handed the OneKey model, as our driver does
    client = get_client(
        AppManifest(app_name="bench"), get_transport(emulator.path), model=ONEKEY_PRO, mapping=ONEKEY_MAPPING
    )
    session = client.get_session()
    _rate(
        "plain trezorlib GetAddress wpkh (caller thread)",
        rounds,
        lambda i: btc.get_address(
            session,
            "Testnet",
            parse_path(f"m/84h/1h/0h/0/{i}"),
            script_type=messages.InputScriptType.SPENDWITNESS,
        ),
    )
    client.transport.close()


def _psbt(device_thread: DeviceThread, wallet: object) -> str:
    from bip_utils import Bip32KeyNetVersions, Bip32Secp256k1

    testnet = Bip32KeyNetVersions(bytes.fromhex("043587cf"), bytes.fromhex("04358394"))

    def key(path: str) -> Key:
        xpub = device_thread.call(wallet.get_xpub, path).to_base58()  # type: ignore[attr-defined]
        pub = Bip32Secp256k1.FromExtendedKey(xpub, testnet).PublicKey().RawCompressed().ToBytes()
        address = device_thread.call(wallet.display_address, path, ScriptType.WPKH, False)  # type: ignore[attr-defined]
        return Key(path, bytes(pub), address, ScriptType.WPKH)

    fingerprint = device_thread.call(wallet.master_fingerprint)  # type: ignore[attr-defined]
    return spend_psbt(fingerprint, key("m/84h/1h/0h/0/0"), key("m/84h/1h/0h/1/0"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    rounds = parser.parse_args().rounds
    logging.disable(logging.WARNING)  # the emulator's not-secure banner is for humans
    with Emulator("onekey-pro", port=0, mnemonic=MNEMONIC, confirm="auto") as emulator:
        _plain_trezorlib(emulator, rounds)
        with DeviceThread() as device_thread:
            ui = TerminalInteraction()
            _rate(
                "enumerate (one udp path, no HWI)",
                20,
                lambda i: device_thread.call(
                    enumerate_devices, device_thread, Network.TESTNET, None, [emulator.path], False
                ),
            )
            _rate(
                "open + info + close (OneKey Pro)",
                20,
                lambda i: device_thread.call(lambda: _open_info_close(device_thread, emulator.path, ui)),
            )
            for signing_path in SigningPath:
                _driver_calls(device_thread, emulator, ui, signing_path, rounds)


def _driver_calls(
    device_thread: DeviceThread,
    emulator: Emulator,
    ui: TerminalInteraction,
    signing_path: SigningPath,
    rounds: int,
) -> None:
    wallet = device_thread.call(
        open_wallet, emulator.path, device_thread, Network.TESTNET, ui, None, signing_path
    )
    if signing_path is SigningPath.HWI:
        # A driver checks the key it is given with bip-utils (wallet.types.ExtendedPublicKey):
        # load that library before timing, as any flow reading a key (deriving its addresses) has.
        import bip_utils  # noqa: F401

        _rate(
            "driver display_address wpkh show=False",
            rounds,
            lambda i: device_thread.call(
                wallet.display_address, f"m/84h/1h/0h/0/{i}", ScriptType.WPKH, False
            ),
        )
        _rate(
            "driver get_xpub m/84h/1h/ih (new account)",
            min(rounds, 50),
            lambda i: device_thread.call(wallet.get_xpub, f"m/84h/1h/{i}h"),
        )
    unsigned = load_psbt(_psbt(device_thread, wallet))  # parsed once, as a reviewed PSBT is
    _rate(
        f"driver sign_psbt 1-in wpkh via {signing_path.value}",
        10,
        lambda i: device_thread.call(wallet.sign_psbt, unsigned),
    )
    device_thread.call(wallet.close)


def _open_info_close(device_thread: DeviceThread, path: str, ui: TerminalInteraction) -> None:
    wallet = open_wallet(path, device_thread, Network.TESTNET, ui)
    wallet.info()
    wallet.close()


if __name__ == "__main__":
    main()
