"""What a PSBT does, in terms a person can check before the device signs it.

The review lists inputs (outpoint, amount, ours and at which path) and outputs
(address, amount, and whether it is ours — proven by deriving the claimed path from
our account — on the change or receive chain), the fee and fee rate, and warnings.
Blocking warnings make `ensure_signable` refuse the PSBT.

An output is ours only when proven: derived from a stored account's descriptor or, on
an air-gapped signer with no account, from the keys the signer itself gave for that
account path (`signer_keys`). An output that merely claims our fingerprint is "not
proven" and counted as sent to others; one whose claim is false (FAKE) is refused.
Our outputs more than `GAP_BOUND` addresses past the highest index known in use are
refused too: a watch-only wallet scanning with a gap limit of at most 1,000 (the
largest wallet.watch.backends accepts) would never see them. Amounts outside
0 ‥ 21,000,000 BTC (Bitcoin Core's MoneyRange) are refused.

Size estimate (for the fee rate of an unsigned PSBT), in weight units (BIP141):
overhead 4 × (version 4 + locktime 4 + input/output counts) + 2 for the segwit
marker and flag if any input is segwit; per output 4 × (8 + script length with its
length prefix); per input a worst-case signature of 72 bytes (DER, low-S) plus
33-byte compressed key: p2pkh 592, p2sh-p2wpkh 364, p2wpkh 272, p2tr key path 230
(64-byte Schnorr signature, SIGHASH_DEFAULT). Unknown input types count as p2pkh.
A finalized PSBT is measured exactly instead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

from wallet.addresses import address_of_script
from wallet.descriptors import AccountDescriptor
from wallet.psbt.codec import Transaction, TxIn, compact_size, parse_witness_stack
from wallet.psbt.errors import PsbtRefused
from wallet.psbt.fields import G, I
from wallet.psbt.model import Psbt
from wallet.psbt.origins import (
    KeyOriginClaim,
    OutputTemplate,
    key_origin_claims,
    output_template,
    prove_ownership,
)
from wallet.psbt.review_model import (
    InputReview,
    OutputReview,
    Ownership,
    PsbtReview,
    ReviewWarning,
    WarningCode,
)
from wallet.psbt.verify import verify_signatures
from wallet.types import HARDENED, Network, format_path

HIGH_FEE_SHARE = 0.05  # the threshold: a fee over 5 % of the amount sent
ABSURD_FEE_RATE = 1000.0  # sat/vB; far above any fee market peak so far
MIN_RELAY_FEE_RATE = 1.0  # sat/vB, Bitcoin Core's default minimum relay fee
_INPUT_WEIGHT = {
    OutputTemplate.P2PKH: 592,
    OutputTemplate.P2SH: 364,
    OutputTemplate.P2WPKH: 272,
    OutputTemplate.P2TR: 230,
}
_SEGWIT = {OutputTemplate.P2SH, OutputTemplate.P2WPKH, OutputTemplate.P2TR, OutputTemplate.P2WSH}
_STANDARD_SIGHASH = {None, 1}  # absent or SIGHASH_ALL
_STANDARD_TAPROOT_SIGHASH = {None, 0, 1}  # absent, SIGHASH_DEFAULT or SIGHASH_ALL
_PURPOSES = {44, 49, 84, 86, 48}
MAX_MONEY = 21_000_000 * 100_000_000  # sats; Bitcoin Core's MAX_MONEY (consensus/amount.h)
GAP_BOUND = 1000  # the largest gap limit the watch-only wallet scans with (wallet.watch.backends)


@dataclass(frozen=True)
class _Context:
    accounts: tuple[AccountDescriptor, ...]
    fingerprints: frozenset[bytes]  # ours: the accounts', or the signer's when no account is known
    network: Network
    signer_keys: tuple[AccountDescriptor, ...] = ()  # accounts built from the signer's own xpubs

    @property
    def proving(self) -> tuple[AccountDescriptor, ...]:
        """What ownership is proven against: the stored accounts, else the signer's own keys."""
        return self.accounts or self.signer_keys


@dataclass
class _Collected:
    warnings: list[ReviewWarning] = field(default_factory=list)

    def add(self, code: WarningCode, message: str, *, blocking: bool = False) -> None:
        self.warnings.append(ReviewWarning(code, message, blocking))


