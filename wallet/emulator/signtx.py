"""The SignTx stream: the device asks for each piece of the transaction, shows it, signs it.

The order of requests follows trezor-firmware core (apps/bitcoin/sign_tx/bitcoin.py),
which its device tests pin down:
  1. every input; 2. every output, confirming each external one, then the total and fee;
  3. each input again with its previous transaction (meta, inputs, outputs) — skipped when
     every input is taproot, whose signatures commit to all amounts and scripts (BIP341);
  4. inputs serialized, legacy ones signed (each needs all inputs and outputs again);
  5. outputs serialized; 6. segwit inputs signed, witnesses written; 7. TXFINISHED.
Signatures travel in the next TxRequest's `serialized`, with the serialized transaction
bytes produced since the previous request (unless SignTx.serialize is false).
"""

from __future__ import annotations

import hashlib
from collections.abc import Generator

from trezorlib import messages, protobuf

from wallet.emulator import onekey_core_screens, onekey_screens, scripts
from wallet.emulator.coins import Coin
from wallet.emulator.flow import Confirm, DeviceFailure, Flow
from wallet.emulator.identities import OneKeyScreens
from wallet.emulator.keys import KeyStore
from wallet.emulator.paths import Policy, path_warning
from wallet.emulator.sighash import (
    SegwitDigests,
    TxIn,
    TxOut,
    bip143_digest,
    bip143_sighash,
    bip341_sighash,
    compact_size,
    legacy_sighash,
    push_bytes,
    serialize_input,
    serialize_output,
    serialize_witness,
)
from wallet.emulator.signtx_parts import (
    InputInfo,
    InType,
    OutputInfo,
    WalletInputs,
    as_transaction,
    check_prev_hash,
    check_sign_tx,
    data_error,
    ecdsa_signature,
    estimated_weight,
    parse_input,
    parse_output,
    process_error,
    refuse_other_coin_fields,
    schnorr_signature,
    single_input,
    single_output,
    uint32,
    uint64,
)
from wallet.emulator.signtx_replacement import Replacement
from wallet.types import format_path

R = messages.RequestType
SIGHASH_ALL_BYTE = b"\x01"
MAX_SILENT_CHANGE_COUNT = 2  # more change outputs than this get a warning (legacy signing.c)
LOCKTIME_THRESHOLD = 500_000_000  # below: a block height; from here on: a unix time (Bitcoin consensus)
Step = Generator[protobuf.MessageType | Confirm, protobuf.MessageType | bool, None]
Ask = Generator[protobuf.MessageType | Confirm, protobuf.MessageType | bool, messages.TransactionType]


def sign_tx_flow(
    keys: KeyStore,
    coin: Coin,
    msg: messages.SignTx,
    policy: Policy | None = None,
    *,
    onekey: OneKeyScreens | None = None,
) -> Flow:
    """The device side of SignTx; the runner feeds it the host's TxAcks.

    `onekey`: outputs and the total as that OneKey family shows them (the Classic's and
    the Classic 1S's silent pages, onekey_screens.py; the Touch/Pro's one screen per
    output and final "Slide to sign", onekey_core_screens.py); None: Trezor's screens."""
    check_sign_tx(msg)
    signer = _Signer(keys, coin, msg, policy or Policy())
    signer.onekey = onekey
    return (yield from signer.run())


