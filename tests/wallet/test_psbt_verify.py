"""Signature checks (legacy, BIP143, BIP341 messages; libsecp256k1) against Core's vectors and bdk's signer."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.wallet.psbt_factory import (
    ACCOUNTS,
    NET,
    OURS,
    Spend,
    build_psbt,
    external_address,
    mixed_psbt,
    software_sign,
)
from wallet.psbt.fields import I
from wallet.psbt.model import Psbt, Record, load_psbt
from wallet.psbt.verify import verify_signatures
from wallet.types import ScriptType

VECTORS: dict[str, Any] = json.loads(
    (Path(__file__).parent / "vectors" / "psbt_test_vectors.json").read_text()
)
SIGNED_VECTORS = [text for text in VECTORS["valid"] if verify_signatures(load_psbt(text))]
SIGNATURE_TYPES = (I.PARTIAL_SIG, I.TAP_KEY_SIG, I.TAP_SCRIPT_SIG)


def test_the_vectors_hold_legacy_segwit_and_taproot_signatures() -> None:
    kinds = {c.kind for text in SIGNED_VECTORS for c in verify_signatures(load_psbt(text))}
    assert kinds == {"ecdsa", "schnorr key path", "schnorr script path"}


@pytest.mark.parametrize("text", SIGNED_VECTORS)
def test_vector_signatures_verify_or_say_what_is_missing(text: str) -> None:
    for check in verify_signatures(load_psbt(text)):
        assert check.valid or "missing or does not match" in check.reason, check


@pytest.mark.parametrize("case", VECTORS["signer"])
def test_core_signer_results_verify(case: dict[str, Any]) -> None:
    checks = verify_signatures(load_psbt(case["result"]))
    assert len(checks) == 2 and all(c.valid for c in checks)


@pytest.mark.parametrize("text", [*SIGNED_VECTORS, VECTORS["signer"][0]["result"]])
def test_a_flipped_bit_in_any_signature_is_caught(text: str) -> None:
    psbt = load_psbt(text)
    before = {(c.input_index, c.key, c.kind): c.valid for c in verify_signatures(psbt)}
    for index, input_map in enumerate(psbt.inputs):
        for position, record in enumerate(input_map.records):
            if record.key_type not in SIGNATURE_TYPES:
                continue
            flipped = bytearray(record.value)
            flipped[len(flipped) // 2] ^= 0x01
            input_map.records[position] = Record(record.key_type, record.key_data, bytes(flipped))
            after = {(c.input_index, c.key, c.kind): c.valid for c in verify_signatures(psbt)}
            changed = {key for key in before if before[key] != after[key]}
            touched = [key for key in before if key[0] == index and key[1] in (record.key_data, b"")]
            assert changed <= set(touched) and all(not after[key] for key in touched)
            input_map.records[position] = record


def test_signatures_of_all_four_script_types_verify() -> None:
    signed = mixed_psbt()
    for account in OURS:
        signed = software_sign(signed, account)
    checks = verify_signatures(signed)
    assert [(c.input_index, c.kind, c.valid) for c in checks] == [
        (0, "ecdsa", True),
        (1, "ecdsa", True),
        (2, "ecdsa", True),
        (3, "schnorr key path", True),
    ]


@pytest.mark.parametrize("kind", [ScriptType.PKH, ScriptType.SH_WPKH, ScriptType.WPKH, ScriptType.TR])
@pytest.mark.parametrize("hash_type", [0x01, 0x02, 0x03, 0x81, 0x82, 0x83])
def test_every_hash_type_agrees_with_rust_bitcoin(kind: ScriptType, hash_type: int) -> None:
    """bdk (rust-bitcoin's sighash code) signs with the PSBT's hash type; our message must match."""
    # Four outputs, so SIGHASH_SINGLE has an output at every input's index (BIP341 requires it).
    spends = [Spend(ACCOUNTS[k], n, 100_000 + n) for n, k in enumerate(ScriptType)]
    payments = [
        (external_address(NET), 100_000),
        (external_address(NET), 100_000),
        (external_address(NET), 50_000),
    ]
    psbt = build_psbt(spends, payments, (ACCOUNTS[ScriptType.WPKH], 3, 140_000))
    index = list(ScriptType).index(kind)
    psbt.inputs[index].put(I.SIGHASH_TYPE, hash_type.to_bytes(4, "little"))
    signed = _sign_allowing_every_hash_type(psbt, kind)
    checks = [c for c in verify_signatures(signed) if c.input_index == index]
    assert len(checks) == 1 and checks[0].valid, checks


def _sign_allowing_every_hash_type(psbt: Psbt, kind: ScriptType) -> Psbt:
    return software_sign(psbt, ACCOUNTS[kind], allow_all_sighashes=True)


def test_missing_utxo_makes_a_signature_unverifiable_not_valid() -> None:
    signed = software_sign(mixed_psbt(), ACCOUNTS[ScriptType.WPKH])
    signed.inputs[2].remove(I.WITNESS_UTXO, I.NON_WITNESS_UTXO)
    (check,) = verify_signatures(signed)
    assert not check.valid and "no UTXO data" in check.reason


def test_taproot_sighash_single_without_a_matching_output_is_refused() -> None:
    signed = software_sign(mixed_psbt(), ACCOUNTS[ScriptType.TR])
    record = signed.inputs[3].get(I.TAP_KEY_SIG)
    assert record is not None and len(record) == 64
    signed.inputs[3].put(I.TAP_KEY_SIG, record + bytes([0x03]))  # input 3, only 2 outputs
    (check,) = verify_signatures(signed)
    assert not check.valid and "SIGHASH_SINGLE" in check.reason