def review_psbt(
    psbt: Psbt,
    *,
    accounts: tuple[AccountDescriptor, ...] = (),
    fingerprint: bytes | None = None,
    network: Network | None = None,
    default_network: Network = Network.TESTNET,
    signer_keys: tuple[AccountDescriptor, ...] = (),
) -> PsbtReview:
    """Review `psbt` against our accounts, or just our master fingerprint (an air-gapped signer).

    The network is `network` (an explicit choice) if given, else the accounts', else the
    coin type in the PSBT's key paths (0h mainnet, 1h a test network), else `default_network`.
    `signer_keys` (accounts built from xpubs the signer gave, see wallet.psbt.signer_keys)
    prove ownership when no account is given; they never choose the network.
    """
    found = _Collected()
    ours = frozenset(a.fingerprint for a in accounts) or frozenset([fingerprint] if fingerprint else [])
    resolved, source = _resolve_network(psbt, network, accounts, ours, default_network, found)
    keys = () if accounts else tuple(k for k in signer_keys if k.fingerprint in ours)
    context = _Context(accounts, ours, resolved, keys)
    tx = psbt.unsigned_tx()
    verdicts = _signature_verdicts(psbt, found)
    inputs = tuple(
        replace(_review_input(psbt, tx, n, context, found), signatures_valid=verdicts.get(n))
        for n in range(len(psbt.inputs))
    )
    outputs = tuple(_review_output(psbt, tx, n, context, found) for n in range(len(psbt.outputs)))
    _amount_warnings(inputs, outputs, found)
    _gap_warnings(psbt, inputs, outputs, context, found)
    amounts = [i.amount for i in inputs]
    total_in = None if any(a is None for a in amounts) else sum(a for a in amounts if a is not None)
    total_out = sum(o.amount for o in outputs)
    fee = None if total_in is None else total_in - total_out
    vsize, estimated = _vsize(psbt)
    fee_rate = None if fee is None else fee / vsize
    sent_external = sum(o.amount for o in outputs if o.role == "external")
    _fee_warnings(fee, fee_rate, sent_external or total_out, found)
    _ownership_warnings(inputs, context, found)
    _global_xpub_warnings(psbt, context, found)
    return PsbtReview(
        network=resolved.value,
        network_source=source,
        psbt_version=psbt.version,
        txid=tx.txid_hex,
        inputs=inputs,
        outputs=outputs,
        total_in=total_in,
        total_out=total_out,
        fee=fee,
        vsize=vsize,
        vsize_is_estimate=estimated,
        fee_rate=fee_rate,
        sent_external=sent_external,
        warnings=tuple(found.warnings),
    )


def _signature_verdicts(psbt: Psbt, found: _Collected) -> dict[int, bool]:
    """Per input: True if every signature verifies, False if one does not (unverifiable ones skipped)."""
    verdicts: dict[int, bool] = {}
    for check in verify_signatures(psbt):
        if not check.checkable:
            continue  # missing UTXO or scripts: reported elsewhere, not a verdict on the signature
        verdicts[check.input_index] = verdicts.get(check.input_index, True) and check.valid
        if not check.valid:
            found.add(WarningCode.BAD_SIGNATURE, f"input #{check.input_index}: {check.reason}")
    return verdicts


def ensure_signable(review: PsbtReview) -> None:
    """Refuse (one line, every reason) a PSBT whose review has blocking warnings."""
    if review.blocking:
        raise PsbtRefused("refusing to sign: " + "; ".join(w.message for w in review.blocking))


def _coin_types(psbt: Psbt, fingerprints: frozenset[bytes]) -> set[int]:
    claims: list[KeyOriginClaim] = []
    for input_map in psbt.inputs:
        claims += key_origin_claims(input_map, is_input=True)
    for output_map in psbt.outputs:
        claims += key_origin_claims(output_map, is_input=False)
    coins = set()
    for claim in claims:
        if fingerprints and claim.fingerprint not in fingerprints:
            continue
        if len(claim.path) >= 2 and claim.path[0] & ~HARDENED in _PURPOSES and claim.path[1] & HARDENED:
            coins.add(claim.path[1] & ~HARDENED)
    return coins


