"""Crowd files: the fast CSV reader agrees with float(); every problem names its line and field."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from risk._types import RiskInputError
from risk.crowd import load_crowd_csv, load_crowd_npz, save_crowd_npz


def _write(tmp_path: Path, text: str, name: str = "crowd.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode())
    return path


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(["long", "short"]),
            st.floats(min_value=1e-8, max_value=1e15, allow_nan=False),
            st.floats(min_value=1e-8, max_value=1e15, allow_nan=False),
        ),
        min_size=1,
        max_size=50,
    ),
    style=st.sampled_from(["repr", "fixed", "short"]),
    crlf=st.booleans(),
)
def test_csv_values_equal_python_float(
    tmp_path_factory: pytest.TempPathFactory,
    rows: list[tuple[str, float, float]],
    style: str,
    crlf: bool,
) -> None:
    def text(x: float) -> str:
        return {"repr": repr(x), "fixed": f"{x:.9f}", "short": f"{x:.3g}"}[style]

    newline = "\r\n" if crlf else "\n"
    body = newline.join(f"{side},{text(a)},{text(b)}" for side, a, b in rows)
    path = _write(tmp_path_factory.mktemp("csv"), "side,size,liq_price" + newline + body + newline)
    side, size, liq = load_crowd_csv(path)
    assert side.tolist() == [1 if s == "long" else -1 for s, _, _ in rows]
    assert size.tolist() == [float(text(a)) for _, a, _ in rows]
    assert liq.tolist() == [float(text(b)) for _, _, b in rows]
    # Quoting one field sends the whole file down the row-by-row path: same arrays.
    quoted = path.with_name("quoted.csv")
    quoted.write_bytes(
        path.read_bytes().replace(b"\n" + rows[0][0].encode(), b'\n"' + rows[0][0].encode() + b'"', 1)
    )
    for fast, slow in zip((side, size, liq), load_crowd_csv(quoted), strict=True):
        np.testing.assert_array_equal(fast, slow)


def test_columns_in_any_order_with_extras_and_quotes(tmp_path: Path) -> None:
    path = _write(tmp_path, 'liq_price,venue,side,size\n90.5,binance,long,2\n"110",bybit,"short",1.5e0\n')
    side, size, liq = load_crowd_csv(path)
    assert side.tolist() == [1, -1] and size.tolist() == [2.0, 1.5] and liq.tolist() == [90.5, 110.0]


def test_a_large_file_round_trips_through_the_fast_path(tmp_path: Path) -> None:
    rng = np.random.default_rng(5)
    n = 20_000
    sizes = rng.lognormal(0, 2, n)
    liqs = rng.uniform(1, 1e5, n)
    sides = np.where(rng.random(n) < 0.5, "long", "short")
    path = tmp_path / "big.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["side", "size", "liq_price"])
        writer.writerows(zip(sides, sizes.tolist(), liqs.tolist(), strict=True))
    side, size, liq = load_crowd_csv(path)
    np.testing.assert_array_equal(size, sizes)
    np.testing.assert_array_equal(liq, liqs)
    np.testing.assert_array_equal(side, np.where(sides == "long", 1, -1))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("side,size,liq_price\nlong,1,90\nlong,abc,90\n", "line 3, field size: 'abc' is not a number"),
        ("side,size,liq_price\nlong,1,90\nlong,1\n", "line 3: expected 3 fields, found 2"),
        ("side,size,liq_price\nlong,1,90\n\nlong,1,90\n", "line 3: expected 3 fields, found 0"),
        ("side,size,liq_price\nlong,1,90\nsideways,1,90\n", "line 3, field side: .*'sideways'"),
        ("side,size,liq_price\nlong,nan,90\n", "line 2, field size: must be a finite number"),
        ("side,size,liq_price\nlong,1,inf\n", "line 2, field liq_price: must be a finite number"),
        ("side,size,liq_price\nlong,1,90\nshort,-2,120\n", "line 3, field size: must be > 0"),
        ("side,size,liq_price\nlong,0,90\n", "line 2, field size: must be > 0"),
        ("side,size,liq_price\nlong,1,0\n", "line 2, field liq_price: must be > 0"),
        ("side,size,liq_price\nlong,1,90\nlong,1,\n", "line 3, field liq_price: '' is not a number"),
        ("side,size,liq_price\nlong,1_000,90\n", "line 2, field size: '1_000' is not a number"),
        ("side,size\nlong,1\n", "line 1: the header needs exactly one 'liq_price' column"),
        ("side,size,liq_price\n", "empty"),
        ("", "line 1: the header needs"),
        ("side,size,liq_price\nlong,1,1\nlong,-1,1\nlong,-1,1\n", "2 invalid row"),
    ],
)
def test_malformed_rows_name_the_line_and_field(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(RiskInputError, match=message):
        load_crowd_csv(_write(tmp_path, text))


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(RiskInputError, match="cannot read crowd file"):
        load_crowd_csv(tmp_path / "nope.csv")


def test_npz_round_trip_and_text_sides(tmp_path: Path) -> None:
    path = tmp_path / "crowd.npz"
    save_crowd_npz(path, np.array([1, -1]), np.array([1.0, 2.0]), np.array([90.0, 110.0]))
    side, size, liq = load_crowd_npz(path)
    assert side.tolist() == [1, -1] and size.tolist() == [1.0, 2.0] and liq.tolist() == [90.0, 110.0]
    np.savez(tmp_path / "text.npz", side=np.array(["long", "short"]), size=[1.0, 2.0], liq_price=[9.0, 11.0])
    assert load_crowd_npz(tmp_path / "text.npz")[0].tolist() == [1, -1]


@pytest.mark.parametrize(
    ("arrays", "message"),
    [
        ({"side": [1], "size": [1.0]}, "missing array.*liq_price"),
        ({"side": [1, 1], "size": [1.0], "liq_price": [1.0, 1.0]}, "size must be 1-D"),
        ({"side": [1, 1], "size": [1.0, np.nan], "liq_price": [1.0, 1.0]}, "row 1 .*field size"),
        ({"side": [1, 3], "size": [1.0, 1.0], "liq_price": [1.0, 1.0]}, "row 1 .*field side"),
        ({"side": [], "size": [], "liq_price": []}, "empty"),
    ],
)
def test_bad_npz_is_named(tmp_path: Path, arrays: dict[str, list[float]], message: str) -> None:
    path = tmp_path / "bad.npz"
    write_npz: Any = np.savez  # numpy's stub reads ** as its allow_pickle flag
    write_npz(path, **{name: np.array(values) for name, values in arrays.items()})
    with pytest.raises(RiskInputError, match=message):
        load_crowd_npz(path)


def test_a_file_that_is_not_npz_is_a_clear_error(tmp_path: Path) -> None:
    path = _write(tmp_path, "not a zip", "crowd.npz")
    with pytest.raises(RiskInputError, match="cannot read crowd file"):
        load_crowd_npz(path)
