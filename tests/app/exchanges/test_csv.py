"""CSV import/export of an account's holdings: documented columns, row-numbered errors, all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.exchanges.accounts import (
    add_api_account,
    export_holdings_csv,
    import_holdings_csv,
    set_entry,
    unset_entry,
)
from app.exchanges.csv_io import COLUMNS, CsvImportError
from app.exchanges.models import Balance, Loan, MarginMode, Position, Side
from app.exchanges.repository import AccountError, get_account, load_holdings
from app.secrets import ApiCredentials, SecretStore
from app.store import Store

HEADER = ",".join(COLUMNS)
GOOD = f"""{HEADER}
balance,futures,USDT,12500.5,,,,,,,,,
balance,spot,BTC,0.75,,,,,,,,,
loan,futures,USDC,300,,,,,,,,,
position,,,,BTC/USDT:USDT,long,0.2,102500,100000,10,cross,,55270.9
position,,,,ETH/USDT:USDT,short,3,3000,3100,,isolated,1100,3390.12
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "holdings.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_import_creates_the_account_and_reads_every_kind(store: Store, tmp_path: Path) -> None:
    holdings = import_holdings_csv(store, _write(tmp_path, GOOD), name="desk", venue_name="binance")
    assert holdings.balances == (Balance("USDT", 12500.5, "futures"), Balance("BTC", 0.75, "spot"))
    assert holdings.loans == (Loan("USDC", 300.0, "futures"),)
    btc, eth = holdings.positions
    assert btc == Position(
        "BTC/USDT:USDT", "BTC", Side.LONG, 0.2, 102500.0, 100000.0, 10.0, MarginMode.CROSS, None, 55270.9
    )
    assert (eth.margin_mode, eth.isolated_margin, eth.leverage) == (MarginMode.ISOLATED, 1100.0, None)
    account = get_account(store, "desk")
    assert (account.venue, account.source, account.secret_ref) == ("binance", "csv", None)
    assert load_holdings(store, account) == holdings


def test_export_then_import_round_trips(store: Store, tmp_path: Path) -> None:
    original = import_holdings_csv(store, _write(tmp_path, GOOD), name="desk", venue_name="binance")
    out = tmp_path / "out.csv"
    export_holdings_csv(store, "desk", out)
    assert out.read_text().splitlines()[0] == HEADER
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    again = import_holdings_csv(store, out, name="copy", venue_name="binance")
    assert again == original


@pytest.mark.parametrize(
    ("row", "words"),
    [
        ("position,,,,BTC/USDT:USDT,long,-0.5,100,100,,,,", "line 2: size must be positive, got -0.5"),
        ("balance,spot,BTC,-1,,,,,,,,,", "line 2: amount must be at least 0, got -1"),
        ("position,,,,BTC/USDX:USDX,long,1,100,100,,,,", "line 2: unknown symbol BTC/USDX:USDX"),
        ("position,,,,BTCUSDT,long,1,100,100,,,,", "line 2: symbol 'BTCUSDT' is not a perpetual"),
        ("position,,,,BTC/USDT:USDT,up,1,100,100,,,,", "line 2: side must be long or short"),
        ("position,,,,BTC/USDT:USDT,long,1,abc,100,,,,", "line 2: entry_price 'abc' is not a number"),
        ("position,,,,BTC/USDT:USDT,long,1,100,nan,,,,", "line 2: mark_price 'nan' is not a finite number"),
        ("position,,,,BTC/USDT:USDT,long,1,100,100,,isolated,,", "line 2: isolated_margin is required"),
        ("position,,,,BTC/USDT:USDT,long,1,100,,,,,", "line 2: mark_price is required"),
        ("stake,,ETH,1,,,,,,,,,", "line 2: kind must be balance, loan or position"),
        ("balance,spot,BTC,1,,,,,,,,,,extra", "line 2: more fields than the header"),
        ("balance,spot,bitcoin!,1,,,,,,,,,", "line 2: asset 'bitcoin!' is not an asset code"),
    ],
)
def test_malformed_rows_are_named_by_line_and_nothing_is_imported(
    store: Store, tmp_path: Path, row: str, words: str
) -> None:
    with pytest.raises(CsvImportError) as caught:
        import_holdings_csv(store, _write(tmp_path, f"{HEADER}\n{row}\n"), name="desk", venue_name="binance")
    message = str(caught.value)
    assert words in message, message
    assert "\n" not in message and "nothing imported" in message
    assert store.query("SELECT * FROM venue_accounts") == []