def _resolve_network(
    psbt: Psbt,
    explicit: Network | None,
    accounts: tuple[AccountDescriptor, ...],
    fingerprints: frozenset[bytes],
    default: Network,
    found: _Collected,
) -> tuple[Network, str]:
    coins = _coin_types(psbt, fingerprints)
    if explicit is not None:
        network, source = explicit, "--network"
    elif accounts:
        network, source = accounts[0].network, "the account"
    elif coins == {0}:
        network, source = Network.MAINNET, "coin type 0h in the key paths"
    elif coins == {1}:
        network, source = (
            default if default.is_test else Network.TESTNET,
            "coin type 1h in the key paths",
        )
    else:
        network, source = default, "the default setting"
    for other in sorted({a.network for a in accounts} - {network}):
        found.add(
            WarningCode.NETWORK_MISMATCH,
            f"network mismatch: the account is on {other.value}, not {network.value}",
            blocking=True,
        )
    wrong = sorted(c for c in coins if c != network.coin_type)
    if wrong:
        found.add(
            WarningCode.NETWORK_MISMATCH,
            f"network mismatch: key paths use coin type {', '.join(f'{c}h' for c in wrong)}, "
            f"but {network.value} uses {network.coin_type}h",
            blocking=True,
        )
    return network, source


def _ownership(
    script: bytes | None, claims: list[KeyOriginClaim], context: _Context
) -> tuple[Ownership, str | None, bool | None]:
    """(ownership, path, is_change) of a script given the key origins claimed for it."""
    ours = [c for c in claims if c.fingerprint in context.fingerprints]
    claimed_path = ours[0].path_text if ours else None
    if not context.fingerprints:
        return Ownership.UNKNOWN, claims[0].path_text if claims else None, None
    if not context.proving or script is None:
        return (Ownership.CLAIMED, claimed_path, None) if ours else (Ownership.NOT_OURS, None, None)
    for account in context.proving:
        proof = prove_ownership(script, claims, account)
        if proof is not None:
            return Ownership.PROVEN, format_path(proof.path), proof.change
    if not ours:
        return Ownership.NOT_OURS, None, None
    # A claim on a chain we hold the key of was checked and is false; others stay unproven.
    checked = any(
        c.fingerprint == a.fingerprint and a.relative_path(c.path) is not None
        for c in ours
        for a in context.proving
    )
    return (Ownership.FAKE if checked else Ownership.CLAIMED), claimed_path, None


def _review_input(
    psbt: Psbt, tx: Transaction, index: int, context: _Context, found: _Collected
) -> InputReview:
    input_map = psbt.inputs[index]
    utxo = psbt.utxo(index)
    kind = output_template(utxo.script) if utxo else None
    claims = key_origin_claims(input_map, is_input=True)
    ownership, path, _ = _ownership(utxo.script if utxo else None, claims, context)
    sighash_raw = input_map.get(I.SIGHASH_TYPE)
    sighash = None if sighash_raw is None else int.from_bytes(sighash_raw, "little")
    _input_warnings(psbt, tx, index, sighash, found)
    signed = any(input_map.all(t) for t in (I.PARTIAL_SIG, I.TAP_KEY_SIG, I.TAP_SCRIPT_SIG))
    finalized = any(input_map.get(t) is not None for t in (I.FINAL_SCRIPTSIG, I.FINAL_SCRIPTWITNESS))
    if finalized and not claims:
        ownership = Ownership.UNKNOWN  # a finalizer removes the key origins (BIP174); nothing to check
    txin = tx.inputs[index]
    return InputReview(
        index=index,
        outpoint=txin.outpoint,
        amount=utxo.amount if utxo else None,
        address=address_of_script(utxo.script, context.network) if utxo else None,
        script_type=kind.value if kind else None,
        ownership=ownership,
        path=path,
        sighash=sighash,
        signed=signed,
        finalized=finalized,
    )


