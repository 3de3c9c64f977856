"""The review of a PSBT as frozen data: inputs, outputs, fee, warnings; text and JSON forms."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

SIGHASH_NAMES = {
    0x00: "DEFAULT",
    0x01: "ALL",
    0x02: "NONE",
    0x03: "SINGLE",
    0x81: "ALL|ANYONECANPAY",
    0x82: "NONE|ANYONECANPAY",
    0x83: "SINGLE|ANYONECANPAY",
}


class Ownership(StrEnum):
    PROVEN = "ours"  # the claimed path, derived from our account, gives this very script
    CLAIMED = "not proven (claims our fingerprint; no stored account or device key covers its path)"
    NOT_OURS = "not ours"
    FAKE = "NOT ours (claims our fingerprint, but its key does not derive from our account)"
    UNKNOWN = "unknown (no key origin to check: no account or fingerprint, or already finalized)"


class WarningCode(StrEnum):
    MISSING_UTXO = "missing-utxo"
    UTXO_MISMATCH = "utxo-mismatch"
    NO_PREVIOUS_TX = "no-previous-tx"
    HIGH_FEE = "high-fee"
    ABSURD_FEE_RATE = "absurd-fee-rate"
    LOW_FEE_RATE = "low-fee-rate"
    NEGATIVE_FEE = "negative-fee"
    UNUSUAL_SIGHASH = "unusual-sighash"
    NETWORK_MISMATCH = "network-mismatch"
    INPUT_NOT_OURS = "input-not-ours"
    NOTHING_OURS = "nothing-ours"
    FAKE_CHANGE = "fake-change"
    UNPROVEN = "unproven"
    BAD_SIGNATURE = "bad-signature"
    UNPROVEN_CHANGE = "unproven-change"
    INVALID_AMOUNT = "invalid-amount"
    BEYOND_GAP = "beyond-gap"
    FOREIGN_XPUB = "foreign-xpub"


@dataclass(frozen=True)
class ReviewWarning:
    code: WarningCode
    message: str
    blocking: bool  # True: signing is refused


@dataclass(frozen=True)
class InputReview:
    index: int
    outpoint: str
    amount: int | None
    address: str | None
    script_type: str | None
    ownership: Ownership
    path: str | None
    sighash: int | None
    signed: bool
    finalized: bool
    signatures_valid: bool | None = None  # None: no signature, or it cannot be checked


@dataclass(frozen=True)
class OutputReview:
    index: int
    address: str | None
    script_hex: str
    amount: int
    ownership: Ownership
    role: str  # "change", "receive" (ours, receive chain) or "external"
    path: str | None


@dataclass(frozen=True)
class PsbtReview:
    network: str
    network_source: str
    psbt_version: int
    txid: str
    inputs: tuple[InputReview, ...]
    outputs: tuple[OutputReview, ...]
    total_in: int | None
    total_out: int
    fee: int | None
    vsize: int
    vsize_is_estimate: bool
    fee_rate: float | None  # sat/vB
    sent_external: int
    warnings: tuple[ReviewWarning, ...]

    @property
    def blocking(self) -> tuple[ReviewWarning, ...]:
        return tuple(w for w in self.warnings if w.blocking)

    @property
    def change_outputs(self) -> tuple[OutputReview, ...]:
        return tuple(o for o in self.outputs if o.role == "change")

    def to_dict(self) -> dict[str, Any]:
        return {
            "network": self.network,
            "network_source": self.network_source,
            "psbt_version": self.psbt_version,
            "txid": self.txid,
            "inputs": [vars(i) | {"ownership": i.ownership.name.lower()} for i in self.inputs],
            "outputs": [vars(o) | {"ownership": o.ownership.name.lower()} for o in self.outputs],
            "total_in": self.total_in,
            "total_out": self.total_out,
            "fee": self.fee,
            "vsize": self.vsize,
            "vsize_is_estimate": self.vsize_is_estimate,
            "fee_rate_sat_vb": None if self.fee_rate is None else round(self.fee_rate, 2),
            "sent_external": self.sent_external,
            "warnings": [
                {"code": w.code.value, "message": w.message, "blocking": w.blocking} for w in self.warnings
            ],
        }

    def to_text(self) -> str:
        lines = [
            f"PSBT version {self.psbt_version}, network {self.network} ({self.network_source})",
            f"txid {self.txid}",
            "inputs:",
        ]
        for i in self.inputs:
            amount = "amount unknown" if i.amount is None else f"{_btc(i.amount)}"
            where = f" at {i.path}" if i.path else ""
            checked = {True: ", verified", False: ", INVALID", None: ""}[i.signatures_valid]
            state = " [final]" if i.finalized else f" [signed{checked}]" if i.signed else ""
            sighash = "" if i.sighash is None else f" sighash {SIGHASH_NAMES.get(i.sighash, hex(i.sighash))}"
            lines.append(f"  #{i.index} {i.outpoint}  {amount}  {i.ownership.value}{where}{sighash}{state}")
        lines.append("outputs:")
        for o in self.outputs:
            target = o.address or f"script {o.script_hex}"
            where = f" at {o.path}" if o.path else ""
            lines.append(f"  #{o.index} {target}  {_btc(o.amount)}  {o.role}: {o.ownership.value}{where}")
        fee = "unknown (missing UTXO data)" if self.fee is None else _btc(self.fee)
        size = f"~{self.vsize}" if self.vsize_is_estimate else str(self.vsize)
        rate = "" if self.fee_rate is None else f", {self.fee_rate:.2f} sat/vB"
        lines.append(f"sent to others {_btc(self.sent_external)}; fee {fee} for {size} vB{rate}")
        for w in self.warnings:
            lines.append(f"{'REFUSED' if w.blocking else 'WARNING'} [{w.code.value}]: {w.message}")
        return "\n".join(lines)


def _btc(sats: int) -> str:
    sign = "-" if sats < 0 else ""
    whole, frac = divmod(abs(sats), 100_000_000)
    return f"{sign}{whole}.{frac:08d} BTC"
