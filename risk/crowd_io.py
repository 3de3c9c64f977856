"""Reading and writing crowd position tables: CSV (side,size,liq_price) and .npz.

The CSV reader has a fast path that parses the columns with numpy straight from the
file bytes (a million rows in well under a second) and a row-by-row path that defines
the semantics and names the line and field of every problem. The fast path only
accepts what it can parse exactly as the row path would (plain decimals, exact
`long`/`short`); anything else — quotes, exponents, blank lines, NaN — sends the file,
or just the odd field, to the careful path. Nothing is ever dropped.

Why not `np.loadtxt`: it reads the same arrays from the same file, but 2.4× slower (1.70 s
against 0.70 s wall, 1.28 s against 0.50 s CPU, 10⁶ rows at load 3.2; the comparison is a
line of benchmarks/bench_cascade.py), and a blank line or a quoted field would still need
the careful path for the error this module promises.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from risk._types import FloatArray, IntArray, RiskInputError
from risk._validate import RowProblem, as_side_array, find_invalid_rows

REQUIRED_COLUMNS = ("side", "size", "liq_price")
_FIRST_DATA_LINE = 2  # line 1 is the header
_MAX_FAST_WIDTH = 24  # characters of a plain decimal the fast path reads ("0.000123…" included)
_MAX_DIGIT_POWER = 18  # digits up to 10**18 keep the packed integer below 10**19 < 2**64
_CHUNK_ROWS = 1 << 16
_INT_TENS = np.array([10**k for k in range(_MAX_DIGIT_POWER + 2)], dtype=np.uint64)
_FLOAT_TENS = np.array([10.0**k for k in range(_MAX_FAST_WIDTH)], dtype=np.float64)  # exact to 10**22
_LONG_TENS = np.array([10**k for k in range(_MAX_FAST_WIDTH)], dtype=np.longdouble)
_EXACT_FLOAT_TEN = 22
_PAD = _MAX_FAST_WIDTH
_LONG_WORD = int.from_bytes(b"long", "little")
_SHOR_WORD = int.from_bytes(b"shor", "little")
_CHARS_AFTER = np.arange(_MAX_FAST_WIDTH - 1, -1, -1, dtype=np.uint8)


class _NotFast(Exception):
    """The fast parser met something it does not handle; use the row-by-row reader."""


@dataclass(frozen=True)
class _Columns:
    """Where the required columns sit in a CSV's header, and how many columns it has."""

    index: dict[str, int]
    count: int


def _column_indices(header: str, path: Path) -> _Columns:
    names = [name.strip().lower() for name in header.strip("\r").lstrip("\ufeff").split(",")]
    found: dict[str, int] = {}
    for required in REQUIRED_COLUMNS:
        if names.count(required) != 1:
            raise RiskInputError(
                f"{path.name} line 1: the header needs exactly one '{required}' column "
                f"(expected {','.join(REQUIRED_COLUMNS)}; got {header.strip()!r})",
                row=None,
                field=required,
            )
        found[required] = names.index(required)
    return _Columns(index=found, count=len(names))


def _problem_error(path: Path, problem: RowProblem, shown: object) -> RiskInputError:
    line = problem.row + _FIRST_DATA_LINE
    return RiskInputError(
        f"{path.name} line {line}, field {problem.field}: {problem.reason} (got {shown!r}); "
        f"{problem.count} invalid row(s) in all",
        row=problem.row,
        field=problem.field,
    )


def _check_values(
    path: Path, side: IntArray, size: FloatArray, liq: FloatArray, side_texts: list[str] | None
) -> None:
    problem = find_invalid_rows(side, size, liq)
    if problem is None:
        return
    shown: object
    if problem.field == "side":
        shown = side_texts[problem.row] if side_texts is not None else int(side[problem.row])
    else:
        shown = float((size if problem.field == "size" else liq)[problem.row])
    raise _problem_error(path, problem, shown)


