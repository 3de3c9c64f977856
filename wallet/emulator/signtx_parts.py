"""Checks and data the SignTx flow works with: one streamed input/output at a time.

Refusals use the firmware's Failure codes and messages (trezor-firmware core,
apps/bitcoin/sign_tx/helpers.py sanitizers and bitcoin.py), so a host sees the
same answer it would get from a real device.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from coincurve import PrivateKey
from trezorlib import messages, protobuf

from wallet.emulator import multisig, scripts
from wallet.emulator.coins import (
    Coin,
    address_for,
    address_to_script_pubkey,
    script_pubkey_for,
)
from wallet.emulator.flow import DeviceFailure
from wallet.emulator.keys import KeyStore
from wallet.emulator.paths import Policy
from wallet.emulator.sighash import TxIn, TxOut, compact_size

Failure = messages.FailureType
InType = messages.InputScriptType
OutType = messages.OutputScriptType

# The emulator keeps every input and output of the transaction being signed in memory;
# the bound keeps a hostile host from growing that without limit.
MAX_TX_ITEMS = 10_000

SEGWIT_INPUT_TYPES = (InType.SPENDWITNESS, InType.SPENDP2SHWITNESS, InType.SPENDTAPROOT)
CHANGE_OUTPUT_TYPES = {
    OutType.PAYTOADDRESS: InType.SPENDADDRESS,
    OutType.PAYTOP2SHWITNESS: InType.SPENDP2SHWITNESS,
    OutType.PAYTOWITNESS: InType.SPENDWITNESS,
    OutType.PAYTOTAPROOT: InType.SPENDTAPROOT,
    OutType.PAYTOMULTISIG: InType.SPENDMULTISIG,
}
MULTISIG_TYPES = (InType.SPENDMULTISIG, InType.SPENDWITNESS, InType.SPENDP2SHWITNESS)


UINT32_MAX = 0xFFFF_FFFF
UINT64_MAX = 0xFFFF_FFFF_FFFF_FFFF


def uint32(value: int | None, field: str, default: int = 0) -> int:
    """A protobuf uint32 field; trezorlib's decoder accepts any varint, the firmware does not."""
    value = default if value is None else value
    if not 0 <= value <= UINT32_MAX:
        raise data_error(f"Invalid {field}")
    return value


def uint64(value: int, field: str) -> int:
    if not 0 <= value <= UINT64_MAX:
        raise data_error(f"Invalid {field}")
    return value


def data_error(message: str) -> DeviceFailure:
    return DeviceFailure(Failure.DataError, message)


def process_error(message: str) -> DeviceFailure:
    return DeviceFailure(Failure.ProcessError, message)


def as_transaction(reply: protobuf.MessageType | bool) -> messages.TransactionType:
    """The TransactionType inside the host's TxAck; anything else is an unexpected message."""
    if isinstance(reply, messages.TxAck):
        if reply.tx is None:
            raise data_error("Missing tx field.")
        return reply.tx
    if getattr(reply, "MESSAGE_WIRE_TYPE", None) == messages.MessageType.TxAck:
        # TxAckInput/TxAckOutput/TxAckPrev* share TxAck's wire type and field layout.
        assert isinstance(reply, protobuf.MessageType)
        return as_transaction(_redecode_as_tx_ack(reply))
    raise DeviceFailure(Failure.UnexpectedMessage, "Unexpected message")


def _redecode_as_tx_ack(reply: protobuf.MessageType) -> messages.TxAck:
    buffer = io.BytesIO()
    protobuf.dump_message(buffer, reply)
    buffer.seek(0)
    return protobuf.load_message(buffer, messages.TxAck)


# Zcash/Decred/Peercoin fields; Bitcoin has none of them (firmware messages, helpers.py).
OTHER_COIN_FIELDS = {
    "expiry": "Expiry",
    "timestamp": "Timestamp",
    "version_group_id": "Version group ID",
    "branch_id": "Branch ID",
}


def refuse_other_coin_fields(msg: messages.SignTx | messages.TransactionType) -> None:
    for field, name in OTHER_COIN_FIELDS.items():
        value = getattr(msg, field)
        # the firmware tests expiry/timestamp for a non-zero value, the other two for presence
        present = bool(value) if field in ("expiry", "timestamp") else value is not None
        if present:
            raise data_error(f"{name} not enabled on this coin.")


