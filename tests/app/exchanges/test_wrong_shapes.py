"""Valid JSON in the wrong shape is refused: ccxt would read it as an empty account."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

import pytest

from app.exchanges.accounts import add_api_account, refresh_account
from app.exchanges.client import ClientOptions
from app.exchanges.errors import VenueBadResponse
from app.exchanges.repository import get_account, load_holdings
from app.secrets import ApiCredentials, SecretStore
from app.store import Store
from tests.app.exchanges import fake_binance, fake_bybit, fake_hyperliquid, fake_okx
from tests.app.exchanges.loopback import LoopbackVenue, serve


@pytest.mark.parametrize(
    ("name", "module", "fake", "path", "body", "contains"),
    [
        ("binance", fake_binance, fake_binance.binance_venue, "/api/v3/account", '{"unexpected": true}', ""),
        (
            "binance",
            fake_binance,
            fake_binance.binance_venue,
            "/fapi/v3/positionRisk",
            '{"unexpected": true}',
            "",
        ),
        ("binance", fake_binance, fake_binance.binance_venue, "/fapi/v1/leverageBracket", "[]", ""),
        (
            "bybit",
            fake_bybit,
            fake_bybit.bybit_venue,
            "/v5/account/wallet-balance",
            '{"retCode":0,"result":{}}',
            "",
        ),
        ("bybit", fake_bybit, fake_bybit.bybit_venue, "/v5/position/list", '{"retCode":0,"result":{}}', ""),
        (
            "okx",
            fake_okx,
            fake_okx.okx_venue,
            "/api/v5/account/balance",
            '{"code":"0","msg":"","data":[]}',
            "",
        ),
        ("okx", fake_okx, fake_okx.okx_venue, "/api/v5/account/positions", '{"code":"0","msg":""}', ""),
        (
            "hyperliquid",
            fake_hyperliquid,
            fake_hyperliquid.hyperliquid_venue,
            "/info",
            "{}",
            '"clearinghouseState"',
        ),
        (
            "hyperliquid",
            fake_hyperliquid,
            fake_hyperliquid.hyperliquid_venue,
            "/info",
            "{}",
            '"spotClearinghouseState"',
        ),
    ],
)
def test_wrong_shape_is_a_bad_answer_and_nothing_changes(
    store: Store,
    secrets: SecretStore,
    name: str,
    module: ModuleType,
    fake: Callable[[], LoopbackVenue],
    path: str,
    body: str,
    contains: str,
) -> None:
    if name == "hyperliquid":
        add_api_account(store, secrets, name=name, venue_name=name, wallet_address=module.WALLET)
    else:
        credentials = ApiCredentials(module.API_KEY, module.SECRET, getattr(module, "PASSPHRASE", ""))
        add_api_account(store, secrets, name=name, venue_name=name, credentials=credentials)
    with serve(fake()) as venue:
        options = ClientOptions(venue.base_url, 5000, throttle=False)
        before = refresh_account(store, secrets, name, options)
        venue.fail_with(path, 200, body, body_contains=contains)
        with pytest.raises(VenueBadResponse) as caught:
            refresh_account(store, secrets, name, options)
    assert "\n" not in str(caught.value)
    assert load_holdings(store, get_account(store, name)) == before
