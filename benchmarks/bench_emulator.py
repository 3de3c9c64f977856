"""Benchmark: request round trips on the software device over loopback UDP.

Measures what every client pays per message: trezorlib's Ping (framing + dispatch),
GetAddress (plus BIP32 derivation and address encoding) and GetPublicKey with a fresh
account each time (uncached derivation).

    .venv/bin/python benchmarks/bench_emulator.py [--rounds N]
"""

from __future__ import annotations

import argparse
import logging
import time
from collections.abc import Callable

from trezorlib import btc, messages
from trezorlib.client import AppManifest, get_client
from trezorlib.tools import parse_path
from trezorlib.transport import get_transport

from wallet.emulator.emulator import Emulator

MNEMONIC = " ".join(["all"] * 12)


def _rate(label: str, rounds: int, call: Callable[[int], object]) -> None:
    start = time.perf_counter()
    for index in range(rounds):
        call(index)
    elapsed = time.perf_counter() - start
    print(f"{label:<44} {rounds / elapsed:8.0f} /s   {elapsed / rounds * 1000:7.2f} ms each")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=300)
    rounds = parser.parse_args().rounds
    logging.disable(logging.WARNING)  # the emulator's not-secure banner is for humans
    with Emulator("trezor-one", port=0, mnemonic=MNEMONIC, confirm="auto") as emulator:
        client = get_client(AppManifest(app_name="bench"), get_transport(emulator.path))
        session = client.get_session()
        _rate("Ping", rounds, lambda i: client.ping(f"ping {i}"))
        _rate(
            "GetAddress p2wpkh m/84h/0h/0h/0/i",
            rounds,
            lambda i: btc.get_address(
                session,
                "Bitcoin",
                parse_path(f"m/84h/0h/0h/0/{i}"),
                script_type=messages.InputScriptType.SPENDWITNESS,
            ),
        )
        _rate(
            "GetPublicKey m/44h/0h/ih (new account)",
            min(rounds, 100),
            lambda i: btc.get_public_node(session, parse_path(f"m/44h/0h/{i}h")),
        )
        client.transport.close()


if __name__ == "__main__":
    main()
