"""A PSBT (BIP174 version 0, BIP370 version 2) as ordered key-value maps.

Records are kept exactly as read (order, unknown and proprietary fields included), so
a PSBT that is only inspected re-serialises byte for byte. Typed views (the unsigned
transaction, UTXOs, key origins) are computed from the records on demand.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

from wallet.psbt.codec import (
    Reader,
    Transaction,
    TxIn,
    TxOut,
    compact_size,
    parse_transaction,
    parse_txout,
    read_compact_size_exact,
    var_bytes,
)
from wallet.psbt.errors import PsbtError
from wallet.psbt.fields import (
    GLOBAL_RULES,
    INPUT_RULES,
    OUTPUT_RULES,
    FieldRule,
    G,
    I,
    O,
    check_preimage,
)

MAGIC = b"psbt\xff"
MAX_PSBT_BYTES = 50 * 1024 * 1024  # far above any real PSBT; refuses junk before decoding it


@dataclass(frozen=True)
class Record:
    key_type: int
    key_data: bytes
    value: bytes

    def serialize(self) -> bytes:
        return var_bytes(compact_size(self.key_type) + self.key_data) + var_bytes(self.value)


class PsbtMap:
    """One key-value map (global, an input or an output), in file order."""

    def __init__(self, records: list[Record] | None = None) -> None:
        self.records: list[Record] = list(records or [])

    def get(self, key_type: int, key_data: bytes = b"") -> bytes | None:
        for record in self.records:
            if record.key_type == key_type and record.key_data == key_data:
                return record.value
        return None

    def all(self, key_type: int) -> list[Record]:
        return [r for r in self.records if r.key_type == key_type]

    def put(self, key_type: int, value: bytes, key_data: bytes = b"") -> None:
        """Replace the record with this key in place, or append it."""
        new = Record(key_type, key_data, value)
        for position, record in enumerate(self.records):
            if record.key_type == key_type and record.key_data == key_data:
                self.records[position] = new
                return
        self.records.append(new)

    def remove(self, *key_types: int) -> None:
        self.records = [r for r in self.records if r.key_type not in key_types]

    def keys(self) -> set[tuple[int, bytes]]:
        return {(r.key_type, r.key_data) for r in self.records}

    def copy(self) -> PsbtMap:
        return PsbtMap(self.records)

    def serialize(self) -> bytes:
        return b"".join(r.serialize() for r in self.records) + b"\x00"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PsbtMap) and self.records == other.records

    __hash__ = None  # type: ignore[assignment]  # mutable


def _read_map(reader: Reader, where: str) -> PsbtMap:
    records: list[Record] = []
    seen: set[bytes] = set()
    while True:
        key = reader.var_bytes()
        if not key:
            return PsbtMap(records)
        if key in seen:
            raise PsbtError(f"{where} has a duplicate key {key.hex()}")
        seen.add(key)
        key_reader = Reader(key, f"a key in {where}")
        key_type = key_reader.compact_size()
        records.append(Record(key_type, key_reader.read(key_reader.remaining), reader.var_bytes()))


class _CheckedValues:
    """Values found good while reading one PSBT, so a value met again is not checked again.

    A value's check depends on its field and its bytes alone. Inputs spending outputs of one
    transaction each carry that whole transaction (PSBT_IN_NON_WITNESS_UTXO): it is parsed once,
    and the parse is kept (`parsed`, shared with the Psbt) for the outpoint checks and `utxo()`.
    """

    def __init__(self, parsed: dict[tuple[bytes, bool], Transaction]) -> None:
        self._accepted: set[tuple[str, bytes]] = set()
        self._parsed = parsed

    def check(self, rule: FieldRule, value: bytes, name: str) -> None:
        if (rule.name, value) in self._accepted:
            return
        if rule is _PREVIOUS_TX_RULE:  # its check is exactly this parse (fields._full_tx)
            self._parsed[(value, True)] = parse_transaction(value, allow_witness=True, what=name)
        else:
            rule.check_value(value, name)
        self._accepted.add((rule.name, value))


_PREVIOUS_TX_RULE = INPUT_RULES[I.NON_WITNESS_UTXO]


def _check_map(
    psbt_map: PsbtMap,
    rules: dict[int, FieldRule],
    version: int,
    where: str,
    checked: _CheckedValues | None = None,
) -> None:
    for record in psbt_map.records:
        rule = rules.get(record.key_type)
        if rule is None:
            continue  # unknown or proprietary: kept as is
        if rule.v2_only and version < 2:
            if record.key_data:
                # Version 0 never defined this type; with key data it cannot be the BIP370 field,
                # so it is an unknown record (Bitcoin Core's combiner vectors carry such keys).
                continue
            raise PsbtError(f"{rule.name} in {where} is not allowed in a version 0 PSBT")
        name = f"{rule.name} in {where}"
        rule.check_key(record.key_data, name)
        if checked is None:
            rule.check_value(record.value, name)
        else:
            checked.check(rule, record.value, name)
        if rules is INPUT_RULES:
            check_preimage(record.key_type, record.key_data, record.value)


def _u32(value: bytes | None) -> int | None:
    return None if value is None else int.from_bytes(value, "little")


class Psbt:
    """A parsed, validated PSBT. Build one with `Psbt.parse` / `load_psbt`."""

    def __init__(self, global_map: PsbtMap, inputs: list[PsbtMap], outputs: list[PsbtMap]) -> None:
        self.global_map = global_map
        self.inputs = inputs
        self.outputs = outputs
        # Transactions parsed from this PSBT's values, keyed by (raw bytes, witness allowed): keyed
        # by value, so a map edited later can never be answered from a stale entry, and inputs that
        # share a previous transaction share one parse.
        self._parsed: dict[tuple[bytes, bool], Transaction] = {}

    @classmethod
    def from_unsigned_tx(cls, tx: Transaction) -> Psbt:
        """BIP174 Creator: a version 0 PSBT of `tx` with empty input and output maps."""
        if any(txin.script_sig or txin.witness for txin in tx.inputs):
            raise PsbtError("a PSBT is created from an unsigned transaction (no scriptSig, no witness)")
        unsigned = Record(G.UNSIGNED_TX, b"", tx.serialize(with_witness=False))
        return cls(PsbtMap([unsigned]), [PsbtMap() for _ in tx.inputs], [PsbtMap() for _ in tx.outputs])

    # --- reading and writing ----------------------------------------------------------

    @classmethod
    def parse(cls, data: bytes) -> Psbt:
        """Decode and validate binary PSBT bytes (BIP174/BIP370 rules)."""
        if not data.startswith(MAGIC):
            raise PsbtError("not a PSBT: it does not start with the magic bytes 'psbt' 0xff")
        reader = Reader(data[len(MAGIC) :])
        global_map = _read_map(reader, "the global map")
        version = _psbt_version(global_map)
        _check_map(global_map, GLOBAL_RULES, version, "the global map")
        input_count, output_count = _declared_counts(global_map, version)
        inputs = [_read_map(reader, f"input {n}") for n in range(_count(input_count, reader, "input"))]
        outputs = [_read_map(reader, f"output {n}") for n in range(_count(output_count, reader, "output"))]
        if reader.remaining:
            raise PsbtError(f"the PSBT has {reader.remaining} bytes of data after its last output")
        psbt = cls(global_map, inputs, outputs)
        checked = _CheckedValues(psbt._parsed)
        for n, input_map in enumerate(inputs):
            _check_map(input_map, INPUT_RULES, version, f"input {n}", checked)
        for n, output_map in enumerate(outputs):
            _check_map(output_map, OUTPUT_RULES, version, f"output {n}", checked)
        psbt._check_consistency()
        return psbt

    def serialize(self) -> bytes:
        parts = [MAGIC, self.global_map.serialize()]
        parts += [m.serialize() for m in self.inputs]
        parts += [m.serialize() for m in self.outputs]
        return b"".join(parts)

    def to_base64(self) -> str:
        return base64.b64encode(self.serialize()).decode("ascii")

    def copy(self) -> Psbt:
        inputs, outputs = [m.copy() for m in self.inputs], [m.copy() for m in self.outputs]
        copied = Psbt(self.global_map.copy(), inputs, outputs)
        copied._parsed = self._parsed  # entries are immutable and keyed by value, so sharing is safe
        return copied

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Psbt) and self.serialize() == other.serialize()

    __hash__ = None  # type: ignore[assignment]  # mutable

    # --- the transaction --------------------------------------------------------------

    @property
    def version(self) -> int:
        return _psbt_version(self.global_map)

    def _transaction(self, raw: bytes, *, allow_witness: bool, what: str) -> Transaction:
        key = (raw, allow_witness)
        parsed = self._parsed.get(key)
        if parsed is None:
            parsed = parse_transaction(raw, allow_witness=allow_witness, what=what)
            self._parsed[key] = parsed
        return parsed

    def _v0_tx(self) -> Transaction:
        raw = self.global_map.get(G.UNSIGNED_TX)
        assert raw is not None  # checked when parsed
        return self._transaction(raw, allow_witness=False, what="PSBT_GLOBAL_UNSIGNED_TX")

    def tx_inputs(self) -> list[TxIn]:
        if self.version == 0:
            return list(self._v0_tx().inputs)
        return [_v2_txin(m) for m in self.inputs]

    def tx_outputs(self) -> list[TxOut]:
        if self.version == 0:
            return list(self._v0_tx().outputs)
        return [_v2_txout(m) for m in self.outputs]

    def tx_version(self) -> int:
        if self.version == 0:
            return self._v0_tx().version
        return int.from_bytes(self.global_map.get(G.TX_VERSION) or b"\x02\0\0\0", "little", signed=True)

    def locktime(self) -> int:
        """The transaction's nLockTime; for version 2 chosen as BIP370 "Determining Lock Time" says."""
        if self.version == 0:
            return self._v0_tx().locktime
        times = [_u32(m.get(I.REQUIRED_TIME_LOCKTIME)) for m in self.inputs]
        heights = [_u32(m.get(I.REQUIRED_HEIGHT_LOCKTIME)) for m in self.inputs]
        constrained = [(t, h) for t, h in zip(times, heights, strict=True) if t is not None or h is not None]
        if not constrained:
            return _u32(self.global_map.get(G.FALLBACK_LOCKTIME)) or 0
        if all(h is not None for _, h in constrained):
            return max(h for _, h in constrained if h is not None)
        if all(t is not None for t, _ in constrained):
            return max(t for t, _ in constrained if t is not None)
        raise PsbtError(
            "the inputs require both a time lock and a height lock; no locktime satisfies them all"
        )

    def unsigned_tx(self) -> Transaction:
        if self.version == 0:
            return self._v0_tx()
        return Transaction(
            self.tx_version(), tuple(self.tx_inputs()), tuple(self.tx_outputs()), self.locktime()
        )

    def utxo(self, index: int) -> TxOut | None:
        """The output an input spends: from PSBT_IN_WITNESS_UTXO, else the full previous tx."""
        input_map = self.inputs[index]
        witness_utxo = input_map.get(I.WITNESS_UTXO)
        if witness_utxo is not None:
            return parse_txout(witness_utxo, f"PSBT_IN_WITNESS_UTXO of input {index}")
        previous = self.previous_tx(index)
        if previous is None:
            return None
        return previous.outputs[self.tx_inputs()[index].vout]

    def previous_tx(self, index: int) -> Transaction | None:
        raw = self.inputs[index].get(I.NON_WITNESS_UTXO)
        if raw is None:
            return None
        return self._transaction(raw, allow_witness=True, what=f"PSBT_IN_NON_WITNESS_UTXO of input {index}")

    def _check_consistency(self) -> None:
        tx_inputs = self.tx_inputs()
        self.tx_outputs()
        for index, txin in enumerate(tx_inputs):
            previous = self.previous_tx(index)
            if previous is None:
                continue
            if previous.txid != txin.txid:
                raise PsbtError(f"input {index}: the previous transaction does not match the outpoint's txid")
            if txin.vout >= len(previous.outputs):
                raise PsbtError(f"input {index}: the previous transaction has no output {txin.vout}")