def check_sign_tx(msg: messages.SignTx) -> None:
    """Refuse counts the device cannot work with before streaming anything."""
    if not 1 <= msg.inputs_count <= MAX_TX_ITEMS:
        raise data_error("Invalid number of inputs")
    if not 1 <= msg.outputs_count <= MAX_TX_ITEMS:
        raise data_error("Invalid number of outputs")
    if msg.coinjoin_request is not None:
        raise data_error("Coinjoin not supported")
    refuse_other_coin_fields(msg)
    uint32(msg.version, "version")
    uint32(msg.lock_time, "lock_time")


@dataclass(frozen=True)
class InputInfo:
    """One of the device's own inputs, checked and with its key material resolved."""

    txin: TxIn
    script_type: InType
    path: tuple[int, ...]
    amount: int
    pubkey: bytes
    script_pubkey: bytes
    unusual_path: bool = False  # served after the user confirmed the path warning
    multisig: multisig.Multisig | None = None
    cosigner_signatures: tuple[bytes, ...] = ()  # the host's, in cosigner order ("" where missing)

    @property
    def is_segwit(self) -> bool:
        return self.script_type in SEGWIT_INPUT_TYPES

    @property
    def script_code(self) -> bytes:
        """What a legacy or BIP143 signature commits to as the spent script."""
        return self.multisig.script if self.multisig else self.script_pubkey


@dataclass(frozen=True)
class OutputInfo:
    txout: TxOut
    is_change: bool
    label: str  # what the screen shows for it: the address or "OP_RETURN"
    unusual_path: bool = False


PREV_HASH_MAX_SIZE = 32  # TxInputType.prev_hash max_size (legacy messages-bitcoin.options)


def check_prev_hash(prev_hash: bytes | None, policy: Policy | None) -> None:
    """A 32-byte prev_hash; longer ones never reach a T1's signing code (nanopb: "bytes overflow")."""
    if prev_hash is not None and len(prev_hash) > PREV_HASH_MAX_SIZE and policy is not None and policy.legacy:
        raise data_error("bytes overflow")
    if prev_hash is None or len(prev_hash) != PREV_HASH_MAX_SIZE:
        raise data_error("Provided prev_hash is invalid.")


def single_input(tx: messages.TransactionType) -> messages.TxInputType:
    if len(tx.inputs) != 1:
        raise data_error("Expected exactly one input")
    return tx.inputs[0]


def parse_input(
    keys: KeyStore, coin: Coin, txi: messages.TxInputType, policy: Policy | None = None
) -> InputInfo:
    try:
        script_type = InType(txi.script_type if txi.script_type is not None else InType.SPENDADDRESS)
    except ValueError:
        raise data_error("Wrong input script type") from None
    check_prev_hash(txi.prev_hash, policy)
    if txi.prev_index is None:
        raise data_error("Missing prev_index field.")
    if txi.multisig is not None and script_type not in MULTISIG_TYPES:
        raise data_error("Multisig field provided but not expected.")
    if script_type == InType.SPENDMULTISIG and txi.multisig is None:
        raise data_error("Multisig details required.")
    if script_type not in (InType.SPENDADDRESS, InType.SPENDMULTISIG, *SEGWIT_INPUT_TYPES):
        raise data_error("Wrong input script type")
    if txi.amount is None:
        raise data_error("Missing amount field.")
    path = tuple(txi.address_n)
    policy = policy or Policy()
    unusual = policy.needs_warning(coin, script_type, path, multisig=txi.multisig is not None)
    pubkey = keys.public_key(path)
    sequence = uint32(txi.sequence, "sequence", default=UINT32_MAX)
    if txi.multisig is not None:
        return _multisig_input(txi, script_type, path, pubkey, policy, unusual)
    return InputInfo(
        txin=TxIn(bytes(txi.prev_hash), uint32(txi.prev_index, "prev_index"), sequence),
        script_type=script_type,
        path=path,
        amount=uint64(txi.amount, "amount"),
        pubkey=pubkey,
        script_pubkey=script_pubkey_for(coin, script_type, pubkey),
        unusual_path=unusual,
    )