def load_crowd_csv(path: str | Path) -> tuple[IntArray, FloatArray, FloatArray]:
    """Read side (long|short), size (coins) and liq_price columns; errors name line and field."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RiskInputError(f"cannot read crowd file {path}: {exc.strerror or exc}") from exc
    header_end = data.find(b"\n")
    header_bytes = data if header_end < 0 else data[:header_end]
    try:
        header = header_bytes.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RiskInputError(f"{path.name} line 1: the header is not UTF-8 text") from exc
    columns = _column_indices(header, path)
    first, stop = (len(data), len(data)) if header_end < 0 else (header_end + 1, len(data))
    while stop > first and data[stop - 1] in b" \t\r\n":  # trailing blank lines carry no rows
        stop -= 1
    if stop == first:
        raise RiskInputError(f"{path.name}: the crowd is empty (a header and no positions)")
    try:
        side, size, liq = _parse_fast(data, first, stop, columns)
    except _NotFast:
        return _parse_rows(path, data[first:stop], columns)
    _check_values(path, side, size, liq, None)
    return side, size, liq


def _line_bounds(buf: npt.NDArray[np.uint8], first: int, stop: int) -> tuple[IntArray, IntArray]:
    """Start and end (exclusive, before any \\r) of every line in buf[first:stop]."""
    newlines = np.flatnonzero(buf[first:stop] == ord("\n")) + first
    starts = np.concatenate([np.array([first], np.int64), newlines + 1])
    ends = np.concatenate([newlines, np.array([stop], np.int64)])
    # Windows line endings: the field ends before the \r.
    has_cr = (ends > starts) & (buf[ends - 1] == ord("\r"))
    return starts, ends - has_cr


def _field_bounds(
    buf: npt.NDArray[np.uint8], starts: IntArray, ends: IntArray, n_columns: int
) -> list[tuple[IntArray, IntArray]]:
    commas = np.flatnonzero(buf[starts[0] : ends[-1]] == ord(",")) + starts[0]
    per_line = n_columns - 1
    if commas.size != starts.size * per_line:
        raise _NotFast
    if per_line == 0:
        return [(starts, ends)]
    grid = commas.reshape(starts.size, per_line)
    # With the total right, each line's commas lying inside it means each has exactly per_line.
    if np.any(grid[:, 0] < starts) or np.any(grid[:, -1] >= ends):
        raise _NotFast
    bounds = [(starts, grid[:, 0])]
    bounds += [(grid[:, k - 1] + 1, grid[:, k]) for k in range(1, per_line)]
    bounds.append((grid[:, -1] + 1, ends))
    return bounds


def _parse_sides(buf: npt.NDArray[np.uint8], start: IntArray, end: IntArray) -> IntArray:
    """Exactly "long" or "short"; anything else (spaces, capitals, quotes) takes the careful path."""
    length = end - start
    head = np.ascontiguousarray(np.lib.stride_tricks.sliding_window_view(buf, 5)[start])
    first_four = np.ascontiguousarray(head[:, :4]).view("<u4")[:, 0]
    is_long = (length == 4) & (first_four == _LONG_WORD)
    is_short = (length == 5) & (first_four == _SHOR_WORD) & (head[:, 4] == ord("t"))
    if not np.all(is_long | is_short):
        raise _NotFast
    return np.where(is_long, 1, -1).astype(np.int64)


def _parse_decimals(buf: npt.NDArray[np.uint8], start: IntArray, end: IntArray) -> FloatArray:
    """Parse plain decimals ("123", "0.5", "12.75") with numpy; odd fields go through float()."""
    values = np.empty(start.size, dtype=np.float64)
    odd = np.zeros(start.size, dtype=np.bool_)
    for first in range(0, start.size, _CHUNK_ROWS):
        rows = slice(first, first + _CHUNK_ROWS)
        values[rows], odd[rows] = _parse_decimal_chunk(buf, start[rows], end[rows])
    for row in np.flatnonzero(odd):
        text = bytes(buf[start[row] : end[row]]).decode("utf-8", errors="replace")
        try:
            values[row] = _number(text)
        except ValueError as exc:
            raise _NotFast from exc
    return values


def _parse_decimal_chunk(
    buf: npt.NDArray[np.uint8], start: IntArray, end: IntArray
) -> tuple[FloatArray, npt.NDArray[np.bool_]]:
    """Right-align each field in a fixed-width grid of bytes and read it as an integer.

    Reading "12.75" as the digits 1,2,0,7,5 (the dot counted as 0) gives A = 12075;
    the digits left of the dot then carry one power of ten too many, so the mantissa is
    (A − A mod 10^f)/10 + A mod 10^f = 1275 with f = 2 digits after the dot, and the value
    1275 / 10^f. All integer arithmetic is exact below 10^19 (uint64); leading zeros
    ("0.000123") cost width but not magnitude, so only a nonzero digit worth 10^19 or
    more sends a field to float().
    """
    length = end - start
    odd = (length == 0) | (length > _MAX_FAST_WIDTH)
    width = int(min(length.max(initial=1), _MAX_FAST_WIDTH))
    # Each field's last `width` bytes, one contiguous copy per field from a strided window
    # view, then transposed so reductions run along axis 0 (fast element-wise passes).
    windows = np.lib.stride_tricks.sliding_window_view(buf, width)
    grid = np.ascontiguousarray(windows[end - width].T)
    inside = np.arange(width, dtype=np.int16)[:, None] >= (width - np.minimum(length, width)).astype(np.int16)
    is_dot = (grid == ord(".")) & inside
    dots = is_dot.sum(axis=0, dtype=np.uint8)
    digits = (grid - np.uint8(ord("0"))) * (inside & ~is_dot)  # padding and the dot count as 0
    odd |= (digits.max(axis=0) > 9) | (dots > 1) | (dots >= length)
    first_row = max(0, width - 1 - _MAX_DIGIT_POWER)  # grid rows above are worth 10**19 and more
    if first_row:
        odd |= digits[:first_row].any(axis=0)
    packed = np.zeros(start.size, dtype=np.uint64)
    for row in digits[first_row:]:  # Horner, in place: a handful of passes over one vector
        packed *= np.uint64(10)
        packed += row
    # At most one dot per valid field, so the weighted sum is the count of characters after it.
    after_dot = np.einsum("j,jm->m", _CHARS_AFTER[-width:], is_dot.view(np.uint8)).astype(np.int64)
    np.minimum(after_dot, width - 1, out=after_dot)
    has_dot = is_dot.any(axis=0)  # "12." has a dot with nothing after it
    # packed < 10**19, so for f ≥ 19 the remainder is packed itself: clipping f is exact.
    low = packed % _INT_TENS[np.minimum(after_dot, _MAX_DIGIT_POWER + 1)]
    mantissa = np.where(has_dot, (packed - low) // np.uint64(10) + low, packed)
    mantissa[odd] = 0
    # Below 2**53 with f ≤ 22 both operands are exact doubles, so one division rounds
    # correctly; the rest goes through extended precision (at worst one ulp off).
    values = mantissa.astype(np.float64) / _FLOAT_TENS[after_dot]
    slow = (mantissa >= np.uint64(1 << 53)) | (after_dot > _EXACT_FLOAT_TEN)
    if np.any(slow):
        wide = mantissa[slow].astype(np.longdouble) / _LONG_TENS[after_dot[slow]]
        values[slow] = wide.astype(np.float64)
    return values, odd


def _parse_fast(
    data: bytes, first: int, stop: int, columns: _Columns
) -> tuple[IntArray, FloatArray, FloatArray]:
    # One copy of the file into a zero-padded buffer, so every field has _PAD bytes of
    # room on both sides for the fixed-width windows the parsers read.
    buf = np.zeros(len(data) + 2 * _PAD, dtype=np.uint8)
    buf[_PAD : _PAD + len(data)] = np.frombuffer(data, dtype=np.uint8)
    starts, ends = _line_bounds(buf, first + _PAD, stop + _PAD)
    bounds = _field_bounds(buf, starts, ends, columns.count)
    side = _parse_sides(buf, *bounds[columns.index["side"]])
    size = _parse_decimals(buf, *bounds[columns.index["size"]])
    liq = _parse_decimals(buf, *bounds[columns.index["liq_price"]])
    return side, size, liq


def _number(text: str) -> float:
    cleaned = text.strip()
    if "_" in cleaned:  # float() accepts 1_000; a CSV number with underscores is a typo
        raise ValueError(cleaned)
    return float(cleaned)


def _parse_rows(path: Path, body: bytes, columns: _Columns) -> tuple[IntArray, FloatArray, FloatArray]:
    """The careful reader: every row and field checked, the first problem named by line."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = body[: exc.start].count(b"\n") + _FIRST_DATA_LINE
        raise RiskInputError(f"{path.name} line {line}: not UTF-8 text") from exc
    sides: list[str] = []
    sizes: list[float] = []
    liqs: list[float] = []
    for index, row in enumerate(csv.reader(io.StringIO(text, newline=""))):
        line = index + _FIRST_DATA_LINE
        if len(row) != columns.count:
            raise RiskInputError(
                f"{path.name} line {line}: expected {columns.count} fields, found {len(row)}",
                row=index,
            )
        sides.append(row[columns.index["side"]].strip())
        for field, sink in (("size", sizes), ("liq_price", liqs)):
            raw = row[columns.index[field]]
            try:
                sink.append(_number(raw))
            except ValueError:
                raise RiskInputError(
                    f"{path.name} line {line}, field {field}: {raw!r} is not a number", row=index, field=field
                ) from None
    side = as_side_array(np.array(sides, dtype=str))
    size = np.array(sizes, dtype=np.float64)
    liq = np.array(liqs, dtype=np.float64)
    _check_values(path, side, size, liq, sides)
    return side, size, liq


