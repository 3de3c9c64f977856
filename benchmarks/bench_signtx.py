"""Benchmark: HWI signs a 100-input p2wpkh PSBT on the in-process software device.

HWI (hwilib.commands.signtx, the code behind `hwi signtx`) talks to the emulator over
UDP exactly as to a Trezor emulator; the device auto-confirms. Every input spends its
own previous transaction, which the device streams and hashes (as the firmware does for
non-taproot inputs), so this exercises the whole SignTx stream: about 700 messages.
Target (issue 15): at most 0.4 s for 100 inputs; the official Trezor One emulator
(legacy/v1.14.1) takes 0.28 s for the same PSBT.

By default the host and the device share one process (and its GIL). --separate also
times the arrangement of the official emulator's figure: the device is `coldsplit
emulator` in a process of its own (DebugLink mode; HWI presses yes through the
DebugLink, as it does with any emulator). Both move with the machine's load: each run is
timed separately and the median reported, with the load average before and after
(`os.getloadavg`, what `uptime` prints).

    .venv/bin/python benchmarks/bench_signtx.py [--inputs N] [--repeat R] [--separate] [--cli]

--cli also times the `hwi` command itself (process start included); HWI only finds UDP
devices on 127.0.0.1:21324, so that run needs the port free.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from bip_utils import Bip39SeedGenerator
from hwilib.commands import signtx
from hwilib.common import Chain
from hwilib.devices.trezor import TrezorClient
from hwilib.key import KeyOriginInfo
from hwilib.psbt import PSBT, PartiallySignedInput, PartiallySignedOutput
from hwilib.tx import COutPoint, CTransaction, CTxIn, CTxOut

from wallet.emulator.emulator import Emulator
from wallet.emulator.keys import KeyStore
from wallet.emulator.server import ServerError
from wallet.types import HARDENED

MNEMONIC = " ".join(["all"] * 12)
TARGET_SECONDS = 0.4
AMOUNT = 50_000
FEE = 5_000


def p2wpkh(pubkey: bytes) -> bytes:
    return b"\x00\x14" + hashlib.new("ripemd160", hashlib.sha256(pubkey).digest()).digest()


def funding_tx(index: int, script_pubkey: bytes) -> CTransaction:
    """A previous transaction paying one of our keys (its own input is a made-up outpoint)."""
    tx = CTransaction()
    tx.vin.append(CTxIn(COutPoint(index + 1, 0), b"", 0xFFFF_FFFF))
    tx.vout.append(CTxOut(AMOUNT, script_pubkey))
    tx.rehash()
    return tx


def build_psbt(keys: KeyStore, inputs: int) -> str:
    account = [84 | HARDENED, 1 | HARDENED, HARDENED]
    fingerprint = keys.fingerprint
    tx = CTransaction()
    psbt_inputs = []
    for index in range(inputs):
        path = [*account, 0, index]
        pubkey = keys.public_key(path)
        previous = funding_tx(index, p2wpkh(pubkey))
        assert previous.sha256 is not None
        tx.vin.append(CTxIn(COutPoint(previous.sha256, 0), b"", 0xFFFF_FFFD))
        psbt_in = PartiallySignedInput(0)
        psbt_in.non_witness_utxo = previous
        psbt_in.witness_utxo = previous.vout[0]
        psbt_in.hd_keypaths[pubkey] = KeyOriginInfo(fingerprint, path)
        psbt_inputs.append(psbt_in)
    external = p2wpkh(keys.public_key([*account, 0, 10_000]))  # someone else's, as far as the screen goes
    tx.vout.append(CTxOut(inputs * AMOUNT // 2, external))
    change_path = [*account, 1, 0]
    change_pubkey = keys.public_key(change_path)
    tx.vout.append(CTxOut(inputs * AMOUNT - inputs * AMOUNT // 2 - FEE, p2wpkh(change_pubkey)))
    psbt = PSBT(tx)
    psbt.inputs = psbt_inputs
    change_out = PartiallySignedOutput(0)
    change_out.hd_keypaths[change_pubkey] = KeyOriginInfo(fingerprint, change_path)
    psbt.outputs = [PartiallySignedOutput(0), change_out]
    return str(psbt.serialize())


def count_signatures(psbt_b64: str) -> int:
    signed = PSBT()
    signed.deserialize(psbt_b64)
    return sum(len(psbt_in.partial_sigs) for psbt_in in signed.inputs)


def time_hwilib(psbt_b64: str) -> tuple[float, str]:
    with Emulator("trezor-t", port=0, mnemonic=MNEMONIC, confirm="auto") as emulator:
        client = TrezorClient(emulator.path, chain=Chain.TEST, sim_path=f"127.0.0.1:{emulator.port}")
        try:
            started = time.perf_counter()
            result = signtx(client, psbt_b64)
            return time.perf_counter() - started, str(result["psbt"])
        finally:
            client.close()


def time_separate(psbt_b64: str, port: int) -> tuple[float, str]:
    client = TrezorClient(f"udp:127.0.0.1:{port}", chain=Chain.TEST, sim_path=f"127.0.0.1:{port}")
    try:
        started = time.perf_counter()
        result = signtx(client, psbt_b64)
        return time.perf_counter() - started, str(result["psbt"])
    finally:
        client.close()


def separate_emulator() -> tuple[subprocess.Popen[str], int]:
    """`coldsplit emulator` in its own process on a free port pair; returns it and its port."""
    entry = "from app.cli.main import main; main()"
    command = [sys.executable, "-c", entry, "emulator", "--identity", "trezor-t", "--port", "0"]
    process = subprocess.Popen([*command, "--mnemonic", MNEMONIC], stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    for line in process.stderr:
        found = re.search(r"serving on udp:127\.0\.0\.1:(\d+)", line)
        if found:  # keep reading what it logs, so a full pipe never stalls it
            threading.Thread(target=process.stderr.read, daemon=True).start()
            return process, int(found.group(1))
    process.kill()
    raise SystemExit("coldsplit emulator did not start")


def time_cli(psbt_b64: str) -> tuple[float, str]:
    hwi = str(Path(sys.executable).with_name("hwi"))
    with Emulator("trezor-t", port=21324, mnemonic=MNEMONIC, confirm="auto") as emulator:
        command = [hwi, "--chain", "test", "-t", "trezor", "-d", emulator.path, "signtx", psbt_b64]
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=True)
        return time.perf_counter() - started, str(json.loads(done.stdout)["psbt"])


def load() -> str:
    one, five, _fifteen = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min)"


def report(label: str, inputs: int, runs: list[tuple[float, str]]) -> None:
    for _elapsed, signed_psbt in runs:
        signatures = count_signatures(signed_psbt)
        if signatures != inputs:
            raise SystemExit(f"{label}: expected {inputs} signatures, got {signatures}")
    times = sorted(elapsed for elapsed, _psbt in runs)
    median = statistics.median(times)
    verdict = "OK" if median <= TARGET_SECONDS else "OVER TARGET"
    print(f"{label}, {inputs}-input p2wpkh PSBT, {len(times)} runs")
    print(f"  runs (s): {' '.join(f'{t:.3f}' for t in times)}")
    print(
        f"  median {median:.3f} s ({median / inputs * 1000:.2f} ms per input), best {times[0]:.3f} s;"
        f" target <= {TARGET_SECONDS} s: {verdict}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--inputs", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=7, help="timed runs per measurement (median reported)")
    parser.add_argument("--separate", action="store_true", help="also time a coldsplit emulator process")
    parser.add_argument("--cli", action="store_true", help="also time the hwi command on port 21324")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    keys = KeyStore(bytes(Bip39SeedGenerator(MNEMONIC).Generate("")))
    psbt_b64 = build_psbt(keys, args.inputs)
    print(f"before: {load()}")
    runs = [time_hwilib(psbt_b64) for _run in range(args.repeat)]
    report("hwilib.commands.signtx, in-process emulator (auto-confirm)", args.inputs, runs)
    if args.separate:
        process, port = separate_emulator()
        try:
            runs = [time_separate(psbt_b64, port) for _run in range(args.repeat)]
        finally:
            process.kill()
            process.wait()
        report("hwilib.commands.signtx, emulator in its own process", args.inputs, runs)
    if args.cli:
        try:
            runs = [time_cli(psbt_b64) for _run in range(args.repeat)]
            report("hwi signtx (CLI process)", args.inputs, runs)
        except ServerError as busy:
            print(f"hwi signtx (CLI process): not measured, {busy}")
    print(f"after: {load()}")


if __name__ == "__main__":
    main()
