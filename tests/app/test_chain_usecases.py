"""Sync, finalize, broadcast and the portfolio file: one use case each, for the CLI and the GUI.

The GUI's services (app.services) and the `coldsplit` commands run against the same data dir
and a loopback Electrum server on a regtest chain; what one front-end did, the other sees.
Before these use cases the GUI's sync recorded no sync state (the CLI then said "never
synced"), its broadcast sent any transaction and left the wallet unaware of it, and its
portfolio file was written by its own code.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.advisor.report import holdings_json
from app.cli.context import CommandContext
from app.cli.gui_cmd import build_services
from app.holdings import compute_holdings, load_holdings
from app.holdings_store import stored_holdings_json
from app.services.chain import ChainBackendError, ChainUnreachable
from app.services.cold_wallet import ColdWalletService
from app.services.psbt_service import PsbtService
from app.services.trading import PORTFOLIO_FILE, TradingService
from app.settings import Settings, backend_from_url
from app.store import open_store
from app.usecases.chain import NotOurTransaction, check_signed
from app.usecases.psbt import finalize_psbt
from tests.app import test_wallet_cli
from tests.app.test_wallet_cli import ACCOUNT, NET, Cli
from tests.wallet.psbt_factory import account_for, external_address, software_sign
from tests.wallet.watch.electrum_server import ElectrumServer
from tests.wallet.watch.regtest_chain import RegtestChain
from wallet.psbt.model import load_psbt
from wallet.types import Network, ScriptType

# the CLI's wallet tests' fixtures: a regtest chain, its Electrum server, a data dir with "vault"
chain, server, cli = test_wallet_cli.chain, test_wallet_cli.server, test_wallet_cli.cli


def _gui_wallet(cli: Cli, server: ElectrumServer) -> ColdWalletService:
    db = cli.data_dir / "coldsplit.sqlite3"
    return ColdWalletService(db, Network.REGTEST, cli.data_dir, backend_from_url(server.url), demo=False)


def _gui_psbt(cli: Cli, server: ElectrumServer) -> PsbtService:
    db = cli.data_dir / "coldsplit.sqlite3"
    return PsbtService(db, Network.REGTEST, backend_from_url(server.url), demo=False, data_dir=cli.data_dir)


def test_a_gui_sync_is_recorded_as_the_cli_records_it(cli: Cli, server: ElectrumServer) -> None:
    view = _gui_wallet(cli, server).sync("vault")
    assert view.spendable_sat == 500_000
    state = json.loads(cli.ok("wallet", "balance", "--json"))["sync"]
    assert state["state"] == "synced" and state["tip_height"] == 4  # was "never synced"
    cli.ok("wallet", "backend", "--electrum", server.url)
    assert "sync done, 0 new transactions" in cli.ok("wallet", "sync")  # incremental: the full scan was done
    server.stop()
    with pytest.raises(ChainUnreachable):
        _gui_wallet(cli, server).sync("vault")
    state = json.loads(cli.ok("wallet", "balance", "--json"))["sync"]
    assert state["state"] == "unreachable"  # the GUI's failure is recorded too


def test_gui_finalize_and_broadcast_are_the_cli_ones(
    cli: Cli, server: ElectrumServer, chain: RegtestChain
) -> None:
    gui = _gui_wallet(cli, server)
    gui.sync("vault")
    document = gui.send("vault", external_address(NET), 150_000, 5.0)
    signed = software_sign(load_psbt(document.base64), ACCOUNT)
    final = _gui_psbt(cli, server).finalize(signed.to_base64())
    unsigned_file, final_file = cli.data_dir / "signed.psbt", cli.data_dir / "final.hex"
    unsigned_file.write_text(signed.to_base64())
    cli.ok("psbt", "finalize", str(unsigned_file), "--extract", "-o", str(final_file))
    assert final_file.read_text().strip() == final.raw_hex == finalize_psbt(signed).raw.hex()
    txid = _gui_psbt(cli, server).broadcast(final.raw_hex)
    assert txid == final.document.txid and txid in [tx.txid_hex for tx in chain.mempool]
    balance = json.loads(cli.ok("wallet", "balance", "--json"))  # the wallet knows the spend already
    assert balance["total_sat"] < 500_000 - 150_000 and balance["pending_sat"] > 0


def test_a_transaction_of_another_wallet_is_refused_by_both(
    cli: Cli, server: ElectrumServer, chain: RegtestChain, tmp_path: Path
) -> None:
    gui = _gui_wallet(cli, server)
    gui.sync("vault")
    document = gui.send("vault", external_address(NET), 150_000, 5.0)
    raw = finalize_psbt(software_sign(load_psbt(document.base64), ACCOUNT)).raw
    other = Cli(tmp_path / "other", cli.capsys)
    other.data_dir.mkdir()
    other.ok(
        "cold", "import", "other", "--descriptor", account_for(ScriptType.TR, NET).multipath_descriptor()
    )
    other.ok("wallet", "backend", "--electrum", server.url)
    tx_file = tmp_path / "tx.hex"
    tx_file.write_text(raw.hex())
    code, _, err = other("wallet", "broadcast", str(tx_file))
    assert code == 2 and "spends no coin of a cold account on regtest" in err
    with pytest.raises(NotOurTransaction, match="spends no coin of a cold account"):
        _gui_psbt(other, server).broadcast(raw.hex())
    assert chain.mempool == []
    with pytest.raises(NotOurTransaction, match="not signed"):
        check_signed(load_psbt(document.base64).unsigned_tx().serialize())


def test_the_gui_holdings_file_is_what_the_cli_reads_as_stored(cli: Cli, tmp_path: Path) -> None:
    """The GUI's file is the document `holdings --portfolio stored` reads (the same use case,
    app.usecases.holdings); its engine part is what `accounts export-portfolio` writes."""
    csv = tmp_path / "okx.csv"
    csv.write_text("kind,asset,amount,wallet\nbalance,USDT,1000,margin\nbalance,BTC,0.01,spot\n")
    db = cli.data_dir / "coldsplit.sqlite3"
    trading = TradingService(db, network=NET)
    with open_store(db) as store, store.transaction() as tx:
        tx.execute(
            "INSERT INTO market_snapshots (venue, symbol, fetched_at, source, mark_price) "
            "VALUES ('okx', 'BTC/USDT:USDT', '2026-01-01T00:00:00+00:00', 'live', 90000)"
        )
    written = trading.import_csv(csv, "OKX", "okx")
    assert written == cli.data_dir / PORTFOLIO_FILE
    with open_store(db) as store:
        assert json.loads(written.read_text()) == stored_holdings_json(store, cli.data_dir, NET.value)
    split = json.loads(cli.ok("holdings", "--portfolio", "stored", "--json"))
    assert holdings_json(compute_holdings(load_holdings(written))) == {
        k: v for k, v in split.items() if k not in {"unpriced", "notes", "explain"}
    }
    assert split["total_usd"] == 1_000 + 900
    exported = tmp_path / "export.json"
    assert "wrote OKX to" in cli.ok("accounts", "export-portfolio", str(exported))
    engine = json.loads(exported.read_text())
    gui = json.loads(written.read_text())
    assert [gui[k] for k in ("accounts", "tier_tables", "haircut_tables")] == [
        engine[k] for k in ("accounts", "tier_tables", "haircut_tables")
    ]
    assert written.stat().st_mode & 0o777 == exported.stat().st_mode & 0o777 == 0o600


def test_a_backend_set_while_the_window_is_open_is_used_at_once(cli: Cli, server: ElectrumServer) -> None:
    """The GUI's services as `coldsplit gui` builds them, started with no backend; the backend
    is then set by the CLI (the Settings page saves through the same use case)."""
    ctx = CommandContext(
        cli.data_dir, cli.data_dir, Settings(network=Network.REGTEST), Network.REGTEST, False
    )
    services = build_services(ctx, demo=False)
    assert services.cold_wallet is not None
    with pytest.raises(ChainBackendError, match="no chain backend is set"):
        services.cold_wallet.sync("vault")
    cli.ok("wallet", "backend", "--electrum", server.url)
    assert services.cold_wallet.sync("vault").spendable_sat == 500_000
