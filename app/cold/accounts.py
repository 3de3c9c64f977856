"""Cold-storage accounts in the store, and the device-confirmed addresses of each.

An account is a watch-only descriptor pair (receive and change, with checksums) plus
its master fingerprint, device family and next receive index. An address becomes a
withdrawal target only when a device has shown it and the user confirmed it:
`record_verified_address` is what the device layer calls after `confirm_on_device`.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

from app.errors import UserError
from app.store.database import Store, utc_now
from app.store.secret_screen import TextKind, guard_no_secret
from wallet.addresses import derive_address
from wallet.descriptors import AccountDescriptor, parse_account_descriptor
from wallet.types import Network
from wallet.verify_address import ConfirmedAddress

_NAME = re.compile(r"^[\w][\w .@+-]{0,63}$")
DEVICE_FAMILIES = ("trezor", "onekey", "other")


class ColdAccountError(UserError):
    """A cold account request the user can fix (unknown name, duplicate, bad index…)."""


@dataclass(frozen=True)
class ColdAccount:
    id: int
    name: str
    network: Network
    descriptor: str
    change_descriptor: str
    fingerprint: str
    device_family: str | None
    next_index: int
    created_at: str

    def account(self) -> AccountDescriptor:
        return parse_account_descriptor(f"{self.descriptor}\n{self.change_descriptor}", self.network)


@dataclass(frozen=True)
class VerifiedAddress:
    account_name: str
    address: str
    path: str
    fingerprint: str
    verified_at: str


def _row_to_account(row: sqlite3.Row) -> ColdAccount:
    return ColdAccount(
        id=int(row["id"]),
        name=str(row["name"]),
        network=Network(row["network"]),
        descriptor=str(row["descriptor"]),
        change_descriptor=str(row["change_descriptor"] or ""),
        fingerprint=str(row["fingerprint"]),
        device_family=row["device_family"],
        next_index=int(row["next_index"]),
        created_at=str(row["created_at"]),
    )


def check_name(name: str) -> str:
    cleaned = name.strip()
    if not _NAME.match(cleaned):
        raise ColdAccountError(
            f"bad account name {name!r}: 1 to 64 letters, digits, spaces or . @ + - _ "
            "(not starting with a symbol)"
        )
    return cleaned


def add_account(
    store: Store, name: str, account: AccountDescriptor, device_family: str | None = None
) -> ColdAccount:
    """Save a new watch-only account; the name must be new."""
    guard_no_secret(name, "the account name")  # first: the name check below repeats the name
    cleaned = check_name(name)
    if device_family is not None and device_family not in DEVICE_FAMILIES:
        raise ColdAccountError(
            f"unknown device family {device_family!r}; choose one of {', '.join(DEVICE_FAMILIES)}"
        )
    receive, change = account.descriptor(), account.descriptor(change=True)
    guard_no_secret(receive, "the descriptor", TextKind.STRUCTURED)
    try:
        with store.transaction() as db:
            db.execute(
                "INSERT INTO cold_accounts(name, network, descriptor, change_descriptor, fingerprint, "
                "device_family, next_index, created_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?)",
                (
                    cleaned,
                    account.network.value,
                    receive,
                    change,
                    account.fingerprint_hex,
                    device_family,
                    utc_now(),
                ),
            )
    except sqlite3.IntegrityError:
        raise ColdAccountError(f"a cold account named {cleaned!r} already exists") from None
    return get_account(store, cleaned)


def list_accounts(store: Store) -> list[ColdAccount]:
    return [_row_to_account(row) for row in store.query("SELECT * FROM cold_accounts ORDER BY name")]


def get_account(store: Store, name: str) -> ColdAccount:
    rows = store.query("SELECT * FROM cold_accounts WHERE name = ?", (name.strip(),))
    if not rows:
        known = ", ".join(a.name for a in list_accounts(store)) or "none yet — use `coldsplit cold import`"
        raise ColdAccountError(f"no cold account named {name!r} (accounts: {known})")
    return _row_to_account(rows[0])


def set_next_index(store: Store, name: str, next_index: int) -> None:
    if next_index < 0:
        raise ColdAccountError("the next address index must not be negative")
    with store.transaction() as db:
        db.execute(
            "UPDATE cold_accounts SET next_index = ? WHERE name = ?",
            (next_index, get_account(store, name).name),
        )


def record_verified_address(store: Store, account_name: str, confirmed: ConfirmedAddress) -> VerifiedAddress:
    """Record an address the device showed and the user confirmed (the device layer calls this).

    The address is derived again here, by both libraries, from the stored account: a
    confirmation for an address that is not this account's is refused.
    """
    stored = get_account(store, account_name)
    account = stored.account()
    if confirmed.fingerprint != account.fingerprint:
        raise ColdAccountError(
            f"the confirming device is {confirmed.fingerprint.hex()}, not the account's {stored.fingerprint}"
        )
    position = account.relative_path(confirmed.derived.path)
    again = derive_address(account, *position) if position else None
    if again is None or again.address != confirmed.derived.address:
        raise ColdAccountError(f"{confirmed.derived.address} is not an address of account {stored.name!r}")
    verified_at = utc_now()
    with store.transaction() as db:
        db.execute(
            "INSERT INTO verified_addresses(account_id, address, path, fingerprint, verified_at) "
            "VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(account_id, address) DO UPDATE SET verified_at = excluded.verified_at",
            (stored.id, again.address, again.path_text, stored.fingerprint, verified_at),
        )
        if not again.change and again.index >= stored.next_index:
            db.execute("UPDATE cold_accounts SET next_index = ? WHERE id = ?", (again.index + 1, stored.id))
    return VerifiedAddress(stored.name, again.address, again.path_text, stored.fingerprint, verified_at)


def withdrawal_targets(store: Store, account_name: str | None = None) -> list[VerifiedAddress]:
    """Device-confirmed receive addresses: the only ones the app may suggest sending coins to."""
    sql = (
        "SELECT a.name, v.address, v.path, v.fingerprint, v.verified_at FROM verified_addresses v "
        "JOIN cold_accounts a ON a.id = v.account_id"
    )
    params: tuple[object, ...] = ()
    if account_name is not None:
        sql += " WHERE a.id = ?"
        params = (get_account(store, account_name).id,)
    rows = store.query(sql + " ORDER BY a.name, v.verified_at, v.id", params)
    return [VerifiedAddress(*(str(value) for value in row)) for row in rows]


def is_withdrawal_target(store: Store, address: str) -> bool:
    return bool(store.query("SELECT 1 FROM verified_addresses WHERE address = ?", (address.strip(),)))