def load_crowd_npz(path: str | Path) -> tuple[IntArray, FloatArray, FloatArray]:
    """Read arrays `side` (+1/−1 or long/short), `size` and `liq_price` from an .npz file."""
    path = Path(path)
    try:
        with np.load(path, allow_pickle=False) as archive:
            missing = [name for name in REQUIRED_COLUMNS if name not in archive.files]
            if missing:
                raise RiskInputError(f"{path.name}: missing array(s) {', '.join(missing)}", field=missing[0])
            raw_side, raw_size, raw_liq = (archive[name] for name in REQUIRED_COLUMNS)
    except (OSError, ValueError) as exc:
        if isinstance(exc, RiskInputError):
            raise
        raise RiskInputError(f"cannot read crowd file {path}: {exc}") from exc
    for name, array in zip(REQUIRED_COLUMNS, (raw_side, raw_size, raw_liq), strict=True):
        if array.ndim != 1 or array.size != raw_side.size:
            raise RiskInputError(f"{path.name}: {name} must be 1-D with one entry per position", field=name)
        if name != "side" and array.dtype.kind not in "iuf":
            raise RiskInputError(f"{path.name}: {name} must be numeric, not {array.dtype}", field=name)
    if raw_side.size == 0:
        raise RiskInputError(f"{path.name}: the crowd is empty (no positions)")
    try:
        side = as_side_array(raw_side)
    except TypeError as exc:
        raise RiskInputError(f"{path.name}: {exc}", field="side") from exc
    size = raw_size.astype(np.float64)
    liq = raw_liq.astype(np.float64)
    problem = find_invalid_rows(side, size, liq)
    if problem is not None:
        shown = (
            raw_side[problem.row]
            if problem.field == "side"
            else float((size if problem.field == "size" else liq)[problem.row])
        )
        raise RiskInputError(
            f"{path.name} row {problem.row} (0-based), field {problem.field}: {problem.reason} "
            f"(got {shown!r}); {problem.count} invalid row(s) in all",
            row=problem.row,
            field=problem.field,
        )
    return side, size, liq


def save_crowd_npz(path: str | Path, side: IntArray, size: FloatArray, liq: FloatArray) -> None:
    """Write a crowd in the layout `load_crowd_npz` reads (uncompressed: loading stays fast)."""
    np.savez(Path(path), side=np.asarray(side, np.int8), size=size, liq_price=liq)
