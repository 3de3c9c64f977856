"""Cold accounts in a real SQLite store: accounts, device-confirmed addresses, BIP329 labels."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cold.accounts import (
    ColdAccountError,
    add_account,
    get_account,
    is_withdrawal_target,
    list_accounts,
    record_verified_address,
    withdrawal_targets,
)
from app.cold.labels import LabelImportError, export_labels, import_labels
from app.store import open_store
from app.store.database import Store
from tests.wallet.psbt_factory import OTHER_MASTER, account_for
from wallet.addresses import derive_address
from wallet.types import Network, ScriptType
from wallet.verify_address import ConfirmedAddress

NET = Network.TESTNET
VAULT = account_for(ScriptType.WPKH, NET)
TXID = "f" * 64


@pytest.fixture
def store(data_dir: Path) -> Store:
    return open_store(data_dir / "coldsplit.sqlite3")


def _confirmed(index: int, *, change: bool = False, account=VAULT) -> ConfirmedAddress:  # type: ignore[no-untyped-def]
    return ConfirmedAddress(derive_address(account, change, index), account.fingerprint)


def test_an_account_is_saved_with_both_descriptors_and_reads_back(store: Store, data_dir: Path) -> None:
    saved = add_account(store, "vault", VAULT, "trezor")
    assert saved.descriptor == VAULT.descriptor() and saved.change_descriptor == VAULT.descriptor(change=True)
    assert saved.fingerprint == "5c9e228d" and saved.next_index == 0 and saved.device_family == "trezor"
    store.close()
    with open_store(data_dir / "coldsplit.sqlite3") as reopened:
        assert get_account(reopened, "vault").account() == VAULT
        assert [a.name for a in list_accounts(reopened)] == ["vault"]


def test_duplicate_unknown_and_badly_named_accounts_are_refused(store: Store) -> None:
    add_account(store, "vault", VAULT)
    with pytest.raises(ColdAccountError, match="already exists"):
        add_account(store, "vault", VAULT)
    with pytest.raises(ColdAccountError, match=r"no cold account named 'nope'.*vault"):
        get_account(store, "nope")
    with pytest.raises(ColdAccountError, match="bad account name"):
        add_account(store, "-x", VAULT)
    with pytest.raises(ColdAccountError, match="device family"):
        add_account(store, "other", VAULT, "ledger-ish")


def test_only_device_confirmed_addresses_become_withdrawal_targets(store: Store) -> None:
    add_account(store, "vault", VAULT)
    unconfirmed = derive_address(VAULT, False, 0).address
    assert not is_withdrawal_target(store, unconfirmed) and withdrawal_targets(store) == []
    recorded = record_verified_address(store, "vault", _confirmed(2))
    assert recorded.path == "m/84h/1h/0h/0/2" and recorded.fingerprint == "5c9e228d"
    assert [t.address for t in withdrawal_targets(store, "vault")] == [
        derive_address(VAULT, False, 2).address
    ]
    assert is_withdrawal_target(store, recorded.address) and not is_withdrawal_target(store, unconfirmed)
    assert get_account(store, "vault").next_index == 3
    record_verified_address(store, "vault", _confirmed(2))  # confirming again only refreshes the time
    assert len(withdrawal_targets(store)) == 1


def test_a_confirmation_from_another_wallet_is_refused(store: Store) -> None:
    add_account(store, "vault", VAULT)
    stranger = account_for(ScriptType.WPKH, NET, OTHER_MASTER)
    with pytest.raises(ColdAccountError, match="not the account's 5c9e228d"):
        record_verified_address(store, "vault", _confirmed(0, account=stranger))
    forged = ConfirmedAddress(derive_address(stranger, False, 0), VAULT.fingerprint)
    with pytest.raises(ColdAccountError, match="is not an address of account 'vault'"):
        record_verified_address(store, "vault", forged)
    assert withdrawal_targets(store) == []


ALL_KINDS_OF_LABELS = [
    {"type": "tx", "ref": TXID, "label": "top-up from exchange", "origin": "wpkh([5c9e228d/84'/1'/0'])"},
    {"type": "addr", "ref": derive_address(VAULT, False, 0).address, "label": "cold #0"},
    {"type": "pubkey", "ref": derive_address(VAULT, False, 0).public_key.hex(), "label": "key #0"},
    {"type": "input", "ref": f"{TXID}:0", "label": "spent coin"},
    {"type": "output", "ref": f"{TXID}:1", "label": "change", "spendable": False},
    {"type": "xpub", "ref": VAULT.xpub.to_base58(), "label": "vault account"},
]


def test_bip329_labels_round_trip(store: Store) -> None:
    add_account(store, "vault", VAULT)
    text = "".join(json.dumps(record) + "\n" for record in ALL_KINDS_OF_LABELS)
    summary = import_labels(store, "vault", text)
    assert (summary.added, summary.updated, summary.ignored_fields) == (6, 0, {})
    exported = [json.loads(line) for line in export_labels(store, "vault").splitlines()]
    assert sorted(exported, key=lambda r: (r["type"], r["ref"])) == sorted(
        ALL_KINDS_OF_LABELS, key=lambda r: (r["type"], r["ref"])
    )
    again = import_labels(
        store, "vault", '{"type": "tx", "ref": "' + TXID + '", "label": "renamed", "height": 5}\n'
    )
    assert (again.added, again.updated) == (0, 1) and "height (1 lines)" in again.describe()
    assert '"renamed"' in export_labels(store, "vault")


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        ("{not json", "not JSON"),
        ("[1, 2]", "JSON object"),
        ('{"type": "utxo", "ref": "x", "label": "y"}', "'type' must be one of"),
        ('{"type": "tx", "ref": "abc", "label": "y"}', "64-digit"),
        ('{"type": "addr", "ref": "bc1qannfxke2tfd4l7vhepehpvt05y83v3qsf6nfkk", "label": "y"}', "testnet"),
        (f'{{"type": "tx", "ref": "{TXID}", "label": 5}}', "'label' must be a string"),
        (f'{{"type": "tx", "ref": "{TXID}", "label": "x", "spendable": true}}', "only on type 'output'"),
        (f'{{"type": "input", "ref": "{TXID}", "label": "y"}}', "txid:vout"),
        (f'{{"type": "tx", "ref": "{TXID}"}}', "needs a 'label'"),
    ],
)
def test_a_bad_line_is_reported_with_its_number_and_nothing_is_written(
    store: Store, bad_line: str, message: str
) -> None:
    add_account(store, "vault", VAULT)
    good = json.dumps(ALL_KINDS_OF_LABELS[0])
    with pytest.raises(LabelImportError, match=f"^line 3: .*{message}"):
        import_labels(store, "vault", f"{good}\n\n{bad_line}\n{good}\n")
    assert export_labels(store, "vault") == ""


def test_a_seed_phrase_in_a_label_is_refused(store: Store) -> None:
    add_account(store, "vault", VAULT)
    phrase = " ".join(["abandon"] * 11 + ["about"])
    with pytest.raises(LabelImportError, match=r"line 1: .*seed phrase"):
        import_labels(store, "vault", json.dumps({"type": "tx", "ref": TXID, "label": phrase}))