def _multisig_input(
    txi: messages.TxInputType,
    script_type: InType,
    path: tuple[int, ...],
    pubkey: bytes,
    policy: Policy,
    unusual: bool,
) -> InputInfo:
    assert txi.multisig is not None and txi.prev_hash is not None and txi.amount is not None
    wallet = multisig.parse(txi.multisig)
    if pubkey not in wallet.pubkeys:
        if policy.legacy:  # legacy get_script_pubkey fails first
            raise process_error("Failed to derive scriptPubKey")
        wallet.index_of(pubkey)
    signatures = tuple(bytes(s) for s in txi.multisig.signatures)
    signatures += (b"",) * (len(wallet.pubkeys) - len(signatures))
    return InputInfo(
        txin=TxIn(
            bytes(txi.prev_hash),
            uint32(txi.prev_index, "prev_index"),
            uint32(txi.sequence, "sequence", UINT32_MAX),
        ),
        script_type=script_type,
        path=path,
        amount=uint64(txi.amount, "amount"),
        pubkey=pubkey,
        script_pubkey=wallet.script_pubkey(script_type),
        unusual_path=unusual,
        multisig=wallet,
        cosigner_signatures=signatures[: len(wallet.pubkeys)],
    )


def _simple(script_type: InType) -> InType:
    """SPENDMULTISIG is p2sh multisig: for change it counts as SPENDADDRESS (signing.c)."""
    return InType.SPENDADDRESS if script_type == InType.SPENDMULTISIG else script_type


@dataclass(frozen=True)
class WalletInputs:
    """What the inputs have in common; an output is change only if it belongs to the same wallet.

    The legacy firmware's is_change_output (signing.c): one script type for all inputs, all
    single-sig or all the same multisig wallet, the same path length and the same path up to
    the last two elements (chain and index, chain at most 1).
    """

    script_type: InType | None = None
    multisig_fingerprint: bytes | None = None
    is_multisig: bool | None = None
    path_prefix: tuple[int, ...] | None = None
    path_length: int = 0

    @classmethod
    def of(cls, inputs: list[InputInfo]) -> WalletInputs:
        types = {
            InType.SPENDADDRESS if i.script_type == InType.SPENDMULTISIG else i.script_type for i in inputs
        }
        fingerprints = {i.multisig.fingerprint if i.multisig else None for i in inputs}
        kinds = {i.multisig is not None for i in inputs}
        prefixes = {i.path[:-2] for i in inputs}
        lengths = {len(i.path) for i in inputs}
        one_path = len(prefixes) == 1 and len(lengths) == 1 and min(lengths) >= 2
        return cls(
            script_type=types.pop() if len(types) == 1 else None,
            multisig_fingerprint=fingerprints.pop() if len(fingerprints) == 1 else None,
            is_multisig=kinds.pop() if len(kinds) == 1 else None,
            path_prefix=prefixes.pop() if one_path else None,
            path_length=lengths.pop() if one_path else 0,
        )

    def owns(self, script_type: InType, path: tuple[int, ...], wallet: multisig.Multisig | None) -> bool:
        simple = _simple(script_type)
        if wallet is not None and (wallet.fingerprint != self.multisig_fingerprint or not wallet.single_path):
            return False
        return (
            self.is_multisig == (wallet is not None)
            and self.script_type == simple
            and self.path_prefix is not None
            and len(path) == self.path_length
            and path[:-2] == self.path_prefix
            and path[-2] <= 1
            and path[-1] <= 1_000_000
        )


def single_output(tx: messages.TransactionType) -> messages.TxOutputType:
    if len(tx.outputs) != 1:
        raise data_error("Expected exactly one output")
    return tx.outputs[0]


def parse_output(
    keys: KeyStore,
    coin: Coin,
    txo: messages.TxOutputType,
    wallet: WalletInputs,
    policy: Policy | None = None,
) -> OutputInfo:
    """Check an output and derive its script; change is a path of the inputs' wallet."""
    if txo.amount is None:
        raise data_error("Missing amount field.")
    uint64(txo.amount, "amount")
    try:
        script_type = OutType(txo.script_type if txo.script_type is not None else OutType.PAYTOADDRESS)
    except ValueError:
        raise data_error("Invalid script type") from None
    if script_type == OutType.PAYTOOPRETURN:
        return _op_return_output(txo)
    if txo.op_return_data:
        raise data_error("OP RETURN data provided but not OP RETURN script type.")
    multisig_outputs = (OutType.PAYTOMULTISIG, OutType.PAYTOWITNESS, OutType.PAYTOP2SHWITNESS)
    if txo.multisig is not None and script_type not in multisig_outputs:
        raise data_error("Multisig field provided but not expected.")
    if txo.address_n and txo.address:
        raise data_error("Both address and address_n provided.")
    if txo.address:
        return OutputInfo(TxOut(txo.amount, address_to_script_pubkey(coin, txo.address)), False, txo.address)
    if not txo.address_n:
        raise data_error("Missing address")
    input_type = CHANGE_OUTPUT_TYPES.get(script_type)
    if input_type is None:
        raise data_error("Invalid script type")
    path = tuple(txo.address_n)
    unusual = (policy or Policy()).needs_warning(coin, input_type, path, multisig=txo.multisig is not None)
    pubkey = keys.public_key(path)
    if txo.multisig is not None:
        ms = multisig.parse(txo.multisig)
        ms.index_of(pubkey)
        script = ms.script_pubkey(input_type)
        label = ms.address(coin.p2sh_version, coin.hrp, input_type)
        txout = TxOut(txo.amount, script)
        return OutputInfo(txout, wallet.owns(input_type, path, ms), label, unusual_path=unusual)
    if input_type == InType.SPENDMULTISIG:
        raise data_error("Multisig details required.")
    is_change = wallet.owns(input_type, path, None)
    label = address_for(coin, input_type, pubkey)
    txout = TxOut(txo.amount, script_pubkey_for(coin, input_type, pubkey))
    return OutputInfo(txout, is_change, label, unusual_path=unusual)


