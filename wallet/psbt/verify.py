"""Checking every signature in a PSBT against the message it must commit to.

ECDSA (PSBT_IN_PARTIAL_SIG) over the legacy or BIP143 hash, Schnorr (PSBT_IN_TAP_KEY_SIG
and PSBT_IN_TAP_SCRIPT_SIG) over the BIP341 hash; verification itself is libsecp256k1
through coincurve (which, like Bitcoin's standardness rules, accepts low-S only).
Works for partial signatures, so it also checks one cosigner's work in a multisig.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import coincurve

from wallet.psbt.codec import Transaction, TxOut
from wallet.psbt.fields import I, hash160
from wallet.psbt.model import Psbt
from wallet.psbt.origins import OutputTemplate, output_template
from wallet.psbt.sighash import SighashError, legacy_sighash, segwit_v0_sighash, taproot_sighash


@dataclass(frozen=True)
class SignatureCheck:
    input_index: int
    key: bytes  # the public key (33/65 bytes) or x-only key (32 bytes; script path: + leaf hash)
    kind: str  # "ecdsa", "schnorr key path" or "schnorr script path"
    valid: bool
    reason: str = ""
    checkable: bool = True  # False: the PSBT lacks what the message needs (UTXO, scripts)


class _Unverifiable(Exception):
    """The PSBT lacks what the message needs (UTXO, scripts); the check records why."""


def verify_signatures(psbt: Psbt) -> list[SignatureCheck]:
    """One check per signature record in the PSBT, in input order."""
    tx = psbt.unsigned_tx()
    checks: list[SignatureCheck] = []
    for index, input_map in enumerate(psbt.inputs):
        wanted_raw = input_map.get(I.SIGHASH_TYPE)
        wanted = None if wanted_raw is None else int.from_bytes(wanted_raw, "little")
        for record in input_map.all(I.PARTIAL_SIG):
            check = _run(_ecdsa, psbt, tx, index, record.key_data, record.value, wanted)
            checks.append(SignatureCheck(index, record.key_data, "ecdsa", *check))
        key_sig = input_map.get(I.TAP_KEY_SIG)
        if key_sig is not None:
            check = _run(_schnorr, psbt, tx, index, key_sig, wanted, None, None)
            checks.append(SignatureCheck(index, b"", "schnorr key path", *check))
        for record in input_map.all(I.TAP_SCRIPT_SIG):
            xonly, leaf = record.key_data[:32], record.key_data[32:]
            check = _run(_schnorr, psbt, tx, index, record.value, wanted, xonly, leaf)
            checks.append(SignatureCheck(index, record.key_data, "schnorr script path", *check))
    return checks


def _run(verify: Callable[..., None], *args: Any) -> tuple[bool, str, bool]:
    """(valid, reason, checkable) of one signature."""
    try:
        verify(*args)
    except _Unverifiable as exc:
        return False, str(exc), False
    except SighashError as exc:
        return False, str(exc), True
    except _Invalid as exc:
        return False, str(exc) or "the signature does not verify", True
    return True, "", True


class _Invalid(Exception):
    """The signature is well-formed input to the check but wrong."""


def _spent_output(psbt: Psbt, index: int) -> TxOut:
    utxo = psbt.utxo(index)
    if utxo is None:
        raise _Unverifiable(f"input #{index} has no UTXO data, so its signature cannot be checked")
    return utxo


def _p2pkh_script(key_hash: bytes) -> bytes:
    return b"\x76\xa9\x14" + key_hash + b"\x88\xac"


def _ecdsa_message(psbt: Psbt, tx: Transaction, index: int, hash_type: int) -> bytes:
    """The legacy or BIP143 hash, choosing the scriptCode from the spent script (BIP16/141/143)."""
    spent = _spent_output(psbt, index)
    input_map = psbt.inputs[index]
    inner = spent.script
    if output_template(spent.script) is OutputTemplate.P2SH:
        redeem = input_map.get(I.REDEEM_SCRIPT)
        if redeem is None or hash160(redeem) != spent.script[2:22]:
            raise _Unverifiable(
                f"input #{index}: the redeem script is missing or does not match the P2SH output"
            )
        inner = redeem
    if output_template(inner) is OutputTemplate.P2WPKH:
        return segwit_v0_sighash(tx, index, _p2pkh_script(inner[2:22]), spent.amount, hash_type)
    if output_template(inner) is OutputTemplate.P2WSH:
        witness_script = input_map.get(I.WITNESS_SCRIPT)
        if witness_script is None or hashlib.sha256(witness_script).digest() != inner[2:34]:
            raise _Unverifiable(f"input #{index}: the witness script is missing or does not match")
        return segwit_v0_sighash(tx, index, witness_script, spent.amount, hash_type)
    if psbt.previous_tx(index) is None:
        raise _Unverifiable(f"input #{index} is not segwit and has no previous transaction")
    return legacy_sighash(tx, index, inner, hash_type)


def _ecdsa(psbt: Psbt, tx: Transaction, index: int, pubkey: bytes, value: bytes, wanted: int | None) -> None:
    if len(value) < 9:
        raise _Invalid("the signature is too short to be DER plus a hash type")
    der, hash_type = value[:-1], value[-1]
    if wanted is not None and hash_type != wanted:
        raise _Invalid(f"hash type {hash_type:#x} differs from the PSBT's {wanted:#x}")
    message = _ecdsa_message(psbt, tx, index, hash_type)
    try:
        valid = coincurve.PublicKey(pubkey).verify(der, message, hasher=None)
    except (ValueError, TypeError):
        valid = False  # malformed DER
    if not valid:
        raise _Invalid()


def _schnorr(
    psbt: Psbt,
    tx: Transaction,
    index: int,
    signature: bytes,
    wanted: int | None,
    xonly: bytes | None,
    leaf_hash: bytes | None,
) -> None:
    hash_type = signature[64] if len(signature) == 65 else 0
    if len(signature) == 65 and hash_type == 0:
        raise _Invalid("a 65-byte Schnorr signature must not carry hash type 0")
    if wanted is not None and hash_type != wanted and not (wanted == 1 and hash_type == 0):
        raise _Invalid(f"hash type {hash_type:#x} differs from the PSBT's {wanted:#x}")
    spent = [_spent_output(psbt, n) for n in range(len(psbt.inputs))]
    if xonly is None:
        if output_template(spent[index].script) is not OutputTemplate.P2TR:
            raise _Unverifiable(f"input #{index} carries a key-path signature but does not spend P2TR")
        xonly = spent[index].script[2:34]  # key path signs for the tweaked output key
    message = taproot_sighash(tx, index, spent, hash_type, leaf_hash)
    try:
        valid = coincurve.PublicKeyXOnly(xonly).verify(signature[:64], message)
    except ValueError:
        valid = False
    if not valid:
        raise _Invalid()