def _psbt_version(global_map: PsbtMap) -> int:
    raw = global_map.get(G.VERSION)
    if raw is None:
        return 0
    if len(raw) != 4:
        raise PsbtError(f"PSBT_GLOBAL_VERSION value is {len(raw)} bytes, expected 4")
    return int.from_bytes(raw, "little")


def _declared_counts(global_map: PsbtMap, version: int) -> tuple[int, int]:
    if version == 0:
        raw = global_map.get(G.UNSIGNED_TX)
        if raw is None:
            raise PsbtError("a version 0 PSBT needs PSBT_GLOBAL_UNSIGNED_TX, and this one has none")
        tx = parse_transaction(raw, allow_witness=False, what="PSBT_GLOBAL_UNSIGNED_TX")
        return len(tx.inputs), len(tx.outputs)
    if global_map.get(G.UNSIGNED_TX) is not None:
        raise PsbtError("PSBT_GLOBAL_UNSIGNED_TX is not allowed in a version 2 PSBT")
    for key_type, name in (
        (G.TX_VERSION, "PSBT_GLOBAL_TX_VERSION"),
        (G.INPUT_COUNT, "PSBT_GLOBAL_INPUT_COUNT"),
    ):
        if global_map.get(key_type) is None:
            raise PsbtError(f"a version 2 PSBT needs {name}, and this one has none")
    output_count = global_map.get(G.OUTPUT_COUNT)
    if output_count is None:
        raise PsbtError("a version 2 PSBT needs PSBT_GLOBAL_OUTPUT_COUNT, and this one has none")
    input_count = global_map.get(G.INPUT_COUNT) or b""
    return (
        read_compact_size_exact(input_count, "PSBT_GLOBAL_INPUT_COUNT"),
        read_compact_size_exact(output_count, "PSBT_GLOBAL_OUTPUT_COUNT"),
    )


