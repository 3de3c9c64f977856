"""`coldsplit wallet` end to end against a loopback Electrum server serving a regtest chain.

Import a cold account, set the backend, sync (full scan, then incremental), read
balance/coins/history with labels, build a spend, sign it (bdk's software signer
stands in for the device here; device signing is covered in tests/wallet/watch),
broadcast it, bump its fee, follow an expected deposit to "confirmed", and see the
sync state turn to "backend unreachable" when the server goes away.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.cli.main import run
from app.cli.wallet_cmd import WalletCommandError, btc, parse_btc
from app.cold.accounts import record_verified_address
from app.store import open_store
from tests.wallet.psbt_factory import account_for, external_address, software_sign
from tests.wallet.watch.electrum_server import ElectrumServer
from tests.wallet.watch.regtest_chain import RegtestChain
from wallet.addresses import derive_address, script_pubkey_of
from wallet.psbt.model import load_psbt
from wallet.psbt.operations import extract, finalize
from wallet.types import Network, ScriptType
from wallet.verify_address import ConfirmedAddress

NET = Network.REGTEST
ACCOUNT = account_for(ScriptType.WPKH, NET)


def receive_script(index: int) -> bytes:
    return script_pubkey_of(derive_address(ACCOUNT, False, index).address, NET)


@dataclass
class Cli:
    data_dir: Path
    capsys: pytest.CaptureFixture[str]

    def __call__(self, *args: str) -> tuple[int, str, str]:
        code = run(["--data-dir", str(self.data_dir), "--network", "regtest", *args])
        captured = self.capsys.readouterr()
        return code, captured.out, captured.err

    def ok(self, *args: str) -> str:
        code, out, err = self(*args)
        assert code == 0, err
        return out


@pytest.fixture
def chain() -> RegtestChain:
    chain = RegtestChain()
    chain.fund(receive_script(0), 200_000)
    chain.fund(receive_script(2), 300_000)
    return chain


@pytest.fixture
def server(chain: RegtestChain) -> Iterator[ElectrumServer]:
    server = ElectrumServer(chain).start()
    yield server
    server.stop()


@pytest.fixture
def cli(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    cli = Cli(data_dir, capsys)
    cli.ok("cold", "import", "vault", "--descriptor", ACCOUNT.multipath_descriptor())
    return cli


def test_sync_balance_utxos_history_and_sync_state(
    cli: Cli, server: ElectrumServer, chain: RegtestChain
) -> None:
    assert "never synced" in cli.ok("wallet", "balance")
    code, _, err = cli("wallet", "sync")
    assert code == 2 and "no chain backend set for regtest" in err and len(err.strip().splitlines()) == 1
    cli.ok("wallet", "backend", "--electrum", server.url, "--timeout", "2")
    assert f"electrum {server.url}" in cli.ok("wallet", "backend")
    assert "full scan done, 2 new transactions" in cli.ok("wallet", "sync")
    balance = json.loads(cli.ok("wallet", "balance", "--json"))
    assert (balance["confirmed_sat"], balance["pending_sat"]) == (500_000, 0)
    assert balance["sync"]["state"] == "synced" and balance["sync"]["tip_height"] == 4
    funding = chain.blocks[4].transactions[1]
    labels = cli.data_dir / "labels.jsonl"
    records = [
        {"type": "tx", "ref": funding.txid_hex, "label": "from exchange"},
        {"type": "output", "ref": f"{funding.txid_hex}:0", "label": "the big one"},
    ]
    labels.write_text("".join(json.dumps(r) + "\n" for r in records))
    cli.ok("cold", "labels", "import", "vault", str(labels))
    history = json.loads(cli.ok("wallet", "history", "--json"))
    assert {(h["txid"], h["label"]) for h in history if h["label"]} == {(funding.txid_hex, "from exchange")}
    assert f"{funding.txid_hex}\t+300000 sat\theight 4\tfrom exchange" in cli.ok("wallet", "history")
    utxos = json.loads(cli.ok("wallet", "utxos", "--json"))
    assert sorted(u["amount_sat"] for u in utxos) == [200_000, 300_000]
    assert f"{funding.txid_hex}:0\t0.00300000\t" in cli.ok("wallet", "utxos")
    assert "the big one" in cli.ok("wallet", "utxos")
    chain.fund(receive_script(1), 50_000, confirm=False)
    assert "sync done, 1 new transactions" in cli.ok("wallet", "sync")  # incremental now
    assert "pending    0.00050000 BTC" in cli.ok("wallet", "balance")
    server.stop()
    code, _, err = cli("wallet", "sync")
    assert code == 4 and "backend unreachable" in err
    state = json.loads(cli.ok("wallet", "balance", "--json"))["sync"]
    assert state["state"] == "unreachable" and "last synced at" in state["description"]


def test_send_sign_broadcast_and_bump(cli: Cli, server: ElectrumServer, chain: RegtestChain) -> None:
    cli.ok("wallet", "backend", "--electrum", server.url)
    cli.ok("wallet", "sync")
    out_path = cli.data_dir / "spend.psbt"
    to = external_address(NET)
    utxo = json.loads(cli.ok("wallet", "utxos", "--json"))[0]["outpoint"]
    written = cli.ok("wallet", "send", "--to", to, "--amount", "0.0015", "--utxo", utxo, "-o", str(out_path))
    assert "replaceable (RBF)" in written  # the fee rate came from the server's estimate (12 sat/vB)
    psbt = load_psbt(out_path.read_bytes())
    assert [i.outpoint for i in psbt.unsigned_tx().inputs] == [utxo]
    review = json.loads(cli.ok("psbt", "review", str(out_path), "--json"))
    assert "change" in json.dumps(review)
    raw = extract(finalize(software_sign(psbt, ACCOUNT)))
    signed = cli.data_dir / "signed.hex"
    signed.write_text(raw.hex() + "\n")
    txid = psbt.unsigned_tx().txid_hex
    assert f"broadcast {txid}" in cli.ok("wallet", "broadcast", str(signed))
    assert txid in [tx.txid_hex for tx in chain.mempool]
    balance = json.loads(cli.ok("wallet", "balance", "--json"))
    fee = 200_000 - sum(o.amount for o in psbt.unsigned_tx().outputs) if utxo.endswith(":0") else None
    assert fee is not None and balance["total_sat"] == 500_000 - 150_000 - fee
    bumped = cli.data_dir / "bump.psbt"
    assert "replaceable (RBF)" in cli.ok("wallet", "bump", txid, "--fee-rate", "30", "-o", str(bumped))
    replacement = load_psbt(bumped.read_bytes()).unsigned_tx()
    assert utxo in [i.outpoint for i in replacement.inputs] and replacement.txid_hex != txid
    for args, message in [
        (("--to", to, "--amount", "0.000000001"), "at most 8 decimals"),
        (("--to", to, "--amount", "1", "--fee-rate", "3"), "not enough funds"),
        (("--to", "tb1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq", "--amount", "0.001"), "not a regtest address"),
        (("--to", to, "--send-max", "--amount", "0.1"), "--send-max takes one --to"),
    ]:
        code, _, err = cli("wallet", "send", *args, "-o", str(cli.data_dir / "x.psbt"))
        assert code == 2 and message in err, err
    code, _, err = cli("wallet", "broadcast", str(out_path))
    assert code == 2 and "not finalized" in err


def test_an_output_labelled_not_spendable_is_left_alone(
    cli: Cli, server: ElectrumServer, chain: RegtestChain
) -> None:
    cli.ok("wallet", "backend", "--electrum", server.url)
    cli.ok("wallet", "sync")
    big = f"{chain.blocks[4].transactions[1].txid_hex}:0"  # 300,000 sat; the other coin has 200,000
    labels = cli.data_dir / "labels.jsonl"
    labels.write_text(
        json.dumps({"type": "output", "ref": big, "label": "frozen", "spendable": False}) + "\n"
    )
    cli.ok("cold", "labels", "import", "vault", str(labels))
    out = cli.data_dir / "spend.psbt"
    cli.ok(
        "wallet",
        "send",
        "--to",
        external_address(NET),
        "--amount",
        "0.001",
        "--fee-rate",
        "2",
        "-o",
        str(out),
    )
    assert big not in [i.outpoint for i in load_psbt(out.read_bytes()).unsigned_tx().inputs]
    code, _, err = cli(
        "wallet",
        "send",
        "--to",
        external_address(NET),
        "--amount",
        "0.0025",
        "--fee-rate",
        "2",
        "-o",
        str(cli.data_dir / "too-much.psbt"),
    )
    assert code == 2 and "not enough funds" in err  # only the 200,000 sat coin may be used
    explicit = cli.data_dir / "explicit.psbt"  # naming the coin is a deliberate choice: allowed
    cli.ok(
        "wallet",
        "send",
        "--to",
        external_address(NET),
        "--amount",
        "0.0025",
        "--fee-rate",
        "2",
        "--utxo",
        big,
        "-o",
        str(explicit),
    )
    assert [i.outpoint for i in load_psbt(explicit.read_bytes()).unsigned_tx().inputs] == [big]


def test_an_expected_deposit_becomes_received_then_confirmed(
    cli: Cli, server: ElectrumServer, chain: RegtestChain
) -> None:
    cli.ok("wallet", "backend", "--electrum", server.url)
    deposit = derive_address(ACCOUNT, False, 30)  # far past the gap limit: watched because verified
    code, _, err = cli("wallet", "expect", deposit.address, "--amount", "0.001")
    assert code == 2 and "not a device-verified address" in err
    with open_store(cli.data_dir / "coldsplit.sqlite3") as store:
        record_verified_address(store, "vault", ConfirmedAddress(deposit, ACCOUNT.fingerprint))
    cli.ok("wallet", "expect", deposit.address, "--amount", "0.001", "--confirmations", "2")
    cli.ok("wallet", "sync")
    assert "waiting" in cli.ok("wallet", "transfers")
    chain.fund(receive_script(30), 100_000, confirm=False)
    assert f"to {deposit.address}: received" in cli.ok("wallet", "sync")
    chain.mine_empty(1)
    cli.ok("wallet", "sync")
    assert json.loads(cli.ok("wallet", "transfers", "--json"))[0]["status"] == "received"  # 1 of 2
    chain.mine_empty(1)
    assert f"to {deposit.address}: confirmed" in cli.ok("wallet", "sync")
    transfer = json.loads(cli.ok("wallet", "transfers", "--json"))[0]
    assert transfer["received_sat"] == 100_000 and len(transfer["txids"]) == 1


@given(st.integers(min_value=1, max_value=21_000_000 * 100_000_000))
def test_btc_amounts_round_trip_exactly(sats: int) -> None:
    assert parse_btc(btc(sats)) == sats


@pytest.mark.parametrize("text", ["0", "-1", "0.000000001", "21000000.00000001", "nan", "inf", "1e-9", "one"])
def test_bad_btc_amounts_are_refused(text: str) -> None:
    with pytest.raises(WalletCommandError, match="is not an amount in BTC"):
        parse_btc(text)


def test_compact_block_filters_from_a_configured_peer(cli: Cli, chain: RegtestChain) -> None:
    pytest.importorskip("siphashc", reason="the test peer builds BIP158 filters with SipHash")
    from tests.wallet.watch.cbf_peer import CbfPeer

    peer = CbfPeer(chain).start()
    try:
        assert f"cbf p2p://127.0.0.1:{peer.port}" in cli.ok(
            "wallet", "backend", "--cbf", f"127.0.0.1:{peer.port}"
        )
        assert "full scan done, 2 new transactions" in cli.ok("wallet", "sync")
        assert (cli.data_dir / "cbf" / "regtest").is_dir()  # Kyoto's headers, kept for the next sync
        assert json.loads(cli.ok("wallet", "balance", "--json"))["confirmed_sat"] == 500_000
        to = external_address(NET)
        code, _, err = cli(
            "wallet", "send", "--to", to, "--amount", "0.001", "-o", str(cli.data_dir / "x.psbt")
        )
        assert code == 2 and "no fee estimate" in err and "--fee-rate" in err
    finally:
        peer.stop()
    code, _, err = cli("wallet", "backend", "--cbf", "node.example:8333")
    assert code == 2 and "an IP, not a name" in err
