"""Hyperliquid through the real ccxt client against a loopback info endpoint."""

from __future__ import annotations

import pytest

from app.exchanges.accounts import MissingCredentialsError, add_api_account, refresh_account
from app.exchanges.client import ClientOptions
from app.exchanges.errors import VenueBadResponse, VenueError
from app.exchanges.hyperliquid import hyperliquid_tiers
from app.exchanges.models import Balance, MarginMode, MarginTier, Side
from app.exchanges.repository import get_account, load_holdings
from app.secrets import SecretStore
from app.store import Store
from tests.app.exchanges.fake_hyperliquid import WALLET, hyperliquid_venue
from tests.app.exchanges.faults import assert_refresh_fails_cleanly, fault_cases
from tests.app.exchanges.loopback import serve


def _add(store: Store, secrets: SecretStore, wallet: str = WALLET) -> None:
    add_api_account(store, secrets, name="hl", venue_name="hyperliquid", wallet_address=wallet)


def test_import_by_wallet_address_yields_the_normalised_account(store: Store, secrets: SecretStore) -> None:
    _add(store, secrets)
    account = get_account(store, "hl")
    assert account.secret_ref is None and account.wallet_address == WALLET
    with serve(hyperliquid_venue()) as venue:
        holdings = refresh_account(store, secrets, "hl", ClientOptions(venue.base_url, 5000, throttle=False))
    assert holdings.balances == (
        Balance("HYPE", 300.0, "spot"),
        Balance("USDC", 150.5, "spot"),
        Balance("USDC", 24500.0, "perp"),  # account value 25,000 minus unrealised PnL (+1,000 − 500)
    )
    btc, eth = holdings.positions
    assert (btc.symbol, btc.side, btc.size, btc.entry_price) == ("BTC/USDC:USDC", Side.LONG, 0.2, 95000.0)
    assert btc.mark_price == pytest.approx(100000.0)  # position value / size
    assert (btc.leverage, btc.margin_mode, btc.venue_liquidation_price) == (10.0, MarginMode.CROSS, 52000.5)
    # marginUsed 1,000 includes −500 of PnL
    assert (eth.side, eth.size, eth.margin_mode, eth.isolated_margin) == (
        Side.SHORT,
        4.0,
        MarginMode.ISOLATED,
        1500.0,
    )
    # The meta's margin tables, mmr = 1 / (2 · max leverage) per tier
    assert holdings.margin_tiers == {
        "BTC/USDC:USDC": (MarginTier(0.0, 0.0125, 40.0), MarginTier(150e6, 0.025, 20.0)),
        "ETH/USDC:USDC": (MarginTier(0.0, 0.02, 25.0), MarginTier(100e6, 1 / 30, 15.0)),
    }
    assert load_holdings(store, get_account(store, "hl")) == holdings
    user_requests = [r.json() for r in venue.requests if b'"user"' in r.body]
    assert user_requests and all(body["user"] == WALLET for body in user_requests)


def test_a_wallet_address_is_required_and_checked(store: Store, secrets: SecretStore) -> None:
    with pytest.raises(MissingCredentialsError, match="wallet address"):
        _add(store, secrets, wallet="not-an-address")


@pytest.mark.parametrize(
    ("status", "body", "hang", "error", "words"),
    [
        (
            422,
            '{"error": "Failed to deserialize the JSON body into the target type"}',
            0.0,
            VenueError,
            "refused",
        ),
        *fault_cases("", "null")[1:],
    ],
)
def test_failures_are_one_line_and_leave_the_previous_holdings(
    store: Store,
    secrets: SecretStore,
    status: int,
    body: str,
    hang: float,
    error: type[VenueError],
    words: str,
) -> None:
    _add(store, secrets)
    with serve(hyperliquid_venue()) as venue:
        assert_refresh_fails_cleanly(
            store,
            "hl",
            venue,
            lambda timeout: refresh_account(
                store, secrets, "hl", ClientOptions(venue.base_url, int(timeout * 1000), throttle=False)
            ),
            lambda: venue.fail_with("/info", status, body, hang, body_contains='"clearinghouseState"'),
            error,
            words,
            (),
            hang=hang,
        )


def test_a_market_without_a_listed_table_is_flat_at_its_max_leverage() -> None:
    market = {"symbol": "SOL/USDC:USDC", "info": {"marginTableId": 20}, "limits": {"leverage": {"max": 20}}}
    assert hyperliquid_tiers(market, {}, "Hyperliquid") == (MarginTier(0.0, 0.025, 20.0),)
    with pytest.raises(VenueBadResponse, match="impossible margin tier"):
        hyperliquid_tiers({**market, "limits": {"leverage": {"max": 0}}}, {}, "Hyperliquid")