class _Signer:
    def __init__(self, keys: KeyStore, coin: Coin, msg: messages.SignTx, policy: Policy) -> None:
        self.keys = keys
        self.policy = policy
        self.path_warned = False  # the legacy firmware warns once per transaction
        self.coin = coin
        self.version = uint32(msg.version, "version", default=1)
        self.lock_time = uint32(msg.lock_time, "lock_time")
        self.inputs_count = msg.inputs_count
        self.outputs_count = msg.outputs_count
        self.serialize = msg.serialize is not False
        self.inputs: list[InputInfo] = []
        self.input_messages: list[messages.TxInputType] = []  # as first received, to spot a repeat
        self.outputs: list[OutputInfo] = []
        self.wallet = WalletInputs()  # what the inputs share: change must belong to it
        self.pending_tx = bytearray()
        self.pending_signature: tuple[int, bytes] | None = None
        self.onekey: OneKeyScreens | None = None  # set by sign_tx_flow for a onekey-* identity
        self.digests: SegwitDigests | None = None
        self.replacement = Replacement(keys, coin, self._ask, policy)

    def run(self) -> Flow:
        yield from self.step1_process_inputs()
        yield from self.step2_approve_outputs()
        if not all(info.script_type == InType.SPENDTAPROOT for info in self.inputs):
            yield from self.step3_verify_inputs()
        yield from self.replacement.verify_signatures()
        self.digests = SegwitDigests.compute(
            [info.txin for info in self.inputs],
            [info.amount for info in self.inputs],
            [info.script_pubkey for info in self.inputs],
            [info.txout for info in self.outputs],
        )
        yield from self.step4_serialize_inputs()
        yield from self.step5_serialize_outputs()
        yield from self.step6_sign_segwit_inputs()
        self._write(self.lock_time.to_bytes(4, "little"))
        if self.onekey is OneKeyScreens.CORE:
            yield from onekey_core_screens.confirm_final(self.coin.name)
        return messages.TxRequest(request_type=R.TXFINISHED, serialized=self._take_serialized())

    # --- talking to the host ------------------------------------------------------

    def _ask(self, request_type: R, index: int | None, tx_hash: bytes | None = None) -> Ask:
        request = messages.TxRequest(
            request_type=request_type,
            details=messages.TxRequestDetailsType(request_index=index, tx_hash=tx_hash),
            serialized=self._take_serialized(),
        )
        reply = yield request
        return as_transaction(reply)

    def _take_serialized(self) -> messages.TxRequestSerializedType | None:
        if not self.pending_tx and self.pending_signature is None:
            return None
        index, signature = self.pending_signature if self.pending_signature else (None, None)
        serialized = messages.TxRequestSerializedType(
            signature_index=index,
            signature=signature,
            serialized_tx=bytes(self.pending_tx) if self.pending_tx else None,
        )
        self.pending_tx.clear()
        self.pending_signature = None
        return serialized

    def _write(self, data: bytes) -> None:
        if self.serialize:
            self.pending_tx += data

    def _sign_result(self, index: int, signature: bytes) -> None:
        assert self.pending_signature is None, "a signature is sent with every request"
        self.pending_signature = (index, signature)

    def _input_again(self, index: int) -> Generator[protobuf.MessageType | Confirm, object, InputInfo]:
        """Re-request an input and refuse if it differs from what the user approved."""
        tx = yield from self._ask(R.TXINPUT, index)
        txi = single_input(tx)
        if txi == self.input_messages[index]:
            # the very same fields: parse_input (a pure function of them) would repeat its answer,
            # so skip its key derivation and hashing; any other message is parsed and compared
            return self.inputs[index]
        info = parse_input(self.keys, self.coin, txi, self.policy)
        if info != self.inputs[index]:
            raise process_error("Transaction has changed during signing")
        return info

    def _output_again(self, index: int) -> Generator[protobuf.MessageType | Confirm, object, OutputInfo]:
        tx = yield from self._ask(R.TXOUTPUT, index)
        info = parse_output(self.keys, self.coin, single_output(tx), self.wallet, self.policy)
        if info != self.outputs[index]:
            raise process_error("Transaction has changed during signing")
        return info

    def _warn_about_path(self, unusual: bool) -> Step:
        if unusual and not self.path_warned:
            self.path_warned = True
            yield path_warning()

    # --- the steps --------------------------------------------------------------------

    def step1_process_inputs(self) -> Step:
        for index in range(self.inputs_count):
            tx = yield from self._ask(R.TXINPUT, index)
            txi = single_input(tx)
            info = parse_input(self.keys, self.coin, txi, self.policy)
            yield from self._warn_about_path(info.unusual_path)
            self.inputs.append(info)
            self.input_messages.append(txi)
            yield from self.replacement.add_input(txi, info)
        yield from self.replacement.confirm_inputs([info.txin.sequence for info in self.inputs])

    def step2_approve_outputs(self) -> Step:
        self.wallet = WalletInputs.of(self.inputs)
        self.replacement.wallet = self.wallet
        for index in range(self.outputs_count):
            tx = yield from self._ask(R.TXOUTPUT, index)
            txo = single_output(tx)
            info = parse_output(self.keys, self.coin, txo, self.wallet, self.policy)
            yield from self._warn_about_path(info.unusual_path)
            self.outputs.append(info)
            if self.replacement.active:
                yield from self.replacement.add_output(txo, info)
            elif txo.orig_hash is not None:
                raise process_error("Unknown original transaction.")
            elif not info.is_change:
                amount = self.coin.format_amount(info.txout.amount)
                if self.onekey is not None:
                    path = format_path(txo.address_n) if txo.address_n else None
                    yield from self._onekey_output(amount, info.label, path)
                    continue
                yield Confirm(
                    messages.ButtonRequestType.ConfirmOutput, "Confirm sending", (info.label, amount)
                )
                if self.policy.trezor_core:  # core's confirm_output: the amount has its own screen
                    yield Confirm(messages.ButtonRequestType.ConfirmOutput, "Amount", (amount,))
        yield from self.replacement.finish_outputs()
        yield from self._approve_transaction()

    def _approve_transaction(self) -> Step:
        """Lock time (if any) and the total with its fee, as the firmware's approver shows them."""
        total_in = sum(info.amount for info in self.inputs)
        total_out = sum(info.txout.amount for info in self.outputs)
        if total_out > total_in:
            raise DeviceFailure(messages.FailureType.NotEnoughFunds, "Not enough funds")
        fee = total_in - total_out
        vsize = -(-estimated_weight(self.inputs, self.outputs) // 4)
        if fee > self.coin.maxfee_kb * vsize // 1000:
            lines = (f"Fee: {self.coin.format_amount(fee)}", "Fee is unexpectedly high")
            yield Confirm(messages.ButtonRequestType.FeeOverThreshold, "High fee", lines)
        change_count = sum(1 for info in self.outputs if info.is_change)
        if change_count > MAX_SILENT_CHANGE_COUNT:
            lines = (f"A lot of change-outputs: {change_count}", "Continue?")
            yield Confirm(messages.ButtonRequestType.SignTx, "Warning", lines)
        if self.replacement.active:
            yield from self._approve_replacement(fee)
            return
        if self.lock_time > 0:
            # BIP65/BIP68: with every sequence final the lock time has no effect, and the screen says so
            disabled = all(info.txin.sequence == 0xFFFF_FFFF for info in self.inputs)
            kind = "Block height" if self.lock_time < LOCKTIME_THRESHOLD else "Time (unix)"
            lines = (f"{kind}: {self.lock_time}", "Locktime set but will have no effect" if disabled else "")
            yield Confirm(messages.ButtonRequestType.SignTx, "Confirm locktime", tuple(filter(None, lines)))
        spending = total_in - sum(info.txout.amount for info in self.outputs if info.is_change)
        if self.onekey is not None:
            yield from self._onekey_total(fee, spending)
            return
        lines = (
            f"Total amount: {self.coin.format_amount(spending)}",
            f"Including fee: {self.coin.format_amount(fee)}",
        )
        yield Confirm(messages.ButtonRequestType.SignTx, "Confirm transaction", lines)

    def _onekey_output(self, amount: str, address: str, path: str | None) -> Step:
        """`path`: an external output given by derivation path (not the wallet's change), whose
        path the Classic 1S shows on a page of its own (layoutConfirmOutput's extra line)."""
        if self.onekey is OneKeyScreens.CLASSIC:
            yield from onekey_screens.confirm_output(self.coin.name, amount, address, None)
        elif self.onekey is OneKeyScreens.CLASSIC1S:
            yield from onekey_screens.confirm_output_classic1s(self.coin.name, amount, address, path)
        else:
            yield from onekey_core_screens.confirm_output(amount, address)

    def _onekey_total(self, fee: int, spending: int) -> Step:
        fee_text, total_text = self.coin.format_amount(fee), self.coin.format_amount(spending)
        if self.onekey is OneKeyScreens.CLASSIC:
            yield from onekey_screens.confirm_fee_and_total(self.coin.name, fee_text, total_text)
        elif self.onekey is OneKeyScreens.CLASSIC1S:
            yield from onekey_screens.confirm_total_classic1s(self.coin.name, fee_text, total_text)
        else:
            amount = self.coin.format_amount(spending - fee)
            yield from onekey_core_screens.confirm_total(self.coin.name, amount, fee_text, total_text)

    def _approve_replacement(self, fee: int) -> Step:
        """A bump may only move our own money into the fee; the user confirms the new fee."""
        orig_fee, orig_external = self.replacement.original_fee_and_spend()
        external = sum(info.txout.amount for info in self.outputs if not info.is_change)
        if external > orig_external:
            raise process_error("Invalid replacement transaction.")
        final = all(info.txin.sequence == 0xFFFF_FFFF for info in self.inputs)
        if (0 if final else self.lock_time) != self.replacement.effective_lock_time():
            raise process_error(
                "Original transactions must have same effective nLockTime as replacement transaction."
            )
        if fee != orig_fee:
            lines = (
                f"Old fee: {self.coin.format_amount(orig_fee)}",
                f"New fee: {self.coin.format_amount(fee)}",
            )
            yield Confirm(messages.ButtonRequestType.SignTx, "Modify fee", lines)

    def step3_verify_inputs(self) -> Step:
        for index in range(self.inputs_count):
            info = yield from self._input_again(index)
            amount, script_pubkey = yield from self._previous_output(info)
            if amount != info.amount:
                raise data_error("Invalid amount specified")
            if script_pubkey != info.script_pubkey:
                raise data_error("Input does not match scriptPubKey")

    def _previous_output(
        self, info: InputInfo
    ) -> Generator[protobuf.MessageType | Confirm, object, tuple[int, bytes]]:
        """Stream the previous transaction, check it hashes to prev_hash, return the spent output."""
        prev_hash = info.txin.prev_hash
        meta = yield from self._ask(R.TXMETA, None, prev_hash)
        inputs_count = uint32(meta.inputs_cnt, "inputs_cnt")
        outputs_count = uint32(meta.outputs_cnt, "outputs_cnt")
        version = uint32(meta.version, "version", default=1)
        lock_time = uint32(meta.lock_time, "lock_time")
        if meta.extra_data_len or meta.extra_data:
            raise data_error("Extra data not enabled on this coin.")
        refuse_other_coin_fields(meta)
        if info.txin.prev_index >= outputs_count:
            raise data_error("Not enough outputs in previous transaction.")
        hasher = hashlib.sha256()
        hasher.update(version.to_bytes(4, "little"))
        hasher.update(compact_size(inputs_count))
        for index in range(inputs_count):
            hasher.update((yield from self._previous_input_bytes(index, prev_hash)))
        hasher.update(compact_size(outputs_count))
        spent = (0, b"")
        for index in range(outputs_count):
            tx = yield from self._ask(R.TXOUTPUT, index, prev_hash)
            if len(tx.bin_outputs) != 1:
                raise data_error("Expected exactly one output")
            output = tx.bin_outputs[0]
            if output.amount is None or output.script_pubkey is None:
                raise data_error("Missing amount field.")
            uint64(output.amount, "amount")
            hasher.update(serialize_output(_txout(output)))
            if index == info.txin.prev_index:
                spent = (output.amount, bytes(output.script_pubkey))
        hasher.update(lock_time.to_bytes(4, "little"))
        if hashlib.sha256(hasher.digest()).digest()[::-1] != prev_hash:
            raise process_error("Encountered invalid prev_hash")
        return spent

    def _previous_input_bytes(
        self, index: int, prev_hash: bytes
    ) -> Generator[protobuf.MessageType | Confirm, object, bytes]:
        """One input of a previous transaction, serialized for its txid."""
        tx = yield from self._ask(R.TXINPUT, index, prev_hash)
        txi = single_input(tx)
        check_prev_hash(txi.prev_hash, self.policy)
        if txi.prev_index is None:
            raise data_error("Missing prev_index field.")
        sequence = uint32(txi.sequence, "sequence", default=0xFFFF_FFFF)
        prev_index = uint32(txi.prev_index, "prev_index")
        txin = TxIn(bytes(txi.prev_hash), prev_index, sequence, bytes(txi.script_sig or b""))
        return serialize_input(txin)

    def step4_serialize_inputs(self) -> Step:
        has_segwit = any(info.is_segwit for info in self.inputs)
        self._write(self.version.to_bytes(4, "little") + (b"\x00\x01" if has_segwit else b""))
        self._write(compact_size(self.inputs_count))
        for index in range(self.inputs_count):
            if self.inputs[index].is_segwit:
                info = yield from self._input_again(index)
                self._write(serialize_input(info.txin, _segwit_script_sig(info)))
            else:
                yield from self._sign_legacy_input(index)

    def _sign_legacy_input(self, index: int) -> Step:
        """Stream the whole transaction again (the input itself included) and sign its digest."""
        for other in range(self.inputs_count):
            yield from self._input_again(other)
        for other in range(self.outputs_count):
            yield from self._output_again(other)
        info = self.inputs[index]
        digest = legacy_sighash(
            self.version,
            self.lock_time,
            [each.txin for each in self.inputs],
            [each.txout for each in self.outputs],
            index,
            info.script_code,
        )
        signature = ecdsa_signature(self.keys, info.path, digest)
        self._sign_result(index, signature)
        if info.multisig is not None:
            items = info.multisig.signature_pushes(_with_ours(info, signature))
            script_sig = (
                b"\x00"
                + b"".join(script_push(item) for item in items[1:])
                + script_push(info.multisig.script)
            )
        else:
            script_sig = push_bytes(signature + SIGHASH_ALL_BYTE) + push_bytes(info.pubkey)
        self._write(serialize_input(info.txin, script_sig))

    def step5_serialize_outputs(self) -> Step:
        self._write(compact_size(self.outputs_count))
        for index in range(self.outputs_count):
            info = yield from self._output_again(index)
            self._write(serialize_output(info.txout))

    def step6_sign_segwit_inputs(self) -> Step:
        if not any(info.is_segwit for info in self.inputs):
            return
        assert self.digests is not None
        for index in range(self.inputs_count):
            if not self.inputs[index].is_segwit:
                if self.policy.legacy:  # the legacy firmware asks for every input here (signing.c)
                    yield from self._input_again(index)
                self._write(b"\x00")  # empty witness of a legacy input
                continue
            info = yield from self._input_again(index)
            if info.script_type == InType.SPENDTAPROOT:
                digest = bip341_sighash(self.version, self.lock_time, self.digests, index)
                signature = schnorr_signature(self.keys, info.path, digest)
                self._write(serialize_witness([signature]))
            elif info.multisig is not None:
                digest = bip143_digest(
                    self.version, self.lock_time, self.digests, info.txin, info.amount, info.multisig.script
                )
                signature = ecdsa_signature(self.keys, info.path, digest)
                items = info.multisig.signature_pushes(_with_ours(info, signature))
                self._write(serialize_witness([*items, info.multisig.script]))
            else:
                pubkey_hash = scripts.hash160(info.pubkey)
                digest = bip143_sighash(
                    self.version, self.lock_time, self.digests, info.txin, info.amount, pubkey_hash
                )
                signature = ecdsa_signature(self.keys, info.path, digest)
                self._write(serialize_witness([signature + SIGHASH_ALL_BYTE, info.pubkey]))
            self._sign_result(index, signature)


def _with_ours(info: InputInfo, signature: bytes) -> list[bytes]:
    """The cosigners' signatures with the device's own at its key's position."""
    assert info.multisig is not None
    signatures = list(info.cosigner_signatures)
    signatures[info.multisig.index_of(info.pubkey)] = signature
    return signatures


def script_push(data: bytes) -> bytes:
    """A script push of any size up to 65535 bytes (a 15-key redeem script needs OP_PUSHDATA2)."""
    if len(data) <= 255:
        return push_bytes(data)
    return b"\x4d" + len(data).to_bytes(2, "little") + data


def _segwit_script_sig(info: InputInfo) -> bytes:
    """P2SH-wrapped segwit spends push their redeem script; native ones have none."""
    if info.script_type == InType.SPENDP2SHWITNESS and info.multisig is not None:
        return push_bytes(info.multisig.p2sh_p2wsh_redeem_script())
    if info.script_type == InType.SPENDP2SHWITNESS:
        return push_bytes(scripts.p2sh_p2wpkh_redeem_script(info.pubkey))
    return b""


def _txout(output: messages.TxOutputBinType) -> TxOut:
    return TxOut(output.amount, bytes(output.script_pubkey))
