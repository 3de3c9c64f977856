"""PSBTs for HWI built from trezor-firmware's signing vectors, with hwilib's own classes.

The unsigned transaction is the vector's expected signed transaction with its scripts
and witnesses stripped, so what HWI asks the device to sign is exactly the firmware's
test case; key origins use the "all" seed's fingerprint 5c9e228d.
"""

from __future__ import annotations

import hashlib
import io
from typing import Any

from bip_utils import Bip32Slip10Secp256k1
from hwilib.key import KeyOriginInfo
from hwilib.psbt import PSBT, PartiallySignedInput, PartiallySignedOutput
from hwilib.tx import COutPoint, CTransaction, CTxIn, CTxOut, CTxWitness
from trezorlib import messages

from tests.wallet.emulator.signtx_support import ALL_SEED

I = messages.InputScriptType  # noqa: E741
O = messages.OutputScriptType  # noqa: E741
ALL_FINGERPRINT = bytes.fromhex("5c9e228d")
_ROOT = Bip32Slip10Secp256k1.FromSeed(ALL_SEED)


def pubkey_at(path: list[int]) -> bytes:
    node = _ROOT
    for index in path:
        node = node.ChildKey(index)
    return bytes(node.PublicKey().RawCompressed().ToBytes())


def hash160(data: bytes) -> bytes:
    return hashlib.new("ripemd160", hashlib.sha256(data).digest()).digest()


def unsigned_tx(signed_hex: str) -> CTransaction:
    tx = CTransaction()
    tx.deserialize(io.BytesIO(bytes.fromhex(signed_hex)))
    for txin in tx.vin:
        txin.scriptSig = b""
    tx.wit = CTxWitness()
    tx.rehash()
    return tx


def prev_ctransaction(prev: messages.TransactionType) -> CTransaction:
    tx = CTransaction()
    tx.nVersion = prev.version or 1
    tx.nLockTime = prev.lock_time or 0
    for txi in prev.inputs:
        outpoint = COutPoint(int.from_bytes(txi.prev_hash, "big"), txi.prev_index)
        tx.vin.append(CTxIn(outpoint, txi.script_sig or b"", txi.sequence or 0))
    for txo in prev.bin_outputs:
        tx.vout.append(CTxOut(txo.amount, txo.script_pubkey))
    tx.rehash()
    return tx


def _psbt_input(
    txi: messages.TxInputType, prev: messages.TransactionType, with_prev_tx: bool
) -> PartiallySignedInput:
    pin = PartiallySignedInput(0)
    previous = prev_ctransaction(prev)
    spent = previous.vout[txi.prev_index]
    pubkey = pubkey_at(list(txi.address_n))
    origin = KeyOriginInfo(ALL_FINGERPRINT, list(txi.address_n))
    if with_prev_tx:
        pin.non_witness_utxo = previous
    if txi.script_type != I.SPENDADDRESS:
        pin.witness_utxo = spent
    if txi.script_type == I.SPENDP2SHWITNESS:
        pin.redeem_script = b"\x00\x14" + hash160(pubkey)
    if txi.script_type == I.SPENDTAPROOT:
        pin.tap_internal_key = pubkey[1:]
        pin.tap_bip32_paths[pubkey[1:]] = (set(), origin)
    else:
        pin.hd_keypaths[pubkey] = origin
    return pin


def _psbt_output(txo: messages.TxOutputType) -> PartiallySignedOutput:
    pout = PartiallySignedOutput(0)
    if not txo.address_n:
        return pout
    pubkey = pubkey_at(list(txo.address_n))
    origin = KeyOriginInfo(ALL_FINGERPRINT, list(txo.address_n))
    if txo.script_type == O.PAYTOTAPROOT:
        pout.tap_internal_key = pubkey[1:]
        pout.tap_bip32_paths[pubkey[1:]] = (set(), origin)
    else:
        pout.hd_keypaths[pubkey] = origin
        if txo.script_type == O.PAYTOP2SHWITNESS:
            pout.redeem_script = b"\x00\x14" + hash160(pubkey)
    return pout


def psbt_for(vector: tuple[Any, ...], prev_txes: dict[bytes, messages.TransactionType]) -> PSBT:
    """A PSBTv0 for a firmware vector. Taproot-only spends carry only witness UTXOs, as usual."""
    _coin, inputs, outputs, expected = vector
    psbt = PSBT(unsigned_tx(expected))
    taproot_only = all(txi.script_type == I.SPENDTAPROOT for txi in inputs)
    psbt.inputs = [_psbt_input(txi, prev_txes[txi.prev_hash], not taproot_only) for txi in inputs]
    psbt.outputs = [_psbt_output(txo) for txo in outputs]
    return psbt
