"""CSV import and export of one venue account's balances, loans and positions.

One file per account; every row has a `kind` and uses the columns that kind needs:

| column            | balance / loan        | position                                         |
|-------------------|-----------------------|--------------------------------------------------|
| kind              | `balance` or `loan`   | `position`                                       |
| wallet            | optional, default main| (unused)                                         |
| asset             | required, e.g. BTC    | (unused; the base asset comes from the symbol)   |
| amount            | required, ≥ 0         | (unused)                                         |
| symbol            | (unused)              | required, ccxt notation, e.g. BTC/USDT:USDT      |
| side              |                       | required, `long` or `short`                      |
| size              |                       | required, > 0, in base-asset units               |
| entry_price       |                       | required, > 0                                    |
| mark_price        |                       | required, > 0                                    |
| leverage          |                       | optional, > 0                                    |
| margin_mode       |                       | optional, `cross` (default), `isolated`, `unified` |
| isolated_margin   |                       | required when isolated, ≥ 0, without PnL         |
| liquidation_price |                       | optional, > 0: the venue's own figure            |

Every problem is reported with its line number (the header is line 1), all at once;
nothing is imported unless every row is valid. Symbols must be markets the venue
lists (the shipped list of common markets, or the full list a refresh stored).
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from app.errors import UserError
from app.exchanges.models import AccountHoldings, Balance, Loan, MarginMode, Position, Side
from app.resources import resource_path

COLUMNS = (
    "kind", "wallet", "asset", "amount", "symbol", "side", "size", "entry_price", "mark_price",
    "leverage", "margin_mode", "isolated_margin", "liquidation_price",
)  # fmt: skip
_ASSET = re.compile(r"^[A-Z0-9]{1,20}$")
_SYMBOL = re.compile(r"^([A-Z0-9]{1,20})/([A-Z0-9]{1,20}):([A-Z0-9]{1,20})$")
MAX_REPORTED = 8


MAX_CSV_BYTES = 20 * 1024 * 1024  # a holdings file is a few hundred rows


class CsvImportError(UserError):
    """A CSV file with invalid rows; the message names every bad line (up to a few)."""


class _RowError(ValueError):
    pass


def shipped_symbols(venue: str) -> set[str]:
    data = json.loads(resource_path("exchanges", "known_markets.json").read_text(encoding="utf-8"))
    return set(data.get(venue, []))


@dataclass
class _Parsed:
    balances: list[Balance]
    loans: list[Loan]
    positions: list[Position]


def _number(
    row: dict[str, str], column: str, *, required: bool, minimum: float, strict: bool
) -> float | None:
    text = (row.get(column) or "").strip()
    if not text:
        if required:
            raise _RowError(f"{column} is required")
        return None
    try:
        value = float(text.replace(",", "").replace("_", ""))
    except ValueError:
        raise _RowError(f"{column} {text!r} is not a number") from None
    if not math.isfinite(value):
        raise _RowError(f"{column} {text!r} is not a finite number")
    if value < minimum or (strict and value == minimum):
        relation = "positive" if strict and minimum == 0 else f"at least {minimum:g}"
        raise _RowError(f"{column} must be {relation}, got {text}")
    return value


def _required(row: dict[str, str], column: str, *, minimum: float, strict: bool) -> float:
    value = _number(row, column, required=True, minimum=minimum, strict=strict)
    if value is None:  # _number raised already; this keeps the type exact
        raise _RowError(f"{column} is required")
    return value


def _holding(row: dict[str, str], kind: str) -> Balance | Loan:
    asset = (row.get("asset") or "").strip().upper()
    if not _ASSET.match(asset):
        raise _RowError(f"asset {row.get('asset')!r} is not an asset code like BTC or USDT")
    wallet = (row.get("wallet") or "").strip() or "main"
    amount = _required(row, "amount", minimum=0.0, strict=False)
    return Balance(asset, amount, wallet) if kind == "balance" else Loan(asset, amount, wallet)


def _position(row: dict[str, str], known: set[str]) -> Position:
    symbol = (row.get("symbol") or "").strip().upper()
    match = _SYMBOL.match(symbol)
    if not match:
        raise _RowError(
            f"symbol {row.get('symbol')!r} is not a perpetual in ccxt notation like BTC/USDT:USDT"
        )
    if symbol not in known:
        raise _RowError(f"unknown symbol {symbol} for this venue")
    side_text = (row.get("side") or "").strip().lower()
    if side_text not in ("long", "short"):
        raise _RowError(f"side must be long or short, got {row.get('side')!r}")
    mode_text = (row.get("margin_mode") or "cross").strip().lower()
    if mode_text not in ("cross", "isolated", "unified"):
        raise _RowError(f"margin_mode must be cross, isolated or unified, got {row.get('margin_mode')!r}")
    mode = MarginMode(mode_text)
    size = _required(row, "size", minimum=0.0, strict=True)
    entry = _required(row, "entry_price", minimum=0.0, strict=True)
    mark = _required(row, "mark_price", minimum=0.0, strict=True)
    isolated = _number(
        row, "isolated_margin", required=mode is MarginMode.ISOLATED, minimum=0.0, strict=False
    )
    return Position(
        symbol=symbol,
        base_asset=match.group(1),
        side=Side(side_text),
        size=size,
        entry_price=entry,
        mark_price=mark,
        leverage=_number(row, "leverage", required=False, minimum=0.0, strict=True),
        margin_mode=mode,
        isolated_margin=isolated if mode is MarginMode.ISOLATED else None,
        venue_liquidation_price=_number(row, "liquidation_price", required=False, minimum=0.0, strict=True),
    )


def entry_from_fields(fields: dict[str, str], known_symbols: set[str]) -> Balance | Loan | Position:
    """One balance, loan or position from named fields (the CSV columns), for manual entry."""
    try:
        item = _parse_row(fields, False, known_symbols)
    except _RowError as exc:
        raise CsvImportError(str(exc)) from None
    if item is None:
        raise CsvImportError("nothing to add: every field is empty")
    return item


def _key(item: Balance | Loan | Position) -> tuple[str, ...]:
    if isinstance(item, Position):
        return ("position", item.symbol, item.side.value)
    return (type(item).__name__.lower(), item.wallet, item.asset)


def parse_holdings_csv(text: str, known_symbols: set[str], source: str) -> AccountHoldings:
    """Validate every row; raise one `CsvImportError` naming each bad line, or return the holdings."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    try:
        return _parse_reader(reader, known_symbols, source)
    except csv.Error as exc:  # e.g. a field over csv's 131,072-character limit
        # line_num counts the lines read before the failing row, which starts on the next one.
        raise CsvImportError(f"{source}: line {reader.line_num + 1}: {exc}; nothing imported") from None


