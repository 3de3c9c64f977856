"""Holdings and advice for the GUI: the split, the accounts and positions, and the advisor's plan.

Transfers only ever name device-verified cold addresses (the advisor's TargetBook from
the store); without one, a transfer says so and the GUI asks to verify an address first.
"""

from __future__ import annotations

from pathlib import Path

from app.advisor.advice import Advice, advise
from app.advisor.policy import StressPolicy, resolve
from app.advisor.targets import TargetBook, choose_targets
from app.holdings import Place, compute_holdings, load_holdings
from app.messages import MessageKey, message
from app.resources import resource_path
from app.services.lazy import SAMPLE_HOLDINGS
from app.services.ports import (
    AccountLine,
    AdviceView,
    FlagLine,
    HoldingsView,
    PositionLine,
    ShockChoice,
    TransferLine,
)
from app.settings import Network
from app.store import open_store
from app.usecases.trader_numbers import trader_numbers


def _targets(db_path: Path, network: Network) -> TargetBook:
    if not db_path.exists():
        return TargetBook()
    with open_store(db_path) as store:
        return choose_targets(store, network, [])


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
        )
        for t in advice.transfers
    )
    cuts = tuple(
        message(
            MessageKey.CUT_POSITION,
            f"{cut.label} — reduce by {cut.reduce_by:g} {cut.asset} ({cut.share:.0%})",
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
    )


class AdviceService:
    def __init__(self, db_path: Path, network: Network) -> None:
        self._db_path = db_path
        self._network = network

    def sample_holdings_path(self) -> Path:
        return resource_path(*SAMPLE_HOLDINGS)

    def holdings(self, path: Path) -> HoldingsView:
        document = load_holdings(path)
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
        )

    def advise(self, path: Path, shock: ShockChoice) -> AdviceView:
        document = load_holdings(path)
        stress = resolve(StressPolicy(shock.preset, shock.btc_drawdown, shock.buffer))
        return _view(advise(document, stress, _targets(self._db_path, self._network)))
