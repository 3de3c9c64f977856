"""BIP329 wallet labels: export and import as JSON Lines, one label per line.

Fields (BIP329, https://github.com/bitcoin/bips/blob/master/bip-0329.mediawiki):
`type` (tx, addr, pubkey, input, output, xpub), `ref` (txid, address, hex public key,
``txid:vout``, xpub), `label`, optional `origin` (abbreviated descriptor of the key
origin, e.g. ``wpkh([d34db33f/84'/0'/0'])``) and `spendable` (outputs only, boolean).
An import is checked whole before anything is written; an error names its line.
Fields BIP329 does not define are not stored, and the summary says which were seen.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from app.cold.accounts import ColdAccountError, get_account
from app.errors import StoreError
from app.store.database import Store
from app.store.secret_screen import TextKind, guard_no_secret
from risk.textio import MAX_JSON_DEPTH, too_deep
from wallet.addresses import script_pubkey_of
from wallet.types import ExtendedPublicKey, KeyInputError, Network

LABEL_TYPES = ("tx", "addr", "pubkey", "input", "output", "xpub")
_KNOWN_FIELDS = {"type", "ref", "label", "origin", "spendable"}
_TXID = re.compile(r"^[0-9a-f]{64}$")
_OUTPOINT = re.compile(r"^[0-9a-f]{64}:\d{1,10}$")
_PUBKEY = re.compile(r"^(02|03)[0-9a-f]{64}$|^04[0-9a-f]{128}$")
MAX_LABEL_CHARS = 255  # BIP329 suggests truncating longer labels; we refuse them instead


class LabelImportError(ColdAccountError):
    """A label file line that is not valid BIP329."""


@dataclass(frozen=True)
class Label:
    type: str
    ref: str
    label: str
    origin: str | None = None
    spendable: bool | None = None

    def to_json(self) -> str:
        record: dict[str, Any] = {"type": self.type, "ref": self.ref, "label": self.label}
        if self.origin is not None:
            record["origin"] = self.origin
        if self.spendable is not None:
            record["spendable"] = self.spendable
        return json.dumps(record, ensure_ascii=False)


@dataclass(frozen=True)
class ImportSummary:
    added: int
    updated: int
    ignored_fields: dict[str, int] = field(default_factory=dict)

    def describe(self) -> str:
        text = f"{self.added} labels added, {self.updated} updated"
        if self.ignored_fields:
            ignored = ", ".join(
                f"{name} ({count} lines)" for name, count in sorted(self.ignored_fields.items())
            )
            text += f"; fields BIP329 does not define were not stored: {ignored}"
        return text


def export_labels(store: Store, account_name: str) -> str:
    """The account's labels as BIP329 JSON Lines (ending with a newline unless empty)."""
    account = get_account(store, account_name)
    rows = store.query(
        "SELECT type, ref, label, origin, spendable FROM labels WHERE account_id = ? ORDER BY type, ref",
        (account.id,),
    )
    labels = [
        Label(str(r["type"]), str(r["ref"]), str(r["label"]), r["origin"], _as_bool(r["spendable"]))
        for r in rows
    ]
    return "".join(label.to_json() + "\n" for label in labels)


def _as_bool(value: object) -> bool | None:
    return None if value is None else bool(value)


def parse_labels(text: str, network: Network) -> tuple[list[Label], Counter[str]]:
    """Validate every line; the first bad one raises `LabelImportError` naming its line number."""
    labels: list[Label] = []
    ignored: Counter[str] = Counter()
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise LabelImportError(f"line {number}: not JSON ({exc.msg})") from None
        except (RecursionError, ValueError):  # deep nesting, or an integer of over 4,300 digits
            raise LabelImportError(
                f"line {number}: not a BIP329 record (nested too deeply or too long)"
            ) from None
        if too_deep(record, MAX_JSON_DEPTH):
            raise LabelImportError(f"line {number}: nested deeper than {MAX_JSON_DEPTH} levels")
        if not isinstance(record, dict):
            raise LabelImportError(f"line {number}: expected a JSON object")
        try:
            labels.append(_label_from(record, network))
        except (KeyInputError, ValueError, StoreError) as exc:
            raise LabelImportError(f"line {number}: {exc}") from None
        ignored.update(set(record) - _KNOWN_FIELDS)
    return labels, ignored


def _label_from(record: dict[str, Any], network: Network) -> Label:
    kind = record.get("type")
    if kind not in LABEL_TYPES:
        raise ValueError(f"'type' must be one of {', '.join(LABEL_TYPES)}, not {kind!r}")
    ref = record.get("ref")
    if not isinstance(ref, str) or not ref:
        raise ValueError("'ref' must be a non-empty string")
    _check_ref(kind, ref, network)
    label = record.get("label", "")
    if not isinstance(label, str):
        raise ValueError("'label' must be a string")
    if len(label) > MAX_LABEL_CHARS:
        raise ValueError(f"'label' is {len(label)} characters; at most {MAX_LABEL_CHARS}")
    origin = record.get("origin")
    if origin is not None and not isinstance(origin, str):
        raise ValueError("'origin' must be a string (an abbreviated descriptor)")
    spendable = record.get("spendable")
    if spendable is not None and (kind != "output" or not isinstance(spendable, bool)):
        raise ValueError("'spendable' is allowed only on type 'output' and must be true or false")
    if not label and spendable is None:
        raise ValueError("a label line needs a 'label' (or, for outputs, 'spendable')")
    guard_no_secret(label, "a label")
    if origin is not None:
        guard_no_secret(origin, "a label's origin")
    guard_no_secret(ref, "a label's ref", TextKind.STRUCTURED)  # a tx ref is a txid: 64 hex digits
    return Label(kind, ref, label, origin, spendable)


def _check_ref(kind: str, ref: str, network: Network) -> None:
    if kind == "tx" and not _TXID.match(ref):
        raise ValueError(f"'ref' of a tx label must be a 64-digit lowercase hex txid, not {ref[:70]!r}")
    if kind in ("input", "output") and not _OUTPOINT.match(ref):
        raise ValueError(f"'ref' of an {kind} label must be txid:vout, not {ref[:80]!r}")
    if kind == "pubkey" and not _PUBKEY.match(ref):
        raise ValueError("'ref' of a pubkey label must be a hex public key")
    if kind == "addr":
        script_pubkey_of(ref, network)  # raises for an address of another network or a typo
    if kind == "xpub":
        key = ExtendedPublicKey.parse(ref)
        if key.is_test != network.is_test:
            raise ValueError(f"'ref' is an extended key for another network than {network.value}")


def import_labels(store: Store, account_name: str, text: str) -> ImportSummary:
    """Add or update the account's labels from BIP329 JSON Lines; all or nothing."""
    account = get_account(store, account_name)
    labels, ignored = parse_labels(text, account.network)
    existing = {
        (str(r["type"]), str(r["ref"]))
        for r in store.query("SELECT type, ref FROM labels WHERE account_id = ?", (account.id,))
    }
    added = updated = 0
    with store.transaction() as db:
        for label in labels:
            key = (label.type, label.ref)
            updated, added = (updated + 1, added) if key in existing else (updated, added + 1)
            existing.add(key)
            spendable = None if label.spendable is None else int(label.spendable)
            db.execute(
                "INSERT INTO labels(account_id, type, ref, label, origin, spendable) "
                "VALUES (?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(account_id, type, ref) DO UPDATE SET label = excluded.label, "
                "origin = excluded.origin, spendable = excluded.spendable",
                (account.id, label.type, label.ref, label.label, label.origin, spendable),
            )
    return ImportSummary(added, updated, dict(ignored))
