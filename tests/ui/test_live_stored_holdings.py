"""Live mode (not the demo): the window's holdings are the command line's `--portfolio stored`.

A person's stored exchange account (imported from a CSV on the Trading page), a watch-only BTC
cold account synced from an Electrum server on loopback, and an Ethereum cold account whose ETH
and tokens a real local node (anvil) pays and the Cold storage page syncs: the Trading page,
the Overview and the Advice's before/after count them together, to the cent as
`coldsplit holdings --portfolio stored --json` and `advice --portfolio stored --json` on the same
data dir do. Assets without a price (a spot HYPE, a watched non-stablecoin token) are named in
one note each, on every page and in the CLI, and left out of every total.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.advisor.ethereum import ConfirmedEthAddress, record_eth_address
from app.cli.context import CommandContext
from app.cli.gui_cmd import build_services
from app.eth.networks import EthEndpointSetting, EthNetwork
from app.settings import SETTINGS_FILE, Network, Settings, load_settings, save_settings
from app.store import open_store
from app.usecases.eth import add_eth_token
from tests.app.advisor.test_stored import ACCOUNT, receive_script
from tests.ui.helpers import open_window
from tests.wallet.watch.electrum_server import ElectrumServer
from tests.wallet.watch.regtest_chain import RegtestChain
from ui.main_window import MainWindow
from wallet.eth_chain.anvil import LocalEthChain

# m/44h/60h/0h/0/0 of the software device's "all all … all" seed (trezor-firmware
# common/tests/fixtures/ethereum/getaddress.json), as tests/eth/conftest.py records it.
COLD_ETH = "0x73d0385F4d8E00C5e6504C6030F47BF6212736A8"
ETHER = 10**18
BTC_MARK, ETH_MARK = 100_000.0, 4_000.0
CSV = "kind,wallet,asset,amount\nbalance,futures,USDT,5000\nbalance,spot,BTC,0.25\nbalance,spot,HYPE,3\n"


@pytest.fixture
def chain() -> Iterator[LocalEthChain]:
    with LocalEthChain() as node:
        yield node


def _cli(capsys: pytest.CaptureFixture[str], data: Path, config: Path, *args: str) -> dict[str, Any]:
    from app.cli.main import run

    capsys.readouterr()
    common = ["--data-dir", str(data), "--config-dir", str(config), "--network", "regtest"]
    assert run([*common, *args]) == 0
    if "--json" not in args:
        return {}
    document: dict[str, Any] = json.loads(capsys.readouterr().out)
    return document


def _store(data: Path) -> Path:
    """Marks for BTC and ETH (as `market snapshot` stores them) and the device-verified ETH address."""
    db = data / "coldsplit.sqlite3"
    with open_store(db) as store:
        with store.transaction() as tx:
            for symbol, mark in (("BTC/USDT:USDT", BTC_MARK), ("ETH/USDT:USDT", ETH_MARK)):
                tx.execute(
                    "INSERT INTO market_snapshots (venue, symbol, fetched_at, source, mark_price) "
                    "VALUES ('binance', ?, '2026-01-01T00:00:00+00:00', 'live', ?)",
                    (symbol, mark),
                )
        record_eth_address(
            store, "Cold ETH", ConfirmedEthAddress(COLD_ETH, "m/44h/60h/0h/0/0", bytes.fromhex("5c9e228d"))
        )
    return db


@pytest.fixture
def electrum() -> Iterator[tuple[RegtestChain, ElectrumServer]]:
    """A regtest chain behind an Electrum server on loopback: 0.005 BTC confirmed to the cold
    account's receive addresses, 0.0005 unconfirmed (not held yet)."""
    regtest = RegtestChain()
    regtest.fund(receive_script(0), 200_000)
    regtest.fund(receive_script(2), 300_000)
    regtest.fund(receive_script(1), 50_000, confirm=False)
    server = ElectrumServer(regtest).start()
    try:
        yield regtest, server
    finally:
        server.stop()