def _input_warnings(psbt: Psbt, tx: Transaction, index: int, sighash: int | None, found: _Collected) -> None:
    """Missing or contradictory UTXO data and unusual sighash types of one input."""
    utxo = psbt.utxo(index)
    kind = output_template(utxo.script) if utxo else None
    if utxo is None:
        found.add(
            WarningCode.MISSING_UTXO, f"input #{index} has no UTXO data: its amount and the fee are unknown"
        )
    elif kind in _SEGWIT - {OutputTemplate.P2TR} and psbt.inputs[index].get(I.NON_WITNESS_UTXO) is None:
        found.add(
            WarningCode.NO_PREVIOUS_TX,
            f"input #{index} has no full previous transaction; a device will ask for it "
            "(guard against the segwit fee attack)",
        )
    previous = psbt.previous_tx(index)
    if utxo is not None and previous is not None and previous.outputs[tx.inputs[index].vout] != utxo:
        found.add(
            WarningCode.UTXO_MISMATCH,
            f"input #{index}: the witness UTXO contradicts the previous transaction (amount or script)",
            blocking=True,
        )
    allowed = _STANDARD_TAPROOT_SIGHASH if kind is OutputTemplate.P2TR else _STANDARD_SIGHASH
    if sighash not in allowed:
        found.add(
            WarningCode.UNUSUAL_SIGHASH,
            f"input #{index} asks for unusual sighash {sighash:#x}; "
            "it would let others change the transaction",
            blocking=True,
        )


def _review_output(
    psbt: Psbt, tx: Transaction, index: int, context: _Context, found: _Collected
) -> OutputReview:
    txout = tx.outputs[index]
    claims = key_origin_claims(psbt.outputs[index], is_input=False)
    ownership, path, is_change = _ownership(txout.script, claims, context)
    role = "external"
    if ownership is Ownership.PROVEN:
        role = "change" if is_change else "receive"
    elif ownership is Ownership.CLAIMED:
        found.add(
            WarningCode.UNPROVEN_CHANGE,
            f"output #{index} claims our fingerprint at {path}, but no account or key of the signer "
            "proves it: it is counted as sent to others",
        )
    elif ownership is Ownership.FAKE:
        found.add(
            WarningCode.FAKE_CHANGE,
            f"output #{index} claims our fingerprint at {path} but its key does not derive from our "
            "account or the signer's key: it is NOT ours (counted as sent to others)",
            blocking=True,
        )
    return OutputReview(
        index=index,
        address=address_of_script(txout.script, context.network),
        script_hex=txout.script.hex(),
        amount=txout.amount,
        ownership=ownership,
        role=role,
        path=path,
    )


def _amount_warnings(
    inputs: tuple[InputReview, ...], outputs: tuple[OutputReview, ...], found: _Collected
) -> None:
    """Amounts outside Bitcoin Core's MoneyRange (0 ‥ 21,000,000 BTC), each and in total."""
    for side, amounts in (
        ("input", [(i.index, i.amount) for i in inputs if i.amount is not None]),
        ("output", [(o.index, o.amount) for o in outputs]),
    ):
        for index, amount in amounts:
            if not 0 <= amount <= MAX_MONEY:
                found.add(
                    WarningCode.INVALID_AMOUNT,
                    f"{side} #{index} has an invalid amount of {amount} sat "
                    "(not within 0 and 21,000,000 BTC)",
                    blocking=True,
                )
    if sum(o.amount for o in outputs) > MAX_MONEY:
        found.add(WarningCode.INVALID_AMOUNT, "the outputs add up to more than 21,000,000 BTC", blocking=True)


def _gap_warnings(
    psbt: Psbt,
    inputs: tuple[InputReview, ...],
    outputs: tuple[OutputReview, ...],
    context: _Context,
    found: _Collected,
) -> None:
    """Refuse our outputs so far past the highest index in use that a wallet scan would miss them."""
    used = [_index_of(i.path) for i in inputs if i.ownership is Ownership.PROVEN]
    bound = max([-1, *(n for n in used if n is not None)]) + GAP_BOUND
    for output in outputs:
        index = _index_of(output.path) if output.ownership is Ownership.PROVEN else None
        if index is not None and index > bound:
            found.add(
                WarningCode.BEYOND_GAP,
                f"output #{output.index} ({output.role}) is at {output.path}, more than {GAP_BOUND} "
                f"addresses past the highest index in use ({bound - GAP_BOUND}): the watch-only wallet "
                "would never find it",
                blocking=True,
            )


def _index_of(path: str | None) -> int | None:
    """The address index (last step) of a formatted path, None for a hardened or missing one."""
    if not path:
        return None
    last = path.rsplit("/", 1)[-1]
    return int(last) if last.isdigit() else None


