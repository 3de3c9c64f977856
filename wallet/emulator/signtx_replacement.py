"""Replacement transactions (RBF): the original transaction an `orig_hash` points to.

The device never trusts the host's claim that a transaction replaces one the user
already approved. As trezor-firmware's legacy signing.c does, it streams the original
(TXMETA, TXORIGINPUT, TXORIGOUTPUT), checks that every current input spends what the
original spent and that the original's outputs reappear (only change may go away, external
amounts may only shrink), recomputes the original txid, and verifies the signature of each
of the device's own original inputs before it signs anything; a bad one ends the flow with
DataError "Invalid signature.". Only the fee change (and any lowered payment) is shown.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from typing import TypeVar

from coincurve import PublicKey, PublicKeyXOnly
from trezorlib import messages, protobuf

from wallet.emulator import scripts
from wallet.emulator.coins import Coin
from wallet.emulator.flow import Confirm, DeviceFailure
from wallet.emulator.keys import KeyStore
from wallet.emulator.paths import Policy
from wallet.emulator.sighash import (
    SegwitDigests,
    TxIn,
    bip143_sighash,
    bip341_sighash,
    legacy_sighash,
    legacy_txid,
)
from wallet.emulator.signtx_parts import (
    InputInfo,
    InType,
    OutputInfo,
    WalletInputs,
    data_error,
    parse_input,
    parse_output,
    process_error,
    single_input,
    single_output,
    uint32,
)

R = messages.RequestType
Button = messages.ButtonRequestType
SIGHASH_ALL = 0x01
RBF_SEQUENCE_LIMIT = 0xFFFF_FFFE  # BIP125: a sequence below this opts in to replacement
Sent = protobuf.MessageType | bool
Gen = Generator[protobuf.MessageType | Confirm, Sent, None]
Item = TypeVar("Item", messages.TxInputType, messages.TxOutputType)
Ask = Callable[
    [R, int | None, bytes | None], Generator[protobuf.MessageType | Confirm, Sent, messages.TransactionType]
]


@dataclass
class _OrigInput:
    info: InputInfo
    script_sig: bytes
    witness: bytes


@dataclass
class Original:
    """What the device learned about the transaction being replaced."""

    txid: bytes
    version: int
    lock_time: int
    inputs_count: int
    outputs_count: int
    inputs: list[_OrigInput] = field(default_factory=list)
    outputs: list[OutputInfo] = field(default_factory=list)

    def txins(self) -> list[TxIn]:
        return [
            TxIn(i.info.txin.prev_hash, i.info.txin.prev_index, i.info.txin.sequence, i.script_sig)
            for i in self.inputs
        ]

    def digests(self) -> SegwitDigests:
        return SegwitDigests.compute(
            [i.info.txin for i in self.inputs],
            [i.info.amount for i in self.inputs],
            [i.info.script_pubkey for i in self.inputs],
            [o.txout for o in self.outputs],
        )


def rbf_enabled(sequences: list[int]) -> bool:
    return any(sequence < RBF_SEQUENCE_LIMIT for sequence in sequences)


class Replacement:
    """Follows the original transaction while the signer streams the new one."""

    def __init__(self, keys: KeyStore, coin: Coin, ask: Ask, policy: Policy) -> None:
        self.keys = keys
        self.policy = policy
        self.coin = coin
        self.ask = ask
        self.original: Original | None = None
        self.wallet = WalletInputs()

    @property
    def active(self) -> bool:
        return self.original is not None

    # --- phase 1: inputs ------------------------------------------------------------

    def add_input(self, txi: messages.TxInputType, info: InputInfo) -> Gen:
        orig_hash = check_orig_fields(txi.orig_hash, txi.orig_index, "Provided orig_hash is invalid.")
        if orig_hash is None:
            return
        assert txi.orig_index is not None
        if self.original is None:
            self.original = yield from self._meta(orig_hash)
        original = self.original
        if orig_hash != original.txid:
            raise process_error("Only one original transaction is allowed.")
        if txi.orig_index >= original.inputs_count:
            raise data_error("Not enough inputs in original transaction.")
        if txi.orig_index != len(original.inputs):
            raise data_error("Rearranging or removal of original inputs is not supported.")
        orig = yield from self._orig_input(len(original.inputs))
        same = (orig.info.txin.prev_hash, orig.info.txin.prev_index, orig.info.amount) == (
            info.txin.prev_hash,
            info.txin.prev_index,
            info.amount,
        )
        if not same or (orig.info.script_type, orig.info.script_pubkey) != (
            info.script_type,
            info.script_pubkey,
        ):
            raise process_error("Original input does not match current input.")
        original.inputs.append(orig)

    def _meta(self, orig_hash: bytes) -> Generator[protobuf.MessageType | Confirm, Sent, Original]:
        meta = yield from self.ask(R.TXMETA, None, orig_hash)
        if meta.extra_data_len:
            raise data_error("Extra data not enabled on this coin.")
        return Original(
            txid=orig_hash,
            version=uint32(meta.version, "version", default=1),
            lock_time=uint32(meta.lock_time, "lock_time"),
            inputs_count=uint32(meta.inputs_cnt, "inputs_cnt"),
            outputs_count=uint32(meta.outputs_cnt, "outputs_cnt"),
        )

    def _orig_input(self, index: int) -> Generator[protobuf.MessageType | Confirm, Sent, _OrigInput]:
        assert self.original is not None
        tx = yield from self.ask(R.TXORIGINPUT, index, self.original.txid)
        txi = single_input(tx)
        plain = _without_replacement_fields(txi)
        info = parse_input(self.keys, self.coin, plain, self.policy)
        script_sig = bytes(txi.script_sig or b"")
        return _OrigInput(info, script_sig, bytes(txi.witness or b""))

    def confirm_inputs(self, sequences: list[int]) -> Gen:
        """All original inputs must be kept; the user confirms which transaction is replaced."""
        original = self.original
        if original is None:
            return
        if len(original.inputs) != original.inputs_count:
            raise data_error("Removal of original inputs is not supported.")
        orig_sequences = [i.info.txin.sequence for i in original.inputs]
        finalize = not rbf_enabled(sequences) and rbf_enabled(orig_sequences)
        title = "Finalize TXID" if finalize else "Update TXID"
        yield Confirm(Button.SignTx, title, (original.txid.hex(),))

    # --- phase 1: outputs -----------------------------------------------------------

    def add_output(self, txo: messages.TxOutputType, info: OutputInfo) -> Gen:
        original = self.original
        assert original is not None
        if txo.orig_hash is None:
            if not info.is_change:
                raise process_error(
                    "Adding new external outputs in replacement transactions is not supported."
                )
            return
        check_orig_fields(txo.orig_hash, txo.orig_index, "Encountered invalid orig_hash")
        assert txo.orig_index is not None
        if txo.orig_hash != original.txid:
            raise process_error("Unknown original transaction.")
        if txo.orig_index >= original.outputs_count:
            raise process_error("Not enough outputs in original transaction.")
        if len(original.outputs) > txo.orig_index:
            raise process_error("Rearranging original outputs is not supported.")
        while len(original.outputs) < txo.orig_index:
            yield from self._removed_output()
        orig = yield from self._orig_output(len(original.outputs))
        original.outputs.append(orig)
        if orig.txout.script_pubkey != info.txout.script_pubkey:
            raise process_error("Not an original output.")
        if info.is_change and not orig.is_change:
            raise data_error("Original output is missing change-output parameters.")
        if not orig.is_change:
            yield from self._compare_payment(info, orig)

    def _compare_payment(self, info: OutputInfo, orig: OutputInfo) -> Gen:
        if info.txout.amount > orig.txout.amount:
            raise process_error("Increasing original output amounts is not supported.")
        if info.txout.amount < orig.txout.amount:  # "send max" bumps take the fee from the payment
            old, new = (self.coin.format_amount(a) for a in (orig.txout.amount, info.txout.amount))
            yield Confirm(Button.ConfirmOutput, "Modify amount", (info.label, f"Old: {old}"))
            yield Confirm(Button.ConfirmOutput, "Modify amount", (info.label, f"New: {new}"))

    def _orig_output(self, index: int) -> Generator[protobuf.MessageType | Confirm, Sent, OutputInfo]:
        assert self.original is not None
        tx = yield from self.ask(R.TXORIGOUTPUT, index, self.original.txid)
        txo = _without_replacement_fields(single_output(tx))
        return parse_output(self.keys, self.coin, txo, self.wallet, self.policy)

    def _removed_output(self) -> Gen:
        assert self.original is not None
        orig = yield from self._orig_output(len(self.original.outputs))
        if not orig.is_change:
            raise data_error("Removal of original external outputs is not supported.")
        self.original.outputs.append(orig)

    def finish_outputs(self) -> Gen:
        """Stream the original outputs nobody claimed (removed change) and check the txid."""
        original = self.original
        if original is None:
            return
        while len(original.outputs) < original.outputs_count:
            yield from self._removed_output()
        txid = legacy_txid(
            original.version, original.lock_time, original.txins(), [o.txout for o in original.outputs]
        )
        if txid != original.txid:
            raise process_error("Invalid original TXID.")

    # --- phase 1: amounts -------------------------------------------------------------

    def original_fee_and_spend(self) -> tuple[int, int]:
        """The original's fee and what it paid to others (outputs that are not change)."""
        assert self.original is not None
        total_in = sum(i.info.amount for i in self.original.inputs)
        total_out = sum(o.txout.amount for o in self.original.outputs)
        if total_out > total_in:
            raise process_error("Negative fees not supported in transaction replacement.")
        external = sum(o.txout.amount for o in self.original.outputs if not o.is_change)
        return total_in - total_out, external

    def effective_lock_time(self) -> int:
        assert self.original is not None
        if all(i.info.txin.sequence == 0xFFFF_FFFF for i in self.original.inputs):
            return 0
        return self.original.lock_time

    # --- phase 3: the original's signatures -------------------------------------------

    def verify_signatures(self) -> Gen:
        """Check the signature of every original input (all are the device's own)."""
        original = self.original
        if original is None:
            return
        digests = original.digests()
        for index, orig in enumerate(original.inputs):
            if orig.info.is_segwit:
                again = yield from self._orig_input(index)
                if again != orig:
                    raise process_error("Transaction has changed during signing")
                _verify_segwit(original, digests, index, orig)
            else:
                yield from self._restream_original()
                _verify_legacy(original, index, orig)

    def _restream_original(self) -> Gen:
        """A legacy signature covers the whole transaction: stream it again, unchanged."""
        assert self.original is not None
        for index, orig in enumerate(self.original.inputs):
            again = yield from self._orig_input(index)
            if again != orig:
                raise data_error("Transaction has changed during signing")
        for index, output in enumerate(self.original.outputs):
            if (yield from self._orig_output(index)) != output:
                raise data_error("Transaction has changed during signing")