def _btc_cold(capsys: pytest.CaptureFixture[str], data: Path, config: Path, server: ElectrumServer) -> None:
    """The watch-only account, imported and synced as the CLI does it."""
    _cli(capsys, data, config, "cold", "import", "vault", "--descriptor", ACCOUNT.multipath_descriptor())
    _cli(capsys, data, config, "wallet", "backend", "--electrum", server.url, "--timeout", "2")
    _cli(capsys, data, config, "wallet", "sync", "--account", "vault")


def _pay_cold_eth(chain: LocalEthChain, db: Path, settings: Settings) -> None:
    """The node pays the verified address 2 ETH, 500 USDC and 7 of a token no one prices."""
    chain.send_eth(COLD_ETH, 2 * ETHER)
    usdc = chain.deploy_token("USD Coin", "USDC", 6, 10**15)
    chain.send_token(usdc, COLD_ETH, 500 * 10**6)
    other = chain.deploy_token("Some Token", "SOME", 18, 10**24)
    chain.send_token(other, COLD_ETH, 7 * ETHER)
    add_eth_token(db, settings, usdc)
    add_eth_token(db, settings, other)


def _usd(value: float) -> str:
    return f"${value:,.0f}"


def _live_context(
    tmp_path: Path, chain: LocalEthChain, server: ElectrumServer, capsys: pytest.CaptureFixture[str]
) -> CommandContext:
    """The data dir with its marks, the synced BTC cold account and the ETH the node paid."""
    data, config = tmp_path / "data", tmp_path / "config"
    data.mkdir()
    config.mkdir()
    db = _store(data)
    _btc_cold(capsys, data, config, server)
    settings = replace(
        load_settings(config / SETTINGS_FILE),  # the Electrum backend the CLI saved
        language="en",
        theme="light",
        eth_endpoint=EthEndpointSetting(EthNetwork.LOCAL, chain.url, 5),
    )
    ctx = CommandContext(data, config, settings, Network.REGTEST, False)
    save_settings(ctx.settings_path, settings)
    _pay_cold_eth(chain, db, settings)
    return ctx


def _window_with_csv(qtbot: QtBot, ctx: CommandContext, tmp_path: Path) -> MainWindow:
    """The live window, once the person imported the exchange CSV on the Trading page."""
    csv = tmp_path / "bn.csv"
    csv.write_text(CSV, encoding="utf-8")
    window = open_window(qtbot, build_services(ctx, demo=False))
    trading = window.trading_page
    qtbot.waitUntil(lambda: trading.accounts_bar.stored_asked and not window.runner.busy, timeout=30_000)
    with qtbot.waitSignal(trading.holdings_loaded, timeout=30_000):
        trading.import_csv(csv, "bn", "binance")
    return window