def _fee_warnings(fee: int | None, fee_rate: float | None, base: int, found: _Collected) -> None:
    if fee is None or fee_rate is None:
        return
    if fee < 0:
        found.add(WarningCode.NEGATIVE_FEE, "the outputs spend more than the inputs hold", blocking=True)
        return
    if base and fee > HIGH_FEE_SHARE * base:
        found.add(WarningCode.HIGH_FEE, f"the fee is {100 * fee / base:.1f}% of the amount sent (over 5%)")
    if fee_rate > ABSURD_FEE_RATE:
        found.add(
            WarningCode.ABSURD_FEE_RATE,
            f"absurd fee rate {fee_rate:.0f} sat/vB (over {ABSURD_FEE_RATE:.0f})",
            blocking=True,
        )
    elif fee_rate < MIN_RELAY_FEE_RATE:
        found.add(
            WarningCode.LOW_FEE_RATE, f"fee rate {fee_rate:.2f} sat/vB is below the 1 sat/vB relay minimum"
        )


def _ownership_warnings(inputs: tuple[InputReview, ...], context: _Context, found: _Collected) -> None:
    if not context.fingerprints:
        return
    # With stored accounts an input is ours only when proven; the signer's keys alone may not
    # cover every path it can sign (non-standard ones), so there a claim still counts.
    counted = (Ownership.PROVEN,) if context.accounts else (Ownership.PROVEN, Ownership.CLAIMED)
    ours = [i for i in inputs if i.ownership in counted]
    if not ours and any(i.ownership is not Ownership.UNKNOWN for i in inputs):
        found.add(
            WarningCode.NOTHING_OURS,
            f"no input belongs to fingerprint {', '.join(sorted(f.hex() for f in context.fingerprints))}: "
            "this PSBT is for another wallet",
            blocking=True,
        )
    for review in inputs:
        if review.ownership in (Ownership.NOT_OURS, Ownership.FAKE):
            found.add(WarningCode.INPUT_NOT_OURS, f"input #{review.index} is not ours")
    if any(i.ownership is Ownership.CLAIMED for i in inputs):
        found.add(
            WarningCode.UNPROVEN, "no account or signer key: input ownership rests on key origins alone"
        )


def _global_xpub_warnings(psbt: Psbt, context: _Context, found: _Collected) -> None:
    """A PSBT_GLOBAL_XPUB claiming one of our account paths must be our account's key."""
    for record in psbt.global_map.all(G.XPUB):
        fingerprint, path = (
            record.value[:4],
            tuple(int.from_bytes(record.value[i : i + 4], "little") for i in range(4, len(record.value), 4)),
        )
        for account in context.accounts:
            if (fingerprint, path) != (account.fingerprint, account.origin_path):
                continue
            if record.key_data[13:78] != account.xpub.chain_code + account.xpub.public_key:
                found.add(
                    WarningCode.FOREIGN_XPUB,
                    f"the PSBT's global xpub for {format_path(path)} is not our account's key",
                    blocking=True,
                )


def _vsize(psbt: Psbt) -> tuple[int, bool]:
    """(vsize, is_estimate): exact for a finalized PSBT, else the estimate the module doc describes."""
    tx = psbt.unsigned_tx()
    finals = [(m.get(I.FINAL_SCRIPTSIG), m.get(I.FINAL_SCRIPTWITNESS)) for m in psbt.inputs]
    if all(sig is not None or wit is not None for sig, wit in finals):
        inputs = tuple(
            TxIn(t.txid, t.vout, sig or b"", t.sequence, parse_witness_stack(wit, "witness") if wit else ())
            for t, (sig, wit) in zip(tx.inputs, finals, strict=True)
        )
        final = Transaction(tx.version, inputs, tx.outputs, tx.locktime)
        return math.ceil(final.weight() / 4), False
    kinds = [
        output_template(u.script) if (u := psbt.utxo(n)) else OutputTemplate.P2PKH
        for n in range(len(psbt.inputs))
    ]
    weight = 4 * (8 + len(compact_size(len(tx.inputs))) + len(compact_size(len(tx.outputs))))
    weight += 2 if any(k in _SEGWIT for k in kinds) else 0
    weight += sum(4 * len(o.serialize()) for o in tx.outputs)
    weight += sum(_INPUT_WEIGHT.get(k, _INPUT_WEIGHT[OutputTemplate.P2PKH]) for k in kinds)
    return math.ceil(weight / 4), True
