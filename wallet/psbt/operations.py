"""PSBT roles that need no keys: version conversion, combiner, finalizer, extractor.

Finalizing and extracting go through bdk (rust-miniscript's finalizer, which also
checks the signatures it finalizes); bdk reads version 0 only, so a version 2 PSBT
is converted for it and the result is carried back into the version 2 maps.
"""

from __future__ import annotations

import base64

import bdkpython as bdk

from wallet.psbt.codec import Transaction, TxIn, compact_size, parse_transaction
from wallet.psbt.errors import PsbtError
from wallet.psbt.fields import G, I, O
from wallet.psbt.model import Psbt, PsbtMap, Record

_V2_GLOBALS = (G.TX_VERSION, G.FALLBACK_LOCKTIME, G.INPUT_COUNT, G.OUTPUT_COUNT, G.TX_MODIFIABLE)
_V2_INPUTS = (
    I.PREVIOUS_TXID,
    I.OUTPUT_INDEX,
    I.SEQUENCE,
    I.REQUIRED_TIME_LOCKTIME,
    I.REQUIRED_HEIGHT_LOCKTIME,
)
_V2_OUTPUTS = (O.AMOUNT, O.SCRIPT)
MAX_MONEY_SATS = 21_000_000 * 100_000_000  # consensus: no amount above all the bitcoin there is


def convert(psbt: Psbt, version: int) -> Psbt:
    """The same PSBT as version 0 (BIP174) or version 2 (BIP370); a copy if already there."""
    if version not in (0, 2):
        raise PsbtError(f"cannot convert to PSBT version {version}; choose 0 or 2")
    if psbt.version == version:
        return psbt.copy()
    _refuse_inexpressible(psbt, version)
    converted = _to_v2(psbt) if version == 2 else _to_v0(psbt)
    # The last word is the parser's: never hand on a PSBT that our own reader refuses.
    try:
        return Psbt.parse(converted.serialize())
    except PsbtError as exc:
        raise PsbtError(
            f"cannot convert to PSBT version {version}: the result would be invalid ({exc})"
        ) from None


def _refuse_inexpressible(psbt: Psbt, version: int) -> None:
    """What the other version cannot carry: records whose type numbers that version reserves,
    and amounts outside 0…21,000,000 BTC (BIP370 stores each output's amount as a field)."""
    reserved = (_V2_GLOBALS, _V2_INPUTS, _V2_OUTPUTS) if version == 2 else ((), (), ())
    maps = (("global", [psbt.global_map]), ("input", psbt.inputs), ("output", psbt.outputs))
    for (where, group), types in zip(maps, reserved, strict=True):
        for index, one in enumerate(group):
            clash = next((r.key_type for r in one.records if r.key_type in types), None)
            if clash is not None:
                raise PsbtError(
                    f"cannot convert to PSBT version 2: {where} {index} holds a record of type "
                    f"0x{clash:02x}, which version 2 reserves for its own fields"
                )
    for index, txout in enumerate(psbt.unsigned_tx().outputs):
        if not 0 <= txout.amount <= MAX_MONEY_SATS:
            raise PsbtError(f"cannot convert: output {index} has an impossible amount ({txout.amount} sat)")


def _to_v2(psbt: Psbt) -> Psbt:
    tx = psbt.unsigned_tx()
    kept = [r for r in psbt.global_map.records if r.key_type not in (G.UNSIGNED_TX, G.VERSION)]
    xpubs = [r for r in kept if r.key_type == G.XPUB]
    others = [r for r in kept if r.key_type != G.XPUB]
    global_map = PsbtMap(
        [
            *xpubs,
            Record(G.TX_VERSION, b"", tx.version.to_bytes(4, "little", signed=True)),
            Record(G.FALLBACK_LOCKTIME, b"", tx.locktime.to_bytes(4, "little")),
            Record(G.INPUT_COUNT, b"", compact_size(len(tx.inputs))),
            Record(G.OUTPUT_COUNT, b"", compact_size(len(tx.outputs))),
            Record(G.VERSION, b"", (2).to_bytes(4, "little")),
            *others,
        ]
    )
    inputs = []
    for input_map, txin in zip(psbt.inputs, tx.inputs, strict=True):
        extra = [
            Record(I.PREVIOUS_TXID, b"", txin.txid),
            Record(I.OUTPUT_INDEX, b"", txin.vout.to_bytes(4, "little")),
            Record(I.SEQUENCE, b"", txin.sequence.to_bytes(4, "little")),
        ]
        inputs.append(PsbtMap([*input_map.records, *extra]))
    outputs = []
    for output_map, txout in zip(psbt.outputs, tx.outputs, strict=True):
        extra = [
            Record(O.AMOUNT, b"", txout.amount.to_bytes(8, "little", signed=True)),
            Record(O.SCRIPT, b"", txout.script),
        ]
        outputs.append(PsbtMap([*output_map.records, *extra]))
    return Psbt(global_map, inputs, outputs)


