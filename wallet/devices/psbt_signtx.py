"""PSBT → trezorlib `btc.sign_tx` stream → signatures back into a new PSBT.

Single-key inputs of this wallet only (pkh, sh-wpkh, wpkh, key-path tr), which is what
the cold account holds; anything else is refused with a clear message rather than
signed half-way. PSBT parsing and serialisation come from hwilib's PSBT class,
address text from bip-utils' encoders; the device does every hash and signature.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from hwilib.psbt import PSBT, PartiallySignedInput, PartiallySignedOutput
from trezorlib import btc, messages
from trezorlib.protocol_v1 import SessionV1

from wallet.devices.errors import BadDeviceRequest, UnsupportedByFirmware
from wallet.types import Network

_SIGHASH_ALL = b"\x01"


def sign_psbt_with_trezorlib(session: SessionV1, coin: str, network: Network, psbt_base64: str) -> str:
    """Sign on `coin` (Trezor's name for `network`'s coin); output addresses are `network`'s."""
    psbt = PSBT()
    try:
        psbt.deserialize(psbt_base64)
    except Exception as exc:
        raise BadDeviceRequest(f"not a valid PSBT: {exc}") from None
    if psbt.tx_version is None:
        raise BadDeviceRequest("the PSBT lacks its unsigned transaction version")
    fingerprint = session.get_root_fingerprint()
    inputs = [_input(psbt_in, fingerprint, index) for index, psbt_in in enumerate(psbt.inputs)]
    outputs = [_output(psbt_out, fingerprint, network) for psbt_out in psbt.outputs]
    signatures: Sequence[bytes | None]
    signatures, _ = cast(Any, btc).sign_tx(
        session,
        coin,
        inputs,
        outputs,
        prev_txes=_previous_transactions(psbt),
        version=psbt.tx_version,
        lock_time=psbt.compute_lock_time(),
    )
    for psbt_in, tx_in, signature in zip(psbt.inputs, inputs, signatures, strict=True):
        if signature is None:
            continue
        if tx_in.script_type == messages.InputScriptType.SPENDTAPROOT:
            psbt_in.tap_key_sig = signature
        else:
            pubkey = _our_ecdsa_key(psbt_in, fingerprint)
            psbt_in.partial_sigs[pubkey] = signature + _SIGHASH_ALL
    return str(psbt.serialize())


def _input(p: PartiallySignedInput, fingerprint: bytes, index: int) -> messages.TxInputType:
    if p.prev_out is None or p.sequence is None:
        raise BadDeviceRequest(f"input {index} lacks its outpoint or sequence")
    utxo = p.witness_utxo
    if p.non_witness_utxo is not None:
        p.non_witness_utxo.rehash()
        if p.non_witness_utxo.hash != p.prev_txid or p.prev_out >= len(p.non_witness_utxo.vout):
            raise BadDeviceRequest(
                f"input {index} carries a previous transaction that is not the one it spends"
            )
        utxo = p.non_witness_utxo.vout[p.prev_out]
    if utxo is None:
        raise BadDeviceRequest(f"input {index} carries neither the previous output nor its transaction")
    script = bytes(utxo.scriptPubKey)
    tx_in = messages.TxInputType(
        prev_hash=bytes(p.prev_txid)[::-1],
        prev_index=p.prev_out,
        sequence=p.sequence,
        amount=utxo.nValue,
        address_n=[],
    )
    if len(script) == 34 and script[:2] == b"\x51\x20":
        tx_in.script_type = messages.InputScriptType.SPENDTAPROOT
        for key, (_leaves, origin) in p.tap_bip32_paths.items():
            if key == p.tap_internal_key and origin.fingerprint == fingerprint:
                tx_in.address_n = list(origin.path)
    else:
        tx_in.script_type = _ecdsa_script_type(script, bytes(p.redeem_script), index)
        for origin in p.hd_keypaths.values():
            if origin.fingerprint == fingerprint:
                tx_in.address_n = list(origin.path)
                break
    if not tx_in.address_n:
        raise UnsupportedByFirmware(
            f"input {index} does not belong to this device's wallet ({fingerprint.hex()}); "
            "foreign inputs are not signed"
        )
    return tx_in