def test_live_pages_count_the_cold_holdings_as_the_cli_does(
    qtbot: QtBot,
    tmp_path: Path,
    chain: LocalEthChain,
    electrum: tuple[RegtestChain, ElectrumServer],
    capsys: pytest.CaptureFixture[str],
) -> None:
    ctx = _live_context(tmp_path, chain, electrum[1], capsys)
    data, config = ctx.data_dir, ctx.config_dir
    window = _window_with_csv(qtbot, ctx, tmp_path)
    trading, overview, advice = window.trading_page, window.overview_page, window.advice_page
    assert trading.holdings is not None
    assert trading.holdings.cold_usd == pytest.approx(0.005 * BTC_MARK)  # the ETH is not synced yet
    with qtbot.waitSignal(trading.holdings_loaded, timeout=60_000) as loaded:  # ColdBalancesChanged
        qtbot.mouseClick(window.cold_page.eth.sync_button, Qt.MouseButton.LeftButton)
    holdings = loaded.args[0]
    assert holdings is trading.holdings

    held = _cli(capsys, data, config, "holdings", "--portfolio", "stored", "--json")
    cold = 0.005 * BTC_MARK + 2 * ETH_MARK + 500
    on_exchanges = 5_000 + 0.25 * BTC_MARK  # the 3 HYPE have no price: in no total
    assert (held["cold_usd"], held["trading_usd"]) == (round(cold, 2), round(on_exchanges, 2))
    assert (round(holdings.total_usd, 2), round(holdings.trading_usd, 2), round(holdings.cold_usd, 2)) == (
        held["total_usd"],
        held["trading_usd"],
        held["cold_usd"],
    )
    assert round(holdings.exchange_share, 6) == held["exchange_share"]
    assert {(a["account"], a["usd"]) for a in held["cold_accounts"]} == {
        ("vault", 500.0),
        ("Cold ETH", 8_500.0),
    }
    assert sorted((a.account, round(a.usd, 2)) for a in holdings.accounts if a.place == "cold") == sorted(
        (a["account"], a["usd"]) for a in held["cold_accounts"]
    )
    # The unpriced: listed in the CLI, one note each, the same sentences on the pages.
    assert [(u["place"], u["account"], u["asset"], u["amount"]) for u in held["unpriced"]] == [
        ("trading", "bn spot", "HYPE", 3.0),
        ("cold", "Cold ETH", "SOME", 7.0),
    ]
    assert len(held["notes"]) == 2 and held["notes"][0].startswith("3 HYPE (bn spot) has no price")
    assert [n.text for n in holdings.notes] == held["notes"]
    assert trading.unpriced_label.text() == overview.unpriced_label.text() == "\n".join(held["notes"])
    assert not trading.unpriced_label.isHidden()

    total, share = held["total_usd"], held["exchange_share"]
    assert overview.total_label.text() == _usd(total)
    assert overview.split_label.text().startswith(f"{_usd(on_exchanges)} / {_usd(cold)} ({share:.0%} / ")
    assert trading.summary_label.text() == (
        f"Stored accounts: {_usd(on_exchanges)} on exchanges, {_usd(cold)} in cold storage "
        f"({share:.0%} of the total {_usd(total)} on exchanges)"
    )

    window.show_page("advice")
    with qtbot.waitSignal(advice.advice_ready, timeout=240_000):
        qtbot.mouseClick(advice.run_button, Qt.MouseButton.LeftButton)
    advised = _cli(capsys, data, config, "advice", "--portfolio", "stored", "--json")
    assert advised["holdings"]["current"]["total_usd"] == total
    assert advised["holdings"]["current"]["cold_usd"] == held["cold_usd"]
    assert advice.advice is not None
    assert round(advice.advice.exchange_share_before, 6) == advised["split"]["current"]["exchange_share"]
    assert round(advice.advice.exchange_share_after, 6) == advised["split"]["proposed"]["exchange_share"]
    assert advice.share_label.text().startswith(f"{share:.1%} → ")
    assert [n.text for n in advice.advice.notes] == advised["notes"]
    assert advised["notes"][:2] == held["notes"]
    assert [advice.notes.item(i).text() for i in range(2)] == [f"Note: {n}" for n in held["notes"]]


def test_a_btc_sync_in_the_window_moves_the_split_as_the_cli_sees_it(
    qtbot: QtBot,
    tmp_path: Path,
    chain: LocalEthChain,
    electrum: tuple[RegtestChain, ElectrumServer],
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A coin confirmed after the window opened: the Cold storage page's sync (the CLI's use
    case) publishes ColdBalancesChanged, the Trading page writes and reads the holdings again."""
    regtest, server = electrum
    ctx = _live_context(tmp_path, chain, server, capsys)
    window = _window_with_csv(qtbot, ctx, tmp_path)
    trading, coins = window.trading_page, window.cold_page.coins
    assert trading.holdings is not None and trading.holdings.cold_usd == pytest.approx(500)
    regtest.fund(receive_script(2), 1_000_000)  # its block confirms the pending 0.0005 too
    coins.set_account("vault")
    with qtbot.waitSignal(trading.holdings_loaded, timeout=60_000) as loaded:
        qtbot.mouseClick(coins.sync_button, Qt.MouseButton.LeftButton)
    holdings = loaded.args[0]
    held = _cli(capsys, ctx.data_dir, ctx.config_dir, "holdings", "--portfolio", "stored", "--json")
    assert held["cold_accounts"] == [{"account": "vault", "usd": 1_550.0, "btc": 0.0155}]
    assert round(holdings.cold_usd, 2) == held["cold_usd"] == 1_550.0
    assert round(holdings.total_usd, 2) == held["total_usd"]
    assert window.overview_page.total_label.text() == _usd(held["total_usd"])