def _op_return_output(txo: messages.TxOutputType) -> OutputInfo:
    if txo.op_return_data is None:
        raise data_error("OP_RETURN output without op_return_data")
    if txo.amount != 0:
        raise data_error("OP_RETURN output with non-zero amount")
    if txo.address or txo.address_n:
        raise data_error("OP_RETURN output with address or multisig")
    try:
        script = scripts.op_return_script(bytes(txo.op_return_data))
    except scripts.AddressError as exc:
        raise data_error("OP_RETURN data too long") from exc
    return OutputInfo(TxOut(0, script), False, "OP_RETURN")


def ecdsa_signature(keys: KeyStore, path: tuple[int, ...], digest: bytes) -> bytes:
    """RFC6979 low-S ECDSA from libsecp256k1, DER-encoded, without the sighash byte."""
    return bytes(PrivateKey(keys.private_key(path)).sign(digest, hasher=None))


def schnorr_signature(keys: KeyStore, path: tuple[int, ...], digest: bytes) -> bytes:
    """BIP340 signature by the BIP86-tweaked key, with 32 zero bytes of aux randomness."""
    tweaked = scripts.taproot_tweaked_private_key(keys.private_key(path))
    return bytes(PrivateKey(tweaked).sign_schnorr(digest, aux_randomness=b"\x00" * 32))


# Sizes the firmware's TxWeightCalculator counts (apps/bitcoin/sign_tx/tx_weight.py): the
# non-witness part weighs 4 per byte, witness data 1 per byte; signatures at their maximum.
_INPUT_BASE = 40  # prev hash, index, sequence
_DER_SIGNATURE_MAX = 72  # with the sighash byte
_PUBKEY = 33
_ECDSA_WITNESS = 1 + 1 + _DER_SIGNATURE_MAX + 1 + _PUBKEY  # item count, two pushes
_SCHNORR_WITNESS = 1 + 1 + 64
_SCRIPT_SIG = {
    InType.SPENDADDRESS: 1 + _DER_SIGNATURE_MAX + 1 + _PUBKEY,
    InType.SPENDP2SHWITNESS: 1 + 22,  # push of the p2wpkh redeem script
    InType.SPENDWITNESS: 0,
    InType.SPENDTAPROOT: 0,
}


def estimated_weight(inputs: list[InputInfo], outputs: list[OutputInfo]) -> int:
    """The transaction weight the firmware estimates before signing (for the fee warning)."""
    weight = 4 * (4 + 4 + len(compact_size(len(inputs))) + len(compact_size(len(outputs))))
    segwit = [info for info in inputs if info.is_segwit]
    for info in inputs:
        if info.multisig is not None:
            script_sig, witness = multisig.input_weight(info.multisig, info.script_type)
            weight += 4 * (_INPUT_BASE + len(compact_size(script_sig)) + script_sig) + witness
            continue
        script_sig = _SCRIPT_SIG[info.script_type]
        weight += 4 * (_INPUT_BASE + len(compact_size(script_sig)) + script_sig)
        if info.is_segwit:
            weight += _SCHNORR_WITNESS if info.script_type == InType.SPENDTAPROOT else _ECDSA_WITNESS
    for output in outputs:
        script = output.txout.script_pubkey
        weight += 4 * (8 + len(compact_size(len(script))) + len(script))
    if segwit:
        weight += 2 + (len(inputs) - len(segwit))  # marker and flag; empty witness of legacy inputs
    return weight
