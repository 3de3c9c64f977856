"""Building a spend is one use case (app.usecases.spend) for `coldsplit wallet send` and the GUI.

The drift it removed: the GUI kept its own wallet file per cold account (the CLI never saw
its coins, nor it the CLI's syncs) and its coin selection ignored BIP329 labels marking a
coin not spendable. Here the GUI's service receives demo coins, the CLI lists the same
coins and labels one not spendable, and neither front-end's spend may pick it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli.main import run
from app.cold.accounts import add_account
from app.services.cold_wallet import ColdWalletError, ColdWalletService
from app.services.demo_coins import DEMO_COIN_SAT
from app.store import open_store
from tests.wallet.psbt_factory import account_for
from wallet.types import Network, ScriptType

PAY_TO = "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx"  # BIP173's testnet P2WPKH vector


def _cli(capsys: pytest.CaptureFixture[str], data_dir: Path, *args: str) -> tuple[int, str, str]:
    code = run(["--data-dir", str(data_dir), "--network", "testnet", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_both_front_ends_spend_from_one_wallet_file_and_leave_a_coin_labelled_not_spendable(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db_path = data_dir / "coldsplit.sqlite3"
    with open_store(db_path) as store:
        add_account(store, "vault", account_for(ScriptType.WPKH, Network.TESTNET))
    gui = ColdWalletService(db_path, Network.TESTNET, data_dir, demo=True)
    received = gui.receive_demo_coins("vault", 2)
    assert len(received.coins) == 2
    code, out, err = _cli(capsys, data_dir, "wallet", "utxos", "--json")
    assert code == 0, err
    assert sorted(row["outpoint"] for row in json.loads(out)) == sorted(c.outpoint for c in received.coins)

    frozen, free = received.coins
    labels = tmp_path / "labels.jsonl"
    labels.write_text(
        json.dumps({"type": "output", "ref": frozen.outpoint, "label": "keep", "spendable": False})
    )
    code, _, err = _cli(capsys, data_dir, "cold", "labels", "import", "vault", str(labels))
    assert code == 0, err

    both = DEMO_COIN_SAT + DEMO_COIN_SAT // 2  # needs both coins: only the frozen one would make it
    with pytest.raises(ColdWalletError):
        gui.send("vault", PAY_TO, both, 2.0)
    psbt_path = tmp_path / "both.psbt"
    code, _, err = _cli(
        capsys, data_dir, "wallet", "send", "--to", PAY_TO, "--amount", f"{both / 1e8:.8f}",
        "--fee-rate", "2", "-o", str(psbt_path),
    )  # fmt: skip
    assert code == 2 and not psbt_path.exists(), err

    document = gui.send("vault", PAY_TO, DEMO_COIN_SAT // 2, 2.0)
    inputs = [line.address for line in document.lines if line.side == "input"]
    assert inputs == [free.address]