def _parse_reader(reader: csv.DictReader[str], known_symbols: set[str], source: str) -> AccountHoldings:
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in ("kind",) if c not in header]
    unknown = [c for c in header if c not in COLUMNS]
    if missing or unknown:
        problem = f"missing column {missing[0]}" if missing else f"unknown column(s) {', '.join(unknown)}"
        raise CsvImportError(f"{source}: line 1: {problem}; the columns are {', '.join(COLUMNS)}")
    parsed = _Parsed([], [], [])
    errors: list[str] = []
    seen: dict[tuple[str, ...], int] = {}
    for row in reader:
        line = reader.line_num
        try:
            clean = {(k or "").strip(): v for k, v in row.items() if k is not None}
            item = _parse_row(clean, None in row, known_symbols)
        except _RowError as exc:
            errors.append(f"line {line}: {exc}")
            continue
        if item is None:
            continue
        first = seen.setdefault(_key(item), line)
        if first != line:
            errors.append(f"line {line}: duplicate of line {first} ({' '.join(_key(item))})")
            continue
        _append(parsed, item)
    if errors:
        shown = "; ".join(errors[:MAX_REPORTED])
        more = f"; and {len(errors) - MAX_REPORTED} more" if len(errors) > MAX_REPORTED else ""
        raise CsvImportError(f"{source}: {len(errors)} invalid row(s), nothing imported: {shown}{more}")
    return AccountHoldings(tuple(parsed.balances), tuple(parsed.positions), tuple(parsed.loans))


def _parse_row(
    clean: dict[str, str], extra_fields: bool, known: set[str]
) -> Balance | Loan | Position | None:
    if extra_fields:
        raise _RowError("more fields than the header has columns")
    if not any((v or "").strip() for v in clean.values()):
        return None  # a blank line holds nothing
    kind = (clean.get("kind") or "").strip().lower()
    if kind in ("balance", "loan"):
        return _holding(clean, kind)
    if kind == "position":
        return _position(clean, known)
    raise _RowError(f"kind must be balance, loan or position, got {clean.get('kind')!r}")


def _append(parsed: _Parsed, item: Balance | Loan | Position) -> None:
    if isinstance(item, Position):
        parsed.positions.append(item)
    elif isinstance(item, Loan):
        parsed.loans.append(item)
    else:
        parsed.balances.append(item)


def _fmt(value: float | None) -> str:
    return "" if value is None else repr(float(value))


def render_holdings_csv(holdings: AccountHoldings) -> str:
    """The holdings in the import format; importing the result gives the same holdings."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    rows: Iterable[dict[str, str]] = [
        *(
            {"kind": "balance", "wallet": b.wallet, "asset": b.asset, "amount": _fmt(b.amount)}
            for b in holdings.balances
        ),
        *(
            {"kind": "loan", "wallet": x.wallet, "asset": x.asset, "amount": _fmt(x.amount)}
            for x in holdings.loans
        ),
        *(
            {
                "kind": "position",
                "symbol": p.symbol,
                "side": p.side.value,
                "size": _fmt(p.size),
                "entry_price": _fmt(p.entry_price),
                "mark_price": _fmt(p.mark_price),
                "leverage": _fmt(p.leverage),
                "margin_mode": p.margin_mode.value,
                "isolated_margin": _fmt(p.isolated_margin),
                "liquidation_price": _fmt(p.venue_liquidation_price),
            }
            for p in holdings.positions
        ),
    ]
    writer.writerows(rows)
    return out.getvalue()
