"""Binance spot + USDⓈ-M through the real ccxt client against a loopback Binance."""

from __future__ import annotations

import pytest

from app.exchanges.accounts import add_api_account, refresh_account
from app.exchanges.client import ClientOptions
from app.exchanges.errors import VenueAuthError, VenueError
from app.exchanges.models import Balance, Loan, MarginMode, MarginTier, Side
from app.exchanges.repository import AccountError, get_account, load_holdings
from app.secrets import ApiCredentials, SecretStore
from app.store import Store
from tests.app.exchanges.fake_binance import API_KEY, SECRET, binance_venue
from tests.app.exchanges.faults import assert_refresh_fails_cleanly, fault_cases
from tests.app.exchanges.loopback import serve


def _add(store: Store, secrets: SecretStore, secret: str = SECRET) -> None:
    add_api_account(
        store, secrets, name="main", venue_name="binance", credentials=ApiCredentials(API_KEY, secret)
    )


def test_import_yields_the_normalised_account(store: Store, secrets: SecretStore) -> None:
    _add(store, secrets)
    with serve(binance_venue()) as venue:
        holdings = refresh_account(
            store, secrets, "main", ClientOptions(venue.base_url, 5000, throttle=False)
        )
    assert holdings.balances == (
        Balance("BTC", 0.75, "spot"),
        Balance("USDC", 1500.0, "spot"),
        Balance("USDT", 10000.0, "futures"),  # wallet balance, unrealised PnL excluded
    )
    btc, eth = holdings.positions
    assert (btc.symbol, btc.base_asset, btc.side, btc.size) == ("BTC/USDT:USDT", "BTC", Side.LONG, 0.2)
    assert (btc.entry_price, btc.mark_price, btc.margin_mode) == (102500.0, 100000.0, MarginMode.CROSS)
    assert btc.leverage == pytest.approx(10.0)
    assert btc.venue_liquidation_price == pytest.approx(52710.84337349)
    # isolatedMargin 800 includes −300 of PnL; the engine wants the isolated wallet, 1,100
    assert (eth.side, eth.size, eth.margin_mode, eth.isolated_margin) == (
        Side.SHORT,
        3.0,
        MarginMode.ISOLATED,
        1100.0,
    )
    assert holdings.margin_tiers["BTC/USDT:USDT"] == (
        MarginTier(0.0, 0.004, 125.0),
        MarginTier(300000.0, 0.005, 100.0),
        MarginTier(800000.0, 0.01, 50.0),
    )
    assert load_holdings(store, get_account(store, "main")) == holdings
    assert get_account(store, "main").refreshed_at is not None


def test_portfolio_margin_account_reads_the_papi_endpoints(store: Store, secrets: SecretStore) -> None:
    add_api_account(
        store,
        secrets,
        name="pm",
        venue_name="binance",
        margin_mode=MarginMode.UNIFIED,
        credentials=ApiCredentials(API_KEY, SECRET),
    )
    with serve(binance_venue()) as venue:
        holdings = refresh_account(store, secrets, "pm", ClientOptions(venue.base_url, 5000, throttle=False))
    assert {"/papi/v1/balance", "/papi/v1/um/positionRisk", "/papi/v1/um/leverageBracket"} <= set(
        venue.paths()
    )
    assert "/fapi/v3/account" not in venue.paths()
    portfolio = [b for b in holdings.balances if b.wallet == "portfolio"]
    assert portfolio == [Balance("BNB", 20.0, "portfolio"), Balance("USDT", 30000.0, "portfolio")]
    assert holdings.loans == (Loan("USDC", 2001.5, "portfolio"),)  # borrowed + interest
    (btc,) = holdings.positions
    assert (btc.symbol, btc.size, btc.leverage, btc.venue_liquidation_price) == (
        "BTC/USDT:USDT",
        0.5,
        20.0,
        None,
    )
    assert len(holdings.margin_tiers["BTC/USDT:USDT"]) == 3


def test_signed_requests_carry_key_header_and_valid_signature(store: Store, secrets: SecretStore) -> None:
    _add(store, secrets)
    with serve(binance_venue()) as venue:
        refresh_account(store, secrets, "main", ClientOptions(venue.base_url, 5000, throttle=False))
    signed = [
        r
        for r in venue.requests
        if r.path in ("/api/v3/account", "/fapi/v3/account", "/fapi/v3/positionRisk")
    ]
    assert len(signed) == 3
    for request in signed:
        assert request.headers["x-mbx-apikey"] == API_KEY
        assert "signature" in request.query and "timestamp" in request.query
    public = [r for r in venue.requests if r.path.endswith("exchangeInfo")]
    assert public and all("x-mbx-apikey" not in r.headers for r in public)


def test_wrong_secret_is_refused_by_the_signature_check(store: Store, secrets: SecretStore) -> None:
    _add(store, secrets, secret="not-the-secret")
    with serve(binance_venue()) as venue, pytest.raises(VenueAuthError) as caught:
        refresh_account(store, secrets, "main", ClientOptions(venue.base_url, 5000, throttle=False))
    assert "refused the API key" in str(caught.value)
    assert "not-the-secret" not in str(caught.value)


@pytest.mark.parametrize(
    ("status", "body", "hang", "error", "words"),
    fault_cases(
        '{"code":-2014,"msg":"API-key format invalid."}',
        '{"code":-1003,"msg":"Too many requests; current limit is 2400 requests per minute."}',
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
    with serve(binance_venue()) as venue:
        assert_refresh_fails_cleanly(
            store,
            "main",
            venue,
            lambda timeout: refresh_account(
                store, secrets, "main", ClientOptions(venue.base_url, int(timeout * 1000), throttle=False)
            ),
            # The last read of a refresh: every earlier read has succeeded by then.
            lambda: venue.fail_with("/fapi/v3/positionRisk", status, body, hang),
            error,
            words,
            (SECRET, API_KEY, "signature="),
            hang=hang,
        )


def test_adding_a_duplicate_name_keeps_the_existing_accounts_key(store: Store, secrets: SecretStore) -> None:
    _add(store, secrets)
    with pytest.raises(AccountError, match="already exists"):
        _add(store, secrets, secret="another-secret-0002")
    account = get_account(store, "main")
    assert account.secret_ref is not None
    assert secrets.read(account.secret_ref) == ApiCredentials(API_KEY, SECRET)
