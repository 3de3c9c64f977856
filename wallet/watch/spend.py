"""Spends and fee bumps from the watch-only wallet, handed back as PSBTs for review and signing.

bdk builds them: coin selection (branch and bound, largest-first fallback), change to
the account's next change address, fee rate, nSequence (RBF signalled unless asked not
to), PSBT fields a signer needs (previous transactions, BIP32 derivations). Here we
check the request, translate bdk's errors into one line, and persist the revealed
change index so a second spend never reuses it.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass

import bdkpython as bdk

from wallet.addresses import bdk_network
from wallet.psbt.model import Psbt
from wallet.watch.errors import SpendError
from wallet.watch.watch_wallet import WatchWallet

MIN_FEE_RATE = 1.0  # sat/vB: Bitcoin Core's default minimum relay fee
MAX_FEE_RATE = 5_000.0  # sat/vB: above this a typo is far likelier than intent
NO_RBF_SEQUENCE = 0xFFFF_FFFE  # final for RBF (BIP125), still enables nLockTime (anti fee sniping)


@dataclass(frozen=True)
class Recipient:
    address: str
    amount: int | None  # satoshis; None = everything selected, less the fee (send-max)


@dataclass(frozen=True)
class SpendRequest:
    recipients: tuple[Recipient, ...]
    fee_rate: float  # sat/vB
    rbf: bool = True
    utxos: tuple[str, ...] = ()  # coin control: spend exactly these outpoints ("txid:vout")
    avoid: tuple[str, ...] = ()  # never pick these automatically (e.g. labelled not spendable)


@dataclass(frozen=True)
class BuiltSpend:
    psbt: Psbt
    txid: str
    fee: int
    inputs: tuple[str, ...]
    change: int  # satoshis back to the account's change chain
    replaceable: bool


def build_spend(wallet: WatchWallet, request: SpendRequest) -> BuiltSpend:
    if not request.recipients:
        raise SpendError("a spend needs at least one recipient")
    fee_rate = _fee_rate(request.fee_rate)
    builder = bdk.TxBuilder().fee_rate(fee_rate)
    send_max = [r for r in request.recipients if r.amount is None]
    if send_max and len(request.recipients) != 1:
        raise SpendError("send-max pays one recipient only (everything selected, less the fee)")
    for recipient in request.recipients:
        script = _script(wallet, recipient.address)
        if recipient.amount is None:
            builder = builder.drain_to(script)
        else:
            if recipient.amount <= 0:
                raise SpendError(f"the amount to {recipient.address} must be more than zero")
            builder = builder.add_recipient(script, bdk.Amount.from_sat(recipient.amount))
    if request.utxos:
        # bdk refuses a coin it does not hold unspent (UnknownUtxo, below) at finish().
        builder = builder.add_utxos([_outpoint(text) for text in _unique(request.utxos)])
        builder = builder.manually_selected_only()
    else:
        # Coins no longer unspent (or never ours) are passed too: bdk ignores them, and asking bdk
        # first (get_utxo) costs ~3 ms a coin with 10,000 coins, as it re-resolves the whole history.
        avoided = [_outpoint(text) for text in request.avoid]
        builder = builder.unspendable(avoided) if avoided else builder
        builder = builder.drain_wallet() if send_max else builder
    if not request.rbf:
        builder = builder.set_exact_sequence(NO_RBF_SEQUENCE)
    return _finish(wallet, lambda: builder.finish(wallet.bdk))


def bump_fee(wallet: WatchWallet, txid: str, fee_rate: float) -> BuiltSpend:
    """A replacement (BIP125) of an unconfirmed spend of ours, paying `fee_rate` sat/vB."""
    try:
        target = bdk.Txid.from_string(txid.strip().lower())
    except bdk.HashParseError:
        raise SpendError(f"{txid!r} is not a transaction id (64 hex digits)") from None
    known = wallet.bdk.get_tx(target)
    if known is None:
        raise SpendError(f"transaction {txid} is not in this wallet (sync first?)")
    if isinstance(known.chain_position, bdk.ChainPosition.CONFIRMED):
        raise SpendError(f"transaction {txid} is already confirmed; there is nothing to bump")
    builder = bdk.BumpFeeTxBuilder(target, _fee_rate(fee_rate))
    return _finish(wallet, lambda: builder.finish(wallet.bdk))


def _finish(wallet: WatchWallet, finish: Callable[[], bdk.Psbt]) -> BuiltSpend:
    try:
        built = finish()
    except bdk.CreateTxError.InsufficientFunds as exc:
        raise SpendError(
            f"not enough funds: {exc.needed} needed, {exc.available} available (fee included)"
        ) from None
    except bdk.CreateTxError.CoinSelection as exc:  # branch and bound reports shortfalls here
        raise SpendError(f"not enough funds for this spend: {exc.error_message}") from None
    except bdk.CreateTxError.UnknownUtxo as exc:
        raise SpendError(f"coin {exc.outpoint} is not an unspent coin of this wallet") from None
    except bdk.CreateTxError.OutputBelowDustLimit:
        raise SpendError("an output is below the dust limit; send more or spend different coins") from None
    except bdk.CreateTxError as exc:
        raise SpendError(f"cannot build the transaction: {type(exc).__name__} ({exc})") from None
    wallet.persist()  # the change index revealed by this spend must never be handed out again
    psbt = Psbt.parse(base64.b64decode(built.serialize()))
    # Read back from our own parse, not through bdk's bindings: each bdk object read costs a call
    # across the FFI (a 500-input spend spent ~15 ms formatting its outpoints that way).
    tx = psbt.unsigned_tx()
    return BuiltSpend(
        psbt=psbt,
        txid=tx.txid_hex,
        fee=int(built.fee()),
        inputs=tuple(txin.outpoint for txin in tx.inputs),
        change=sum(out.amount for out in tx.outputs if _is_change(wallet, out.script)),
        replaceable=any(txin.sequence < NO_RBF_SEQUENCE for txin in tx.inputs),  # BIP125 signalling
    )


def _is_change(wallet: WatchWallet, script: bytes) -> bool:
    origin = wallet.bdk.derivation_of_spk(bdk.Script(script))
    return origin is not None and origin.keychain is bdk.KeychainKind.INTERNAL


def _fee_rate(sat_per_vb: float) -> bdk.FeeRate:
    if not MIN_FEE_RATE <= sat_per_vb <= MAX_FEE_RATE:
        raise SpendError(
            f"fee rate {sat_per_vb:g} sat/vB is outside {MIN_FEE_RATE:g}–{MAX_FEE_RATE:g} sat/vB"
        )
    return bdk.FeeRate.from_sat_per_kwu(round(sat_per_vb * 250))  # 1 vB = 4 weight units


def _script(wallet: WatchWallet, address: str) -> bdk.Script:
    network = bdk_network(wallet.account.network)
    try:
        parsed = bdk.Address(address.strip(), network)
    except bdk.AddressParseError:
        raise SpendError(f"{address!r} is not a {wallet.account.network.value} address") from None
    return parsed.script_pubkey()


def _unique(outpoints: tuple[str, ...]) -> list[str]:
    unique: list[str] = []
    seen: set[str] = set()  # a set, not the list: coin control may name thousands of coins
    for text in outpoints:
        cleaned = text.strip().lower()
        if cleaned in seen:
            raise SpendError(f"coin {cleaned} is chosen twice")
        seen.add(cleaned)
        unique.append(cleaned)
    return unique


def _outpoint(text: str) -> bdk.OutPoint:
    txid_text, colon, vout_text = text.strip().lower().partition(":")
    try:
        if not colon or not vout_text.isdigit():
            raise ValueError
        return bdk.OutPoint(txid=bdk.Txid.from_string(txid_text), vout=int(vout_text))
    except (ValueError, bdk.HashParseError):
        raise SpendError(f"{text!r} is not a coin reference; write it txid:vout") from None