def test_duplicates_and_several_errors_are_all_reported(store: Store, tmp_path: Path) -> None:
    text = f"""{HEADER}
balance,spot,BTC,1,,,,,,,,,
position,,,,BTC/USDT:USDT,long,1,100,100,,,,

balance,spot,BTC,2,,,,,,,,,
position,,,,BTC/USDT:USDT,long,2,100,100,,,,
position,,,,BTC/USDT:USDT,short,2,100,100,,,,
position,,,,ETH/USDT:USDT,long,0,100,100,,,,
"""
    with pytest.raises(CsvImportError) as caught:
        import_holdings_csv(store, _write(tmp_path, text), name="desk", venue_name="binance")
    message = str(caught.value)
    assert "3 invalid row(s)" in message
    assert "line 5: duplicate of line 2 (balance spot BTC)" in message
    assert "line 6: duplicate of line 3 (position BTC/USDT:USDT long)" in message
    assert "line 8: size must be positive" in message


def test_a_failed_import_leaves_the_previous_holdings(store: Store, tmp_path: Path) -> None:
    before = import_holdings_csv(store, _write(tmp_path, GOOD), name="desk", venue_name="binance")
    with pytest.raises(CsvImportError):
        import_holdings_csv(store, _write(tmp_path, GOOD + "balance,spot,ETH,-3,,,,,,,,,\n"), name="desk")
    assert load_holdings(store, get_account(store, "desk")) == before


def test_bad_header_is_refused_with_the_column_list(store: Store, tmp_path: Path) -> None:
    with pytest.raises(CsvImportError, match="line 1: unknown column"):
        import_holdings_csv(
            store, _write(tmp_path, "kind,asset,qty\nbalance,BTC,1\n"), name="d", venue_name="okx"
        )


def test_symbols_stored_by_a_refresh_are_known(store: Store, tmp_path: Path) -> None:
    row = "position,,,,ZZZ/USDT:USDT,long,1,2,2,,,,"
    with pytest.raises(CsvImportError, match="unknown symbol"):
        import_holdings_csv(store, _write(tmp_path, f"{HEADER}\n{row}\n"), name="d", venue_name="bybit")
    with store.transaction() as db:
        db.execute("INSERT INTO venue_markets VALUES ('bybit', 'ZZZ/USDT:USDT', 'ZZZ', 'USDT', '2026-01-01')")
    assert import_holdings_csv(
        store, _write(tmp_path, f"{HEADER}\n{row}\n"), name="d", venue_name="bybit"
    ).positions


def test_api_accounts_are_not_overwritten_by_csv(store: Store, secrets: SecretStore, tmp_path: Path) -> None:
    add_api_account(
        store, secrets, name="live", venue_name="binance", credentials=ApiCredentials("k1234", "s1234")
    )
    with pytest.raises(AccountError, match="read from binance's API"):
        import_holdings_csv(store, _write(tmp_path, GOOD), name="live")


def test_manual_entry_adds_and_edits_with_the_same_validation(store: Store) -> None:
    fields = {"kind": "position", "symbol": "SOL/USDT:USDT", "side": "long", "size": "10", "entry_price": "150",
              "mark_price": "160"}  # fmt: skip
    set_entry(store, "hand", fields, venue_name="okx")
    set_entry(store, "hand", {**fields, "size": "12"})
    set_entry(store, "hand", {"kind": "balance", "asset": "USDT", "amount": "5000"})
    holdings = load_holdings(store, get_account(store, "hand"))
    assert [p.size for p in holdings.positions] == [12.0]
    assert holdings.balances == (Balance("USDT", 5000.0, "main"),)
    with pytest.raises(CsvImportError, match="size must be positive"):
        set_entry(store, "hand", {**fields, "size": "-1"})


def test_manual_entries_can_be_deleted(store: Store, tmp_path: Path) -> None:
    import_holdings_csv(store, _write(tmp_path, GOOD), name="desk", venue_name="binance")
    assert unset_entry(store, "desk", {"kind": "position", "symbol": "btc/usdt:usdt", "side": "long"}) == (
        "position BTC/USDT:USDT long"
    )
    assert (
        unset_entry(store, "desk", {"kind": "balance", "asset": "BTC", "wallet": "spot"})
        == "balance BTC in spot"
    )
    holdings = load_holdings(store, get_account(store, "desk"))
    assert [p.symbol for p in holdings.positions] == ["ETH/USDT:USDT"]
    assert [b.asset for b in holdings.balances] == ["USDT"]
    with pytest.raises(AccountError, match="has no position BTC/USDT:USDT long"):
        unset_entry(store, "desk", {"kind": "position", "symbol": "BTC/USDT:USDT", "side": "long"})
    with pytest.raises(AccountError, match="give kind="):
        unset_entry(store, "desk", {"symbol": "BTC/USDT:USDT"})
