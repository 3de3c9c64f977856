"""Finding F4 through the CLI: secrets typed into names, labels, BIP329 origins and holdings are refused.

Each probe is one line on stderr, exit 2, and the secret is in no file of the data dir.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli.main import run
from tests.wallet.psbt_factory import account_for
from wallet.types import Network, ScriptType

WIF = "KwDiBf89QgGbjEhKnhXJuH7LrciVrZi3qYjgd9M7rFU73sVHnoWn"
HEX_KEY = "0c28fca386c7a227600b2fe50b7cae11ec86d3bf1fbe471be89827e19d72aa1d"
XPRV = "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi"
ENGLISH = (
    "Abandon, abandon, abandon, abandon, abandon, abandon, abandon, abandon, abandon, abandon, abandon, About"
)
# bip-utils' Korean phrase for 16 zero bytes, numbered and prefixed.
KOREAN = "seed:\n" + "\n".join(f"{n}. 가격" for n in range(1, 12)) + "\n12. 가능"
TXID = "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b"
HYPERLIQUID = "0x" + "ab" * 20


def _probe(data_dir: Path, capsys: pytest.CaptureFixture[str], secret: str, *args: str) -> str:
    code = run(["--data-dir", str(data_dir), *args])
    err = capsys.readouterr().err
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "refusing to save" in lines[0] and secret not in err, err
    for path in data_dir.rglob("*"):
        if path.is_file():
            assert secret.encode() not in path.read_bytes(), path
    return lines[0]


@pytest.mark.parametrize("secret", [WIF, HEX_KEY, XPRV, ENGLISH, KOREAN])
def test_a_venue_account_named_with_a_secret_is_refused(
    data_dir: Path, capsys: pytest.CaptureFixture[str], secret: str
) -> None:
    args = ("accounts", "add", "--venue", "hyperliquid", "--wallet-address", HYPERLIQUID, "--name", secret)
    assert "the account name" in _probe(data_dir, capsys, secret, *args)


@pytest.mark.parametrize("secret", [WIF, ENGLISH])
def test_a_cold_account_named_with_a_secret_is_refused(
    data_dir: Path, capsys: pytest.CaptureFixture[str], secret: str
) -> None:
    descriptor = account_for(ScriptType.WPKH, Network.TESTNET).multipath_descriptor()
    name = secret.replace(",", "")  # cold account names allow letters, digits, spaces and . @ + - _
    assert "the account name" in _probe(
        data_dir, capsys, name, "cold", "import", name, "--descriptor", descriptor
    )


@pytest.mark.parametrize(
    ("record", "field"),
    [
        ({"type": "tx", "ref": TXID, "label": f"key {WIF}"}, "a label"),
        ({"type": "tx", "ref": TXID, "label": f"backup {HEX_KEY}"}, "a label"),
        ({"type": "tx", "ref": TXID, "label": KOREAN}, "a label"),
        (
            {"type": "tx", "ref": TXID, "label": "rent", "origin": f"wpkh([d34db33f/84h/1h/0h]{XPRV})"},
            "origin",
        ),
    ],
)
def test_a_bip329_label_or_origin_holding_a_secret_is_refused(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], record: dict[str, str], field: str
) -> None:
    descriptor = account_for(ScriptType.WPKH, Network.TESTNET).multipath_descriptor()
    assert run(["--data-dir", str(data_dir), "cold", "import", "vault", "--descriptor", descriptor]) == 0
    labels = tmp_path / "labels.jsonl"
    labels.write_text(json.dumps(record, ensure_ascii=False) + "\n")
    capsys.readouterr()
    secret = record.get("origin", record["label"])
    line = _probe(data_dir, capsys, secret, "cold", "labels", "import", "vault", str(labels))
    assert field in line and "line 1" in line
    # A tx label keyed by its txid, with an ordinary label, is accepted.
    labels.write_text(json.dumps({"type": "tx", "ref": TXID, "label": "rent"}) + "\n")
    assert run(["--data-dir", str(data_dir), "cold", "labels", "import", "vault", str(labels)]) == 0


def test_holdings_typed_in_with_a_secret_are_refused(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv = tmp_path / "desk.csv"
    csv.write_text(f"kind,wallet,asset,amount\nbalance,{WIF},BTC,1\n")
    line = _probe(data_dir, capsys, WIF, "accounts", "import", str(csv), "--venue", "bybit")
    assert "refusing to save a wallet name" in line
    args = ("accounts", "set", "desk", "kind=balance", f"wallet={HEX_KEY}", "asset=BTC", "amount=1")
    _probe(data_dir, capsys, HEX_KEY, *args, "--venue", "bybit")
