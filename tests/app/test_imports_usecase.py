"""Refreshing exchange accounts is one use case (app.usecases.imports) for `coldsplit accounts
refresh` and the GUI's Trading page.

The drift it removed: the GUI stopped at the first account whose venue refused, so the
accounts after it were never read; the CLI read them and reported the failure. Now both read
every account, name the failures, and the GUI's bus hears which accounts were refreshed.
Real ccxt against the Binance loopback server; keys in the real keyring.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli.main import run
from app.errors import UserError
from app.events import EventBus, HoldingsRefreshed
from app.exchanges.client import ClientOptions
from app.exchanges.repository import get_account, load_holdings
from app.secrets import SecretStore
from app.services.ports import NewAccount
from app.services.trading import TradingService
from app.store import open_store
from tests.app.exchanges.fake_binance import API_KEY, SECRET, binance_venue
from tests.app.exchanges.loopback import LoopbackVenue, serve

BAD, GOOD = "a-refused-key", "b-good-key"  # listed in this order: the refused one comes first


@pytest.fixture
def venue() -> Iterator[LoopbackVenue]:
    with serve(binance_venue()) as served:
        yield served
    for name in (BAD, GOOD):
        SecretStore().delete(SecretStore.ref_for("binance", name))


def test_a_refused_account_does_not_stop_the_others_in_the_gui_as_in_the_cli(
    venue: LoopbackVenue, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db_path = data_dir / "coldsplit.sqlite3"
    bus = EventBus()
    heard: list[HoldingsRefreshed] = []
    bus.subscribe(HoldingsRefreshed, heard.append)
    gui = TradingService(db_path, options=ClientOptions(venue.base_url, 10_000), events=bus)
    gui.add_account(NewAccount("binance", BAD, api_key="not-a-key-the-venue-knows", secret="wrong"))
    gui.add_account(NewAccount("binance", GOOD, api_key=API_KEY, secret=SECRET))

    with pytest.raises(UserError, match=f"not refreshed: {BAD}: "):
        gui.refresh()
    with open_store(db_path) as store:
        assert load_holdings(store, get_account(store, GOOD)).balances  # read after the refusal
    assert heard == [HoldingsRefreshed((GOOD,))]

    code = run(["--data-dir", str(data_dir), "accounts", "refresh", "--api-base-url", venue.base_url])
    out, err = capsys.readouterr()
    assert code == 2
    assert f"{BAD}: not refreshed: " in err and out.startswith(f"{GOOD}: ")
    assert len(heard) == 1  # the CLI's run told the GUI's bus nothing