def check_orig_fields(orig_hash: bytes | None, orig_index: int | None, bad_hash: str) -> bytes | None:
    if orig_hash is None:
        return None
    if orig_index is None:
        raise data_error("Missing orig_index field.")
    if len(orig_hash) != 32:
        raise data_error(bad_hash)
    return bytes(orig_hash)


def _without_replacement_fields(msg: Item) -> Item:
    """A copy without orig_hash/orig_index/script_sig/witness, for the shared parsers."""
    buffer = io.BytesIO()
    protobuf.dump_message(buffer, msg)
    buffer.seek(0)
    copy = protobuf.load_message(buffer, type(msg))
    for name in ("orig_hash", "orig_index", "script_sig", "witness"):
        if hasattr(copy, name):
            setattr(copy, name, None)
    assert isinstance(copy, type(msg))
    return copy


def _invalid_signature() -> DeviceFailure:
    return data_error("Invalid signature.")


def _read_witness(witness: bytes) -> list[bytes]:
    """The stack items of a serialized witness (compact-size count, then length-prefixed items)."""
    stream = io.BytesIO(witness)

    def size() -> int:
        first = stream.read(1)
        if not first:
            raise _invalid_signature()
        width = {0xFD: 2, 0xFE: 4, 0xFF: 8}.get(first[0])
        return first[0] if width is None else int.from_bytes(stream.read(width), "little")

    items = []
    for _ in range(size()):
        length = size()
        item = stream.read(length)
        if len(item) != length:
            raise _invalid_signature()
        items.append(item)
    return items


