"""Holdings and advice for the GUI: the split, the accounts and positions, and the advisor's plan.

The advice comes from the use case `coldsplit advice` runs (app.usecases.advice), with the
saved settings read at each run (the minimum transfer the CLI may have changed meanwhile).
Transfers only ever name device-verified cold addresses; without one, a transfer says so
and the GUI asks to verify an address first. After a verify, `retarget` fills the new
address into the last advice without running the engine again.
"""

from __future__ import annotations

import threading
from pathlib import Path

from app.advisor.advice import Advice
from app.advisor.policy import StressPolicy
from app.advisor.report import tipping_message
from app.holdings import HoldingsDocument, Place, compute_holdings, load_holdings
from app.messages import MessageKey, message
from app.resources import resource_path
from app.services.lazy import SAMPLE_HOLDINGS
from app.services.ports import (
    AccountLine,
    AdviceProgress,
    AdviceView,
    FlagLine,
    HoldingsView,
    PositionLine,
    PreparedTransferView,
    ShockChoice,
    TransferLine,
)
from app.settings import Settings, load_settings
from app.usecases.advice import AdviceRequest, advice_targets, compute_advice, prepare_transfer, retarget
from app.usecases.demo_holdings import load_demo_holdings
from app.usecases.trader_numbers import trader_numbers
from wallet.types import Network


def _view(advice: Advice) -> AdviceView:
    transfers = tuple(
        TransferLine(
            t.asset,
            t.amount,
            t.usd,
            t.from_account,
            t.venue,
            t.to.address if t.to else None,
            t.reason,
            t.first,
            advice.bands.transfer(t.from_account, t.asset),
        )
        for t in advice.transfers
    )
    cuts = tuple(
        message(
            MessageKey.CUT_POSITION,
            label=cut.label,
            reduce_by=cut.reduce_by,
            asset=cut.asset,
            share=cut.share,
        )
        for plan in advice.plans
        for cut in plan.cuts
    )
    return AdviceView(
        stress_message=advice.stress.description(),
        exchange_share_before=advice.current.exchange_share,
        exchange_share_after=advice.proposed.exchange_share,
        survival_before=advice.current.survival_drawdown,
        survival_after=advice.proposed.survival_drawdown,
        liquidated_share_before=advice.current.liquidated_share,
        liquidated_share_after=advice.proposed.liquidated_share,
        transfers=transfers,
        cuts=cuts,
        flags=tuple(FlagLine(f.account, f.subject, f.reason) for f in advice.flags),
        still_falling=advice.still_falling,
        notes=advice.notes,
        cut_bands=tuple(advice.bands.cut(cut.label) for plan in advice.plans for cut in plan.cuts),
        moved_usd_band=_moved_usd_band(transfers),
        tipping_points=tuple(tipping_message(t) for t in advice.tipping_points),
    )


def _moved_usd_band(transfers: tuple[TransferLine, ...]) -> tuple[float, float, float] | None:
    """Every transfer's value together at each percentile (a transfer without a band counts as is)."""
    if not transfers:
        return None
    totals = [0.0, 0.0, 0.0]
    for t in transfers:
        price = t.usd / t.amount if t.amount else 0.0
        for i in range(3):
            totals[i] += price * t.amount_band[i] if t.amount_band is not None else t.usd
    return totals[0], totals[1], totals[2]


class AdviceService:
    def __init__(
        self, db_path: Path, network: Network, settings_path: Path | None = None, demo: bool = False
    ) -> None:
        """`settings_path`: the settings file read at each advice (None: the defaults). `demo`:
        the sample portfolio comes with the demo store's cold ETH (app.usecases.demo_holdings)."""
        self._db_path = db_path
        self._network = network
        self._demo = demo
        self._settings_path = settings_path
        self._lock = threading.Lock()
        self._last: tuple[AdviceView, Advice] | None = None

    def sample_holdings_path(self) -> Path:
        return resource_path(*SAMPLE_HOLDINGS)

    def _document(self, path: Path) -> HoldingsDocument:
        if self._demo and path == self.sample_holdings_path():
            return load_demo_holdings(self._db_path)
        return load_holdings(path)

    def holdings(self, path: Path) -> HoldingsView:
        document = self._document(path)
        split = compute_holdings(document)
        accounts = [
            AccountLine(place.value, name, "", usd)
            for place in (Place.TRADING, Place.COLD)
            for name, usd in split.by_account(place).items()
        ]
        positions = [
            PositionLine(
                a.name,
                a.venue,
                p.asset,
                "long" if p.side > 0 else "short",
                p.size,
                p.entry,
                p.margin_mode.value,
            )
            for a in document.portfolio.accounts
            for p in a.positions
        ]
        return HoldingsView(
            name=document.portfolio.name,
            source=path,
            total_usd=split.total_usd,
            trading_usd=split.trading_usd,
            cold_usd=split.cold_usd,
            exchange_share=split.exchange_share,
            accounts=tuple(accounts),
            positions=tuple(positions),
            margin_accounts=trader_numbers(document.portfolio),
            notes=split.notes(),
        )

    def advise(self, path: Path, shock: ShockChoice, report: AdviceProgress | None = None) -> AdviceView:
        request = AdviceRequest(StressPolicy(shock.preset, shock.btc_drawdown, shock.buffer))
        targets = advice_targets(self._db_path, self._network)
        settings = Settings() if self._settings_path is None else load_settings(self._settings_path)
        document = self._document(path)
        if report is None:
            advice = compute_advice(document, request, settings, targets)
        else:
            advice = compute_advice(document, request, settings, targets, lambda stage: report(stage.value))
        return self._remember(advice)

    def retarget(self, shown: AdviceView) -> AdviceView:
        """`shown` sent to the verified addresses known now (unchanged if it is not the last advice)."""
        with self._lock:
            last = self._last
        if last is None or last[0] is not shown:
            return shown
        renewed = retarget(last[1], advice_targets(self._db_path, self._network))
        return shown if renewed is last[1] else self._remember(renewed)

    def prepare(self, transfer: TransferLine) -> PreparedTransferView:
        prepared = prepare_transfer(transfer.asset, transfer.amount, transfer.to_address)
        return PreparedTransferView(
            prepared.asset,
            prepared.amount,
            prepared.address,
            prepared.uri,
            prepared.amount_text,
            prepared.chain,
        )

    def _remember(self, advice: Advice) -> AdviceView:
        view = _view(advice)
        with self._lock:
            self._last = (view, advice)
        return view