def _to_v0(psbt: Psbt) -> Psbt:
    tx = psbt.unsigned_tx()  # the locktime is resolved from the inputs' requirements here
    kept = [r for r in psbt.global_map.records if r.key_type not in (*_V2_GLOBALS, G.VERSION)]
    global_map = PsbtMap([Record(G.UNSIGNED_TX, b"", tx.serialize(with_witness=False)), *kept])
    inputs = [PsbtMap([r for r in m.records if r.key_type not in _V2_INPUTS]) for m in psbt.inputs]
    outputs = [PsbtMap([r for r in m.records if r.key_type not in _V2_OUTPUTS]) for m in psbt.outputs]
    return Psbt(global_map, inputs, outputs)


def combine(first: Psbt, second: Psbt) -> tuple[Psbt, int]:
    """BIP174 Combiner: the union of both PSBTs' records (the first wins on a clash).

    Returns the combined PSBT (in the first one's version) and how many records the
    second one added.
    """
    other = convert(second, first.version)
    first_txid, other_txid = first.unsigned_tx().txid_hex, other.unsigned_tx().txid_hex
    if first_txid != other_txid:
        raise PsbtError(f"the PSBTs are for different transactions ({first_txid} vs {other_txid})")
    combined = first.copy()
    added = _merge(combined.global_map, other.global_map)
    for mine, theirs in zip(combined.inputs, other.inputs, strict=True):
        added += _merge(mine, theirs)
    for mine, theirs in zip(combined.outputs, other.outputs, strict=True):
        added += _merge(mine, theirs)
    return Psbt.parse(combined.serialize()), added


def _merge(target: PsbtMap, source: PsbtMap) -> int:
    known = target.keys()
    new = [r for r in source.records if (r.key_type, r.key_data) not in known]
    target.records.extend(new)
    return len(new)


def _bdk_psbt(psbt: Psbt) -> bdk.Psbt:
    try:
        return bdk.Psbt(convert(psbt, 0).to_base64())
    except Exception as exc:  # bdk's PsbtParseError variants
        raise PsbtError(f"bdk cannot read this PSBT ({exc})") from None


def finalize(psbt: Psbt) -> Psbt:
    """BIP174 Finalizer: final scriptSig/witness for every input, or a `PsbtError` naming why not."""
    result = _bdk_psbt(psbt).finalize()
    if not result.could_finalize:
        reasons = "; ".join(str(e) for e in (result.errors or [])) or "missing signatures"
        raise PsbtError(f"cannot finalize: {reasons}")
    finalized = Psbt.parse(base64.b64decode(result.psbt.serialize()))
    if psbt.version == 0:
        return finalized
    carried = psbt.copy()
    for target, source, original in zip(carried.inputs, finalized.inputs, psbt.inputs, strict=True):
        target.records = [*source.records, *(r for r in original.records if r.key_type in _V2_INPUTS)]
    return Psbt.parse(carried.serialize())


def signature_problems(psbt: Psbt) -> dict[int, str]:
    """Why each input cannot be finalized yet, by index (empty: all inputs finalize).

    rust-miniscript's finalizer runs its interpreter over every signature, so a
    signature that does not verify shows up here ("Incorrect Signature …").
    """
    result = _bdk_psbt(psbt).finalize()
    return {int(error.index): str(error.reason) for error in (result.errors or [])}


def is_finalized(psbt: Psbt) -> bool:
    return all(
        m.get(I.FINAL_SCRIPTSIG) is not None or m.get(I.FINAL_SCRIPTWITNESS) is not None for m in psbt.inputs
    )


def extract(psbt: Psbt) -> bytes:
    """BIP174 Transaction Extractor: the network-ready transaction of a finalized PSBT."""
    if not is_finalized(psbt):
        raise PsbtError("the PSBT is not finalized; run `psbt finalize` first")
    try:
        raw = bytes(_bdk_psbt(psbt).extract_tx().serialize())
    except PsbtError:
        raise
    except Exception as exc:  # ExtractTxError: absurd fee rate, missing UTXO, …
        raise PsbtError(f"cannot extract the transaction ({exc})") from None
    tx = parse_transaction(raw, allow_witness=True)
    stripped = [TxIn(txin.txid, txin.vout, b"", txin.sequence) for txin in tx.inputs]
    if Transaction(tx.version, tuple(stripped), tx.outputs, tx.locktime) != psbt.unsigned_tx():
        raise PsbtError("the extracted transaction does not match the PSBT's unsigned transaction")
    return raw
