"""Build small test PSBTs (BIP174 v0) spending one output to this device's wallet, with hwilib's classes."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

from bip_utils import SegwitBech32Decoder
from hwilib.key import KeyOriginInfo
from hwilib.psbt import PSBT, PartiallySignedInput, PartiallySignedOutput
from hwilib.tx import COutPoint, CTransaction, CTxIn, CTxOut

from wallet.types import KeyPath, ScriptType


@dataclass(frozen=True)
class Key:
    """One key of the device's wallet: its path, public key and address (from the device)."""

    path: str
    pubkey: bytes
    address: str
    script_type: ScriptType


def script_for(address: str) -> bytes:
    hrp = address.split("1", 1)[0]
    version, program = SegwitBech32Decoder.Decode(hrp, address)
    return bytes([0x50 + version if version else 0, len(program)]) + bytes(program)


def _origin(fingerprint: bytes, path: str) -> KeyOriginInfo:
    return KeyOriginInfo(fingerprint, list(KeyPath.parse(path)))


def _attach_key(scope: PartiallySignedInput | PartiallySignedOutput, key: Key, fingerprint: bytes) -> None:
    if key.script_type is ScriptType.TR:
        xonly = key.pubkey[1:]
        scope.tap_internal_key = xonly
        scope.tap_bip32_paths[xonly] = (set(), _origin(fingerprint, key.path))
    else:
        scope.hd_keypaths[key.pubkey] = _origin(fingerprint, key.path)


def spend_psbt(fingerprint: bytes, spent: Key, change: Key, amount: int = 100_000, pay: int = 60_000) -> str:
    """A PSBT spending `amount` at `spent` into a payment to a foreign address and change to `change`."""
    funding = CTransaction()
    funding.nVersion = 2
    funding.vin = [
        CTxIn(COutPoint(int.from_bytes(hashlib.sha256(spent.path.encode()).digest(), "little"), 0))
    ]
    funding.vout = [CTxOut(amount, script_for(spent.address))]
    funding.rehash()

    spend = CTransaction()
    spend.nVersion = 2
    spend.vin = [CTxIn(COutPoint(funding.sha256, 0), nSequence=0xFFFFFFFD)]
    foreign = b"\x00\x14" + hashlib.new("ripemd160", hashlib.sha256(b"someone else").digest()).digest()
    spend.vout = [CTxOut(pay, foreign), CTxOut(amount - pay - 1_000, script_for(change.address))]

    psbt = PSBT(spend)
    psbt_in = PartiallySignedInput(0)
    psbt_in.non_witness_utxo = funding
    psbt_in.witness_utxo = funding.vout[0]
    _attach_key(psbt_in, spent, fingerprint)
    psbt.inputs = [psbt_in]
    change_out = PartiallySignedOutput(0)
    _attach_key(change_out, change, fingerprint)
    psbt.outputs = [PartiallySignedOutput(0), change_out]
    reparsed = PSBT()
    reparsed.deserialize(psbt.serialize())
    return str(reparsed.serialize())


def signatures(psbt_base64: str) -> list[dict[str, str]]:
    """Per input: ECDSA partial signatures (pubkey hex → sig hex) and the taproot key-path signature."""
    psbt = PSBT()
    psbt.deserialize(psbt_base64)
    found = []
    for psbt_in in psbt.inputs:
        entry = {key.hex(): sig.hex() for key, sig in psbt_in.partial_sigs.items()}
        if psbt_in.tap_key_sig:
            entry["taproot"] = psbt_in.tap_key_sig.hex()
        found.append(entry)
    return found


def is_base64_psbt(text: str) -> bool:
    return base64.b64decode(text)[:5] == b"psbt\xff"