def _split_hash_type(signature: bytes) -> bytes:
    if not signature or signature[-1] != SIGHASH_ALL:
        raise _invalid_signature()
    return signature[:-1]


def _verify_ecdsa(pubkey: bytes, der: bytes, digest: bytes) -> None:
    try:
        valid = PublicKey(pubkey).verify(der, digest, hasher=None)
    except (ValueError, TypeError):
        valid = False
    if not valid:
        raise _invalid_signature()


def _verify_segwit(original: Original, digests: SegwitDigests, index: int, orig: _OrigInput) -> None:
    items = _read_witness(orig.witness)
    if not items:
        raise _invalid_signature()
    info = orig.info
    if info.script_type == InType.SPENDTAPROOT:
        signature = items[0]
        if len(signature) == 65 and signature[-1] == SIGHASH_ALL:
            signature = signature[:64]
        digest = bip341_sighash(original.version, original.lock_time, digests, index)
        output_key = PublicKeyXOnly(scripts.taproot_output_key(info.pubkey))
        try:
            valid = len(signature) == 64 and output_key.verify(signature, digest)
        except ValueError:
            valid = False
        if not valid:
            raise _invalid_signature()
        return
    digest = bip143_sighash(
        original.version, original.lock_time, digests, info.txin, info.amount, scripts.hash160(info.pubkey)
    )
    _verify_ecdsa(info.pubkey, _split_hash_type(items[0]), digest)


def _verify_legacy(original: Original, index: int, orig: _OrigInput) -> None:
    script_sig = orig.script_sig
    if not script_sig or script_sig[0] > 75 or len(script_sig) < 1 + script_sig[0]:
        raise _invalid_signature()
    signature = script_sig[1 : 1 + script_sig[0]]
    digest = legacy_sighash(
        original.version,
        original.lock_time,
        [i.info.txin for i in original.inputs],
        [o.txout for o in original.outputs],
        index,
        orig.info.script_pubkey,
    )
    _verify_ecdsa(orig.info.pubkey, _split_hash_type(signature), digest)