def _ecdsa_script_type(script: bytes, redeem: bytes, index: int) -> messages.InputScriptType:
    if len(script) == 22 and script[:2] == b"\x00\x14":
        return messages.InputScriptType.SPENDWITNESS
    if len(script) == 25 and script[:3] == b"\x76\xa9\x14" and script[23:] == b"\x88\xac":
        return messages.InputScriptType.SPENDADDRESS
    if len(script) == 23 and script[:2] == b"\xa9\x14" and len(redeem) == 22 and redeem[:2] == b"\x00\x14":
        return messages.InputScriptType.SPENDP2SHWITNESS
    raise UnsupportedByFirmware(f"input {index} is not a single-key pkh, sh-wpkh, wpkh or tr output")


def _our_ecdsa_key(psbt_in: PartiallySignedInput, fingerprint: bytes) -> bytes:
    for key, origin in psbt_in.hd_keypaths.items():
        if origin.fingerprint == fingerprint:
            return bytes(key)
    raise BadDeviceRequest("signed an input without a key of ours")  # _input() checked this already


def _output(psbt_out: PartiallySignedOutput, fingerprint: bytes, network: Network) -> messages.TxOutputType:
    txout = psbt_out.get_txout()
    script = bytes(txout.scriptPubKey)
    change = _change_output(psbt_out, script, fingerprint)
    if change is not None:
        change.amount = txout.nValue
        return change
    if script[:1] == b"\x6a":
        return messages.TxOutputType(
            amount=txout.nValue,
            script_type=messages.OutputScriptType.PAYTOOPRETURN,
            op_return_data=script[2:],
        )
    return messages.TxOutputType(amount=txout.nValue, address=_address(script, network))


def _change_output(
    p: PartiallySignedOutput, script: bytes, fingerprint: bytes
) -> messages.TxOutputType | None:
    """Outputs back to this wallet go by path, so the device checks and hides them as change."""
    if len(script) == 34 and script[:2] == b"\x51\x20":
        for key, (_leaves, origin) in p.tap_bip32_paths.items():
            if key == p.tap_internal_key and origin.fingerprint == fingerprint:
                return messages.TxOutputType(
                    amount=0, address_n=list(origin.path), script_type=messages.OutputScriptType.PAYTOTAPROOT
                )
        return None
    kind = {22: messages.OutputScriptType.PAYTOWITNESS, 25: messages.OutputScriptType.PAYTOADDRESS}.get(
        len(script)
    )
    if len(script) == 23 and bytes(p.redeem_script)[:2] == b"\x00\x14":
        kind = messages.OutputScriptType.PAYTOP2SHWITNESS
    if kind is None:
        return None
    for origin in p.hd_keypaths.values():
        if origin.fingerprint == fingerprint:
            return messages.TxOutputType(amount=0, address_n=list(origin.path), script_type=kind)
    return None


def _address(script: bytes, network: Network) -> str:
    from bip_utils import Base58Encoder, SegwitBech32Encoder

    if len(script) >= 4 and script[0] in (0x00, *range(0x51, 0x61)) and script[1] == len(script) - 2:
        version = 0 if script[0] == 0 else script[0] - 0x50
        return str(SegwitBech32Encoder.Encode(network.bech32_hrp, version, script[2:]))
    if len(script) == 25 and script[:3] == b"\x76\xa9\x14" and script[23:] == b"\x88\xac":
        return str(Base58Encoder.CheckEncode(network.p2pkh_version + script[3:23]))
    if len(script) == 23 and script[:2] == b"\xa9\x14" and script[22] == 0x87:
        return str(Base58Encoder.CheckEncode(network.p2sh_version + script[2:22]))
    raise UnsupportedByFirmware(f"output script {script.hex()} has no address form")


def _previous_transactions(psbt: PSBT) -> dict[bytes, messages.TransactionType]:
    """Full previous transactions, which the firmware re-hashes to check input amounts."""
    from hwilib._serialize import ser_uint256

    found: dict[bytes, messages.TransactionType] = {}
    for psbt_in in psbt.inputs:
        prev = psbt_in.non_witness_utxo
        if not prev:
            continue
        prev.rehash()
        assert prev.sha256 is not None  # set by rehash()
        found[ser_uint256(prev.sha256)[::-1]] = messages.TransactionType(
            version=prev.nVersion,
            lock_time=prev.nLockTime,
            inputs=[
                messages.TxInputType(
                    prev_hash=ser_uint256(vin.prevout.hash)[::-1],
                    prev_index=vin.prevout.n,
                    script_sig=vin.scriptSig,
                    sequence=vin.nSequence,
                )
                for vin in prev.vin
            ],
            bin_outputs=[
                messages.TxOutputBinType(amount=vout.nValue, script_pubkey=vout.scriptPubKey)
                for vout in prev.vout
            ],
        )
    return found
