"""One demo portfolio everywhere (issue 14, item 5): the Overview, Trading, Risk and Advice pages
and the command line give the same survival drawdown, totals and exchange share for it.

The window is opened as a person opens `coldsplit gui --demo`: nothing is clicked, the demo
portfolio loads by itself, and the figures are read from the labels a person reads. The
command line runs `risk report --portfolio demo --json`, `advice --portfolio demo --json`
and `holdings --portfolio demo --json` on the same data.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.cli.main import run
from app.resources import demo_portfolio_path
from app.services.ports import GuiServices, HoldingsView
from app.services.risk_view import RiskCurve
from tests.ui.helpers import open_window
from ui.pages.overview_page import OverviewPage


def _cli(capsys: pytest.CaptureFixture[str], data_dir: Path, *args: str) -> dict[str, Any]:
    capsys.readouterr()
    assert run(["--data-dir", str(data_dir), *args, "--json"]) == 0
    document: dict[str, Any] = json.loads(capsys.readouterr().out)
    return document


def _usd(value: float) -> str:
    return f"${value:,.0f}"


def advised_text_tipping(cli_dir: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """The tipping-point lines of `coldsplit advice`'s text."""
    assert run(["--data-dir", str(cli_dir), "advice", "--portfolio", "demo"]) == 0
    return [line for line in capsys.readouterr().out.splitlines() if line.startswith("Tipping point: ")]


