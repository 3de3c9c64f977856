"""OKX through the real ccxt client against a loopback OKX v5 (key, secret and passphrase)."""

from __future__ import annotations

import pytest

from app.exchanges.accounts import MissingCredentialsError, add_api_account, refresh_account
from app.exchanges.client import ClientOptions
from app.exchanges.errors import VenueAuthError, VenueError
from app.exchanges.models import Balance, Loan, MarginMode, MarginTier, Side
from app.exchanges.repository import get_account, load_holdings
from app.secrets import ApiCredentials, SecretStore
from app.store import Store
from tests.app.exchanges.fake_okx import API_KEY, PASSPHRASE, SECRET, okx_venue
from tests.app.exchanges.faults import assert_refresh_fails_cleanly, fault_cases
from tests.app.exchanges.loopback import serve


def _add(store: Store, secrets: SecretStore, passphrase: str = PASSPHRASE) -> None:
    credentials = ApiCredentials(API_KEY, SECRET, passphrase)
    add_api_account(store, secrets, name="okx", venue_name="okx", credentials=credentials)


def test_import_yields_the_normalised_account(store: Store, secrets: SecretStore) -> None:
    _add(store, secrets)
    with serve(okx_venue()) as venue:
        holdings = refresh_account(store, secrets, "okx", ClientOptions(venue.base_url, 5000, throttle=False))
    assert holdings.balances == (Balance("ETH", 3.5, "trading"), Balance("USDT", 30000.0, "trading"))
    assert holdings.loans == (Loan("USDC", 1200.0, "trading"),)
    (btc,) = holdings.positions
    # -10 contracts of 0.01 BTC each
    assert (btc.symbol, btc.side, btc.size, btc.entry_price) == (
        "BTC/USDT:USDT",
        Side.SHORT,
        pytest.approx(0.1),
        98000.0,
    )
    assert (btc.margin_mode, btc.isolated_margin, btc.leverage) == (MarginMode.ISOLATED, 2000.0, 5.0)
    assert btc.venue_liquidation_price == 121500.5
    # Tiers in contracts, turned into USD at the mark: 10,001 contracts × 0.01 BTC × $100,000
    assert holdings.margin_tiers["BTC/USDT:USDT"] == (
        MarginTier(0.0, 0.004, 100.0),
        MarginTier(10_001_000.0, 0.006, 75.0),
    )
    assert load_holdings(store, get_account(store, "okx")) == holdings
    private = [r for r in venue.requests if r.path.startswith("/api/v5/account/")]
    assert len(private) == 2
    for request in private:
        assert request.headers["ok-access-key"] == API_KEY
        assert request.headers["ok-access-passphrase"] == PASSPHRASE
        assert request.headers["ok-access-sign"] and request.headers["ok-access-timestamp"]


def test_a_passphrase_is_required(store: Store, secrets: SecretStore) -> None:
    with pytest.raises(MissingCredentialsError, match="passphrase"):
        _add(store, secrets, passphrase="")


def test_wrong_passphrase_is_refused(store: Store, secrets: SecretStore) -> None:
    _add(store, secrets, passphrase="not-it")
    with serve(okx_venue()) as venue, pytest.raises(VenueAuthError):
        refresh_account(store, secrets, "okx", ClientOptions(venue.base_url, 5000, throttle=False))


@pytest.mark.parametrize(
    ("status", "body", "hang", "error", "words"),
    fault_cases(
        '{"code":"50113","msg":"Invalid Sign","data":[]}',
        '{"code":"50011","msg":"Too Many Requests","data":[]}',
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
    with serve(okx_venue()) as venue:
        assert_refresh_fails_cleanly(
            store,
            "okx",
            venue,
            lambda timeout: refresh_account(
                store, secrets, "okx", ClientOptions(venue.base_url, int(timeout * 1000), throttle=False)
            ),
            lambda: venue.fail_with("/api/v5/public/position-tiers", status, body, hang),
            error,
            words,
            (SECRET, API_KEY, PASSPHRASE),
            hang=hang,
        )
