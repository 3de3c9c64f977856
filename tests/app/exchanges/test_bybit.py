"""Bybit unified account through the real ccxt client against a loopback Bybit v5."""

from __future__ import annotations

import pytest

from app.exchanges.accounts import add_api_account, refresh_account
from app.exchanges.client import ClientOptions
from app.exchanges.errors import VenueAuthError, VenueError
from app.exchanges.models import Balance, HaircutTier, Loan, MarginMode, MarginTier, Side
from app.exchanges.repository import get_account, load_holdings
from app.secrets import ApiCredentials, SecretStore
from app.store import Store
from tests.app.exchanges.fake_bybit import API_KEY, SECRET, bybit_venue
from tests.app.exchanges.faults import assert_refresh_fails_cleanly, fault_cases
from tests.app.exchanges.loopback import serve

PRIVATE = ("/v5/account/wallet-balance", "/v5/position/list", "/v5/account/info", "/v5/user/query-api")


def _add(store: Store, secrets: SecretStore, secret: str = SECRET) -> None:
    add_api_account(
        store, secrets, name="uta", venue_name="bybit", credentials=ApiCredentials(API_KEY, secret)
    )


def test_import_yields_the_normalised_unified_account(store: Store, secrets: SecretStore) -> None:
    _add(store, secrets)
    assert get_account(store, "uta").margin_mode is MarginMode.UNIFIED
    with serve(bybit_venue()) as venue:
        holdings = refresh_account(store, secrets, "uta", ClientOptions(venue.base_url, 5000, throttle=False))
    # BTC: 0.95 up to 1,000 coins, 0.8 above; in USD at the wallet's $100,000 per BTC
    btc_haircuts = (HaircutTier(0.0, 0.95), HaircutTier(100_000_000.0, 0.8))
    assert holdings.balances == (
        Balance("BTC", 0.1, "unified", btc_haircuts),
        Balance("USDT", 20000.0, "unified", (HaircutTier(0.0, 1.0),)),
    )
    assert holdings.loans == (Loan("USDC", 500.0, "unified"),)
    (btc,) = holdings.positions
    assert (btc.symbol, btc.side, btc.size, btc.entry_price, btc.mark_price) == (
        "BTC/USDT:USDT",
        Side.LONG,
        0.15,
        99000.0,
        100000.0,
    )
    assert (btc.leverage, btc.venue_liquidation_price) == (10.0, 61234.5)
    assert holdings.margin_tiers["BTC/USDT:USDT"] == (
        MarginTier(0.0, 0.005, 100.0),
        MarginTier(2000000.0, 0.0056, 86.2),
    )
    assert load_holdings(store, get_account(store, "uta")) == holdings
    signed = [r for r in venue.requests if r.path in PRIVATE]
    assert len(signed) == 5
    settles = [r.query.get("settleCoin") for r in venue.requests if r.path == "/v5/position/list"]
    assert settles == ["USDT", "USDC"]
    for request in signed:
        assert request.headers["x-bapi-api-key"] == API_KEY
        assert request.headers["x-bapi-sign"] and request.headers["x-bapi-timestamp"]


def test_wrong_secret_fails_the_signature_check(store: Store, secrets: SecretStore) -> None:
    _add(store, secrets, secret="wrong-secret-value")
    with serve(bybit_venue()) as venue, pytest.raises(VenueAuthError):
        refresh_account(store, secrets, "uta", ClientOptions(venue.base_url, 5000, throttle=False))


@pytest.mark.parametrize(
    ("status", "body", "hang", "error", "words"),
    fault_cases(
        '{"retCode":10003,"retMsg":"API key is invalid.","result":{},"retExtInfo":{},"time":1764000000000}',
        '{"retCode":10006,"retMsg":"Too many visits!","result":{},"retExtInfo":{},"time":1764000000000}',
    ),
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
    with serve(bybit_venue()) as venue:
        assert_refresh_fails_cleanly(
            store,
            "uta",
            venue,
            lambda timeout: refresh_account(
                store, secrets, "uta", ClientOptions(venue.base_url, int(timeout * 1000), throttle=False)
            ),
            lambda: venue.fail_with("/v5/market/risk-limit", status, body, hang),
            error,
            words,
            (SECRET, API_KEY),
            hang=hang,
        )