def test_every_page_and_the_cli_agree_on_the_demo(
    qtbot: QtBot, gui_services: GuiServices, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    window = open_window(qtbot, gui_services)
    trading, risk, advice, overview = (
        window.trading_page,
        window.risk_page,
        window.advice_page,
        window.overview_page,
    )
    qtbot.waitUntil(lambda: trading.holdings is not None, timeout=30_000)
    assert trading.holdings is not None and trading.holdings.source == demo_portfolio_path()
    qtbot.waitUntil(
        lambda: risk.curve is not None and risk.curve.source == demo_portfolio_path(), timeout=60_000
    )
    with qtbot.waitSignal(advice.advice_ready, timeout=240_000):
        advice.compute()

    cli_dir = tmp_path / "cli"
    cli_dir.mkdir()
    report = _cli(capsys, cli_dir, "risk", "report", "--portfolio", "demo", "--samples", "200")
    advised = _cli(capsys, cli_dir, "advice", "--portfolio", "demo")
    held = _cli(capsys, cli_dir, "holdings", "--portfolio", "demo")

    # Totals and the exchange share: Trading = Overview = Advice = CLI.
    holdings = trading.holdings
    total, on_exchanges, cold, share = (
        held["total_usd"],
        held["trading_usd"],
        held["cold_usd"],
        held["exchange_share"],
    )
    assert (holdings.total_usd, holdings.trading_usd, holdings.cold_usd) == pytest.approx(
        (total, on_exchanges, cold)
    )
    assert holdings.exchange_share == pytest.approx(share, abs=1e-6)
    assert advised["holdings"]["current"]["total_usd"] == pytest.approx(total)
    assert advised["split"]["current"]["exchange_share"] == pytest.approx(share, abs=1e-6)
    assert advice.advice is not None and advice.advice.exchange_share_before == pytest.approx(share, abs=1e-6)
    assert overview.total_label.text() == _usd(total)
    assert overview.split_label.text().startswith(f"{_usd(on_exchanges)} / {_usd(cold)} ({share:.0%} / ")
    assert trading.summary_label.text() == (
        f"Demo portfolio: {_usd(on_exchanges)} on exchanges, {_usd(cold)} in cold storage "
        f"({share:.0%} of the total {_usd(total)} on exchanges)"
    )
    assert advice.share_label.text().startswith(f"{share:.1%} → ")
    # Nothing is in cold storage in the demo until the person moves it there: the Cold storage
    # page starts empty, and so do the cold figures.
    assert cold == 0

    # The survival drawdown: Risk = Overview = Advice = CLI (risk report and advice).
    survival = report["summary"]["survival_drawdown"]
    assert risk.curve is not None and risk.curve.survival_drawdown == pytest.approx(survival, abs=1e-5)
    assert advice.advice.survival_before == pytest.approx(survival, abs=1e-5)
    assert advised["split"]["current"]["survival_drawdown"] == pytest.approx(survival, abs=1e-5)
    assert risk.curve.exchange_margin_usd == pytest.approx(report["exchange_margin_usd"])
    shown = f"{survival:.1%}"
    assert risk.survival_label.text().startswith(f"{shown} / ")
    assert overview.survival_label.text().startswith(f"{shown} (without the cascade: ")
    assert advice.survival_label.text().startswith(f"{shown} → ")
    # The stress's tipping points (each narrowed to 0.1% of shock): the Risk page names the
    # report's (which rounds to 4 decimals), and the Advice page shows the CLI advice's lines.
    named = [(p["shock_low"], p["shock_high"], p["settled_fall_low"], p["settled_fall_high"])
             for p in report["ensemble"]["tipping_points"]]  # fmt: skip
    assert named, "the joint fit's 10/10 cascade has a tipping point near a 7.5% shock"
    np.testing.assert_allclose(np.array(risk.curve.tipping_points), np.array(named), atol=5e-5)
    page_lines = risk.survival_label.text().splitlines()[1:]
    assert [line.split(" shock ")[0] for line in page_lines] == [
        f"Tipping point: between a {low:.2%} and a {high:.2%}"
        for low, high, _, _ in risk.curve.tipping_points
    ]
    assert advice.stress_label.text().splitlines()[1:] == advised_text_tipping(cli_dir, capsys)
    assert "No advice yet" not in overview.advice_label.text()
    # The Trading page's positions are the risk report's positions (the loop is no position).
    traded = [
        f"{p.account}: {p.asset} {p.side} {p.size:g} ({p.mode})"
        for account in holdings.margin_accounts
        for p in account.positions
    ]
    assert traded == [label for label in report["positions"] if " loop " not in label]
    assert trading.positions_table.rowCount() == len(traded)


def _curve(source: Path, survival: float) -> RiskCurve:
    zeros = np.zeros(3)
    return RiskCurve(zeros, zeros, zeros, zeros, zeros, 1.0, survival, survival * 1.5, source=source)


def _holdings(source: Path) -> HoldingsView:
    return HoldingsView("mine", source, 100.0, 60.0, 40.0, 0.6, (), ())


def test_the_overview_shows_no_survival_of_another_portfolio(qtbot: QtBot, tmp_path: Path) -> None:
    """A curve of another file (the Risk page's default before anything loads, or a stale one)
    never stands next to the holdings shown; the one of the shown holdings does, even if it came first."""
    page = OverviewPage(demo=False)
    qtbot.addWidget(page)
    mine, other = tmp_path / "mine.json", tmp_path / "other.json"
    page.show_curve(_curve(other, 0.076))
    assert page.survival_label.text() == "—" and page.total_label.text() == "—"
    page.show_holdings(_holdings(mine))
    assert page.total_label.text() == "$100" and "7.6%" not in page.survival_label.text()
    assert "No advice yet for these holdings" in page.advice_label.text()
    page.show_curve(_curve(mine, 0.04))
    assert page.survival_label.text().startswith("4.0% (without the cascade: 6.0%)")
    page.show_curve(_curve(other, 0.076))  # a late curve of the other file changes nothing
    assert page.survival_label.text().startswith("4.0% ")
    shown_first = OverviewPage(demo=False)
    qtbot.addWidget(shown_first)
    shown_first.show_curve(_curve(mine, 0.04))
    shown_first.show_holdings(_holdings(mine))
    assert shown_first.survival_label.text().startswith("4.0% ")


def test_the_demos_cold_eth_counts_on_every_page_and_in_the_cli(
    qtbot: QtBot, gui_services: GuiServices, capsys: pytest.CaptureFixture[str]
) -> None:
    """After "Receive demo ETH" (the demo's local chain pays the device-verified address 2 ETH and
    1,000 USDC, and leaves 0.5 ETH pending), the Trading page, the Overview and the Advice's
    before/after count the synced ETH and USDC as cold holdings at the demo's prices, and
    `holdings` / `advice --portfolio demo` on the same data dir say the same."""
    from tests.ui.test_cold_eth import _verified_window

    window = _verified_window(qtbot, gui_services)
    trading, overview, advice = window.trading_page, window.overview_page, window.advice_page
    qtbot.waitUntil(lambda: trading.holdings is not None, timeout=30_000)
    assert trading.holdings is not None and trading.holdings.cold_usd == 0
    before = trading.holdings
    box = window.cold_page.eth
    with qtbot.waitSignal(trading.holdings_loaded, timeout=60_000) as loaded:
        qtbot.mouseClick(box.demo_button, Qt.MouseButton.LeftButton)
    holdings: HoldingsView = loaded.args[0]
    prices = json.loads(demo_portfolio_path().read_text(encoding="utf-8"))["prices"]
    cold = 2 * prices["ETH"] + 1_000 * prices["USDC"]  # the pending 0.5 ETH is not held yet
    assert holdings.source == demo_portfolio_path()
    assert holdings.cold_usd == pytest.approx(cold)
    assert holdings.trading_usd == pytest.approx(before.trading_usd)
    assert holdings.total_usd == pytest.approx(before.total_usd + cold)
    eth_account = box.view.accounts[0].account if box.view else ""
    assert [(a.place, a.account) for a in holdings.accounts if a.place == "cold"] == [("cold", eth_account)]
    share = holdings.exchange_share
    assert overview.total_label.text() == _usd(holdings.total_usd)
    assert overview.split_label.text().startswith(
        f"{_usd(holdings.trading_usd)} / {_usd(cold)} ({share:.0%} / "
    )
    assert f"{_usd(cold)} in cold storage" in trading.summary_label.text()

    window.show_page("advice")
    with qtbot.waitSignal(advice.advice_ready, timeout=240_000):
        qtbot.mouseClick(advice.run_button, Qt.MouseButton.LeftButton)
    assert advice.advice is not None
    assert advice.advice.exchange_share_before == pytest.approx(share, abs=1e-6)
    assert advice.share_label.text().startswith(f"{share:.1%} → ")

    real_data_dir = gui_services.data_dir.parent  # the demo keeps its store under <data dir>/demo
    held = _cli(capsys, real_data_dir, "holdings", "--portfolio", "demo")
    assert (held["total_usd"], held["trading_usd"], held["cold_usd"]) == pytest.approx(
        (holdings.total_usd, holdings.trading_usd, cold)
    )
    advised = _cli(capsys, real_data_dir, "advice", "--portfolio", "demo")
    assert advised["holdings"]["current"]["total_usd"] == pytest.approx(holdings.total_usd)
    assert advised["split"]["current"]["exchange_share"] == pytest.approx(share, abs=1e-6)
