"""The stored venue accounts as the engine's portfolio JSON (risk/portfolio_json.py format).

This is how imported holdings reach `coldsplit risk report --portfolio FILE`:

- collateral: every balance outside spot wallets (spot coins are not margin), with the
  venue's collateral haircut tiers as a named haircut table where the venue has them;
- positions: base asset, side, size, entry, cross or isolated (isolated margin without
  PnL), the venue's maintenance tiers as a named tier table;
- prices: each position's mark, $1 for USD stablecoins, and for other collateral the
  mark of the newest stored market snapshot of that asset;
- loans: a stablecoin loan is netted against the account's stablecoin collateral (both
  worth $1); any other loan is refused, because valuing it at today's price would
  hide how the debt moves in a crash.

Anything that cannot be carried over faithfully is an error naming it, never dropped.
"""

from __future__ import annotations

from typing import Any

from app.errors import UserError
from app.exchanges.liqcheck import PORTFOLIO_MARGIN_THRESHOLD, margin_collateral
from app.exchanges.market import latest_marks
from app.exchanges.models import AccountHoldings, MarginMode
from app.exchanges.repository import VenueAccount, list_accounts, load_holdings
from app.store import Store
from risk.portfolio import USD_STABLECOINS


class EngineExportError(UserError):
    pass


def _collateral(
    account: VenueAccount, holdings: AccountHoldings, haircut_tables: dict[str, Any]
) -> list[dict[str, Any]]:
    amounts = margin_collateral(holdings)
    if isinstance(amounts, str):
        raise EngineExportError(
            f"account {account.name} {amounts}; the engine cannot carry that debt yet — "
            "repay it or leave the account out"
        )
    haircuts = {b.asset: b.haircut_tiers for b in holdings.balances if b.wallet != "spot" and b.haircut_tiers}
    result = []
    for asset, amount in sorted(amounts.items()):
        entry: dict[str, Any] = {"asset": asset, "amount": amount}
        if asset in haircuts:
            name = f"{account.venue}:{asset}"
            tiers = haircuts[asset]
            haircut_tables[name] = {
                "floors": [t.floor_usd for t in tiers],
                "ratios": [t.haircut for t in tiers],
            }
            entry["haircuts"] = name
        result.append(entry)
    return result


def _positions(
    account: VenueAccount, holdings: AccountHoldings, tables: dict[str, Any], prices: dict[str, float]
) -> list[dict[str, Any]]:
    result = []
    for p in holdings.positions:
        tiers = holdings.margin_tiers.get(p.symbol)
        if not tiers:
            raise EngineExportError(
                f"account {account.name}: no maintenance tiers for {p.symbol}; refresh an API account on "
                f"{account.venue} that holds it, or enter the position on an account that has them"
            )
        table = f"{account.venue}:{p.symbol}"
        tables[table] = {"floors": [t.floor_usd for t in tiers], "mmrs": [t.mmr for t in tiers]}
        entry: dict[str, Any] = {
            "asset": p.base_asset,
            "side": p.side.value,
            "size": p.size,
            "entry": p.entry_price,
            "tiers": table,
        }
        if p.margin_mode is MarginMode.ISOLATED:
            entry.update(margin_mode="isolated", isolated_margin=p.isolated_margin)
        result.append(entry)
        prices.setdefault(p.base_asset, p.mark_price)
    return result


def portfolio_json(
    store: Store, names: list[str] | None = None, title: str = "Exchange accounts"
) -> dict[str, Any]:
    accounts = [a for a in list_accounts(store) if names is None or a.name in names]
    if names is not None and len(accounts) != len(set(names)):
        missing = sorted(set(names) - {a.name for a in accounts})
        raise EngineExportError(f"no account named {', '.join(missing)}")
    tables: dict[str, Any] = {}
    haircut_tables: dict[str, Any] = {}
    prices: dict[str, float] = {}
    exported: list[dict[str, Any]] = []
    held: set[str] = set()
    for account in accounts:
        holdings = load_holdings(store, account)
        collateral = _collateral(account, holdings, haircut_tables)
        positions = _positions(account, holdings, tables, prices)
        held |= {c["asset"] for c in collateral}
        if collateral or positions:
            entry: dict[str, Any] = {
                "name": account.name,
                "venue": account.venue,
                "collateral": collateral,
                "positions": positions,
            }
            if account.venue == "binance" and account.margin_mode is MarginMode.UNIFIED:
                entry["maintenance_factor"] = PORTFOLIO_MARGIN_THRESHOLD
            exported.append(entry)
    if not exported:
        raise EngineExportError("no account holds margin or positions to export")
    snapshots = latest_marks(store)
    for asset in sorted(held - set(prices)):
        if asset.upper() in USD_STABLECOINS:
            prices[asset] = 1.0
        elif asset in snapshots:
            prices[asset] = snapshots[asset]
        else:
            raise EngineExportError(
                f"no price for {asset}: take a market snapshot of it first "
                f"(coldsplit market snapshot --symbol {asset}/USDT:USDT)"
            )
    return {
        "name": title,
        "prices": prices,
        "tier_tables": tables,
        "haircut_tables": haircut_tables,
        "accounts": exported,
    }
