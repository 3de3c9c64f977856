"""HWI's CLI signs PSBTs on the emulator; signatures checked by independent code only.

For each trezor-firmware vector (p2pkh, p2sh-p2wpkh, p2wpkh, p2tr and all four mixed), the
PSBT is built with hwilib's classes, `hwi -t trezor -d udp:... signtx` runs as a separate
process, and every signature it returns must (a) be the signature in the firmware's
expected transaction and (b) verify — python-ecdsa for ECDSA, the BIP340 reference
algorithm for Schnorr — over a digest computed by the test oracle.

HWI 3.2's Trezor client finds UDP devices only at 127.0.0.1:21324 (its SIMULATOR_PATH),
so these tests run the emulator on that port.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hwilib.psbt import PSBT

from tests.wallet.conftest import EmulatorFactory
from tests.wallet.emulator import oracle
from tests.wallet.emulator.cli_tools import start_on_default_port
from tests.wallet.emulator.psbt_support import I, psbt_for, pubkey_at, unsigned_tx
from tests.wallet.emulator.test_signtx_vectors import MAINNET, TESTNET, VECTORS

HWI = str(Path(sys.executable).with_name("hwi"))


def run_hwi(path: str, chain: str, *args: str) -> dict[str, Any]:
    result = subprocess.run(
        [HWI, "--chain", chain, "-t", "trezor", "-d", path, *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    answer: dict[str, Any] = json.loads(result.stdout)
    assert "error" not in answer, answer
    return answer


def check_signatures(vector: tuple[Any, ...], signed: PSBT) -> int:
    """Verify each input's signature independently; returns how many were checked."""
    _coin, inputs, _outputs, expected = vector
    tx = unsigned_tx(expected)
    spent = [
        psbt_in.witness_utxo or psbt_in.non_witness_utxo.vout[txi.prev_index]
        for psbt_in, txi in zip(signed.inputs, inputs, strict=True)
    ]
    for index, (psbt_in, txi) in enumerate(zip(signed.inputs, inputs, strict=True)):
        pubkey = pubkey_at(list(txi.address_n))
        if txi.script_type == I.SPENDTAPROOT:
            signature = psbt_in.tap_key_sig
            digest = oracle.bip341_digest(tx, index, spent)
            output_key = spent[index].scriptPubKey[2:]
            assert oracle.schnorr_valid(output_key, digest, signature)
        else:
            signature_with_type = psbt_in.partial_sigs[pubkey]
            assert signature_with_type[-1] == 0x01  # SIGHASH_ALL
            signature = signature_with_type[:-1]
            script_code = oracle.p2pkh_script_code(pubkey)
            if txi.script_type == I.SPENDADDRESS:
                digest = oracle.legacy_digest(tx, index, script_code)
            else:
                digest = oracle.bip143_digest(tx, index, script_code, spent[index].nValue)
            assert oracle.ecdsa_valid(pubkey, signature, digest)
        assert signature.hex() in expected  # the very signature trezor-firmware produced
    return len(inputs)


@pytest.mark.parametrize(
    "name", ["p2pkh", "p2pkh-change", "p2sh-p2wpkh", "p2wpkh", "p2tr", "p2tr-change", "mixed"]
)
def test_hwi_signtx_matches_firmware_and_verifies(make_emulator: EmulatorFactory, name: str) -> None:
    vector = VECTORS[name]
    mainnet = vector[0] == "Bitcoin"
    emulator = start_on_default_port(make_emulator, "trezor-t", wait=60)
    psbt = psbt_for(vector, MAINNET if mainnet else TESTNET)
    answer = run_hwi(emulator.path, "main" if mainnet else "test", "signtx", psbt.serialize())
    assert answer["signed"] is True
    signed = PSBT()
    signed.deserialize(answer["psbt"])
    assert check_signatures(vector, signed) == len(vector[1])


def test_hwi_signtx_on_trezor_one_identity(make_emulator: EmulatorFactory) -> None:
    """Model "1" takes the other DebugLink path in HWI (no reply to DebugLinkDecision)."""
    vector = VECTORS["mixed"]
    emulator = start_on_default_port(make_emulator, "trezor-one", wait=60)
    answer = run_hwi(emulator.path, "test", "signtx", psbt_for(vector, TESTNET).serialize())
    signed = PSBT()
    signed.deserialize(answer["psbt"])
    assert check_signatures(vector, signed) == 4
