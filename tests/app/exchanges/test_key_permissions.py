"""Each venue is asked what the key may do; a key that can trade or withdraw gets a plain warning."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

import pytest

from app.exchanges.accounts import add_api_account, key_warning
from app.exchanges.client import ClientOptions
from app.secrets import ApiCredentials, SecretStore
from app.store import Store
from tests.app.exchanges import fake_binance, fake_bybit, fake_okx
from tests.app.exchanges.fake_hyperliquid import WALLET
from tests.app.exchanges.loopback import LoopbackVenue, serve

VENUES = [
    ("binance", fake_binance, fake_binance.binance_venue, "/sapi/v1/account/apiRestrictions"),
    ("bybit", fake_bybit, fake_bybit.bybit_venue, "/v5/user/query-api"),
    ("okx", fake_okx, fake_okx.okx_venue, "/api/v5/account/config"),
]


def _add(store: Store, secrets: SecretStore, name: str, module: ModuleType) -> None:
    credentials = ApiCredentials(module.API_KEY, module.SECRET, getattr(module, "PASSPHRASE", ""))
    add_api_account(store, secrets, name=name, venue_name=name, credentials=credentials)


@pytest.mark.parametrize(("name", "module", "fake", "path"), VENUES)
def test_read_only_key_passes_and_trading_key_is_warned_about(
    store: Store,
    secrets: SecretStore,
    name: str,
    module: ModuleType,
    fake: Callable[..., LoopbackVenue],
    path: str,
) -> None:
    _add(store, secrets, name, module)
    with serve(fake()) as venue:
        assert key_warning(store, secrets, name, ClientOptions(venue.base_url, 5000, throttle=False)) is None
    assert path in venue.paths()
    with serve(fake(trading_key=True)) as venue:
        warning = key_warning(store, secrets, name, ClientOptions(venue.base_url, 5000, throttle=False))
    assert warning is not None and "trade" in warning and "read-only key" in warning
    assert module.SECRET not in warning


def test_a_wallet_address_account_has_no_key_to_check(store: Store, secrets: SecretStore) -> None:
    add_api_account(store, secrets, name="hl", venue_name="hyperliquid", wallet_address=WALLET)
    assert key_warning(store, secrets, "hl") is None