def _count(count: int, reader: Reader, what: str) -> int:
    if count > reader.remaining:  # every map takes at least its one separator byte
        raise PsbtError(f"the PSBT is truncated: it declares {count} {what}s but holds fewer maps")
    return count


def _v2_txin(input_map: PsbtMap) -> TxIn:
    txid = input_map.get(I.PREVIOUS_TXID)
    vout = _u32(input_map.get(I.OUTPUT_INDEX))
    if txid is None or vout is None:
        raise PsbtError("a version 2 PSBT input needs PSBT_IN_PREVIOUS_TXID and PSBT_IN_OUTPUT_INDEX")
    sequence = _u32(input_map.get(I.SEQUENCE))
    return TxIn(txid, vout, b"", 0xFFFF_FFFF if sequence is None else sequence)


def _v2_txout(output_map: PsbtMap) -> TxOut:
    amount = output_map.get(O.AMOUNT)
    script = output_map.get(O.SCRIPT)
    if amount is None or script is None:
        raise PsbtError("a version 2 PSBT output needs PSBT_OUT_AMOUNT and PSBT_OUT_SCRIPT")
    return TxOut(int.from_bytes(amount, "little", signed=True), script)


def decode_psbt_input(data: bytes) -> bytes:
    """Binary PSBT bytes from a file's content: binary, base64 or hex text."""
    if len(data) > MAX_PSBT_BYTES:
        raise PsbtError(f"input is {len(data) // (1024 * 1024)} MB; a PSBT is at most 50 MB")
    if data.startswith(MAGIC):
        return data
    try:
        text = data.decode("ascii").strip()
    except UnicodeDecodeError:
        raise PsbtError("not a PSBT: neither binary PSBT nor base64/hex text") from None
    if text.lower().startswith("70736274ff"):
        try:
            return bytes.fromhex(text)
        except ValueError:
            raise PsbtError("PSBT hex text is malformed") from None
    try:
        decoded = base64.b64decode("".join(text.split()), validate=True)
    except (binascii.Error, ValueError):
        raise PsbtError("not a PSBT: neither binary PSBT nor valid base64/hex text") from None
    if not decoded.startswith(MAGIC):
        raise PsbtError("not a PSBT: the base64 text does not decode to the magic bytes 'psbt' 0xff")
    return decoded


def load_psbt(data: bytes | str) -> Psbt:
    """Parse a PSBT given as binary bytes, or base64/hex text (as str or bytes)."""
    raw = data.encode("ascii", errors="replace") if isinstance(data, str) else data
    return Psbt.parse(decode_psbt_input(raw))
