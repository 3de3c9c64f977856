"""`coldsplit cold`: the cold-storage account — import, list, addresses, targets, labels.

Accounts are watch-only. Every address printed is derived by two libraries, and the
"verified" column says whether a device has confirmed it. `cold create` builds an
account from the xpub a device hands over; `cold verify` shows an address on the device
and records it only when the user confirms there. Both are the use cases the GUI calls
too (`app.usecases.cold_accounts`); this module parses the flags and prints.
"""

from __future__ import annotations

import argparse
import functools
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli.context import CommandContext
from app.cli.device_session import add_device_options
from app.errors import UserError
from wallet.types import MAX_UNHARDENED

if TYPE_CHECKING:
    from app.cold.accounts import ColdAccount
    from wallet.addresses import DerivedAddress
    from wallet.descriptors import AccountDescriptor

# Wallet libraries (bdk, bip-utils) load in the handlers, not here: every `coldsplit`
# command builds this parser, and those imports cost seconds.
DEVICE_FAMILIES = ("trezor", "onekey", "other")  # as app.cold.accounts.DEVICE_FAMILIES
Handler = Callable[[argparse.Namespace, CommandContext], int]
MAX_ADDRESS_COUNT = 1000
SCRIPT_CHOICES = ("wpkh", "sh-wpkh", "pkh", "tr")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("cold", help="the cold-storage account (watch-only)")
    actions = parser.add_subparsers(dest="cold_action", metavar="ACTION", required=True)
    imp = actions.add_parser("import", help="add an account from a descriptor or an xpub/ypub/zpub")
    imp.add_argument("name")
    source = imp.add_mutually_exclusive_group(required=True)
    source.add_argument("--descriptor", help="descriptor with key origin (…/<0;1>/* or …/0/*)")
    source.add_argument("--xpub", help="account xpub/ypub/zpub/tpub/upub/vpub exported by a wallet")
    imp.add_argument("--path", help="the xpub's derivation path, e.g. m/84h/0h/0h (with --xpub)")
    imp.add_argument("--fingerprint", help="master key fingerprint, 8 hex digits (with --xpub)")
    imp.add_argument("--script", help="pkh, sh(wpkh), wpkh or tr (with --xpub; implied by y/z/u/v prefixes)")
    imp.add_argument("--device-family", choices=DEVICE_FAMILIES)
    imp.set_defaults(handler=import_command)
    _register_device_actions(actions)
    listing = actions.add_parser("list", help="list the cold accounts")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=list_command)
    addresses = actions.add_parser("addresses", help="derive addresses (two libraries must agree)")
    addresses.add_argument("name")
    addresses.add_argument("--change", action="store_true", help="the change chain instead of receive")
    addresses.add_argument("--count", type=int, default=10)
    addresses.add_argument("--start", type=int, help="first index (default: the next unused receive index)")
    addresses.add_argument("--json", action="store_true")
    addresses.set_defaults(handler=addresses_command)
    targets = actions.add_parser("targets", help="device-confirmed addresses: the only withdrawal targets")
    targets.add_argument("name", nargs="?")
    targets.set_defaults(handler=targets_command)
    labels = actions.add_parser("labels", help="BIP329 labels (JSON Lines)")
    label_actions = labels.add_subparsers(dest="labels_action", metavar="ACTION", required=True)
    export = label_actions.add_parser("export", help="write the account's labels")
    export.add_argument("name")
    export.add_argument("-o", "--output", help="file to write (default: standard output)")
    export.set_defaults(handler=labels_export_command)
    load = label_actions.add_parser("import", help="add or update labels from a BIP329 file (all or nothing)")
    load.add_argument("name")
    load.add_argument("file")
    load.set_defaults(handler=labels_import_command)


def _register_device_actions(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    create = actions.add_parser(
        "create", help="add an account from the xpub a connected device hands over (network: --network)"
    )
    create.add_argument("name")
    create.add_argument("--script", choices=SCRIPT_CHOICES, default="wpkh", help="script type (default wpkh)")
    create.add_argument(
        "--account", type=int, default=0, metavar="N", help="BIP44 account number (default 0)"
    )
    add_device_options(create)
    create.set_defaults(handler=create_command)
    verify = actions.add_parser(
        "verify", help="show an address on the device; record it as a withdrawal target if confirmed there"
    )
    verify.add_argument("name")
    verify.add_argument("--index", type=int, help="address index (default: the next unused receive index)")
    verify.add_argument("--change", action="store_true", help="an address of the change chain")
    add_device_options(verify)
    verify.set_defaults(handler=verify_command)


def _translated(handler: Handler) -> Handler:
    @functools.wraps(handler)
    def run(args: argparse.Namespace, ctx: CommandContext) -> int:
        from wallet.addresses import AddressMismatchError
        from wallet.types import KeyInputError

        try:
            return handler(args, ctx)
        except (KeyInputError, AddressMismatchError) as exc:
            raise UserError(str(exc)) from exc

    return run


@_translated
def import_command(args: argparse.Namespace, ctx: CommandContext) -> int:
    from app.cold.accounts import add_account
    from app.store import open_store
    from wallet.addresses import derive_addresses
    from wallet.descriptors import build_account, parse_account_descriptor
    from wallet.types import ScriptType

    network = ctx.network
    if args.descriptor is not None:
        if args.path or args.fingerprint or args.script:
            raise UserError("--path, --fingerprint and --script go with --xpub, not --descriptor")
        account = parse_account_descriptor(args.descriptor, network)
    else:
        if not args.path or not args.fingerprint:
            raise UserError("--xpub needs --path and --fingerprint (the key origin a device needs to sign)")
        kind = ScriptType.parse(args.script) if args.script else None
        account = build_account(args.xpub, args.fingerprint, args.path, network, kind)
    first = derive_addresses(account, False, 0, 1)[0]  # both libraries must agree before we save
    with open_store(ctx.db_path) as store:
        saved = add_account(store, args.name, account, args.device_family)
    _print_saved(saved, account, first)
    return 0


def _print_saved(saved: ColdAccount, account: AccountDescriptor, first: DerivedAddress) -> None:
    summary = f"{account.kind.value}, {account.network.value}, fingerprint {saved.fingerprint}"
    print(f"cold account {saved.name!r} ({summary})")
    print(f"receive: {saved.descriptor}")
    print(f"change:  {saved.change_descriptor}")
    print(
        f"first receive address {first.address} at {first.path_text} — confirm it on the device before use"
        f" (`coldsplit cold verify {saved.name}`)"
    )


@_translated
def create_command(args: argparse.Namespace, ctx: CommandContext) -> int:
    """The CLI's front of `app.usecases.cold_accounts.create_cold_account`."""
    from app.cli.device_session import opened_device_for
    from app.usecases.cold_accounts import check_new_account, create_cold_account
    from wallet.types import ScriptType

    if not 0 <= args.account <= MAX_UNHARDENED:
        raise UserError(f"--account must be between 0 and {MAX_UNHARDENED}")
    check_new_account(ctx.db_path, args.name, args.account)  # before the device is opened
    network = ctx.network
    kind = ScriptType.parse(args.script)
    with opened_device_for(args, network) as session:
        created = create_cold_account(ctx.db_path, session.call, args.name, network, kind, args.account)
    _print_saved(created.saved, created.account, created.first)
    return 0


@_translated
def verify_command(args: argparse.Namespace, ctx: CommandContext) -> int:
    """The CLI's front of `app.usecases.cold_accounts.verify_address`."""
    from app.cli.device_session import DeviceCommandError, opened_device_for
    from app.cold.accounts import get_account
    from app.cold.refusal import Refusal, ask_match_on_terminal, refusal_for, refusal_sentence
    from app.store import open_store
    from app.usecases.cold_accounts import verify_address

    if args.index is not None and not 0 <= args.index <= MAX_UNHARDENED:
        raise UserError(f"--index must be between 0 and {MAX_UNHARDENED}")
    with open_store(ctx.db_path) as store:
        stored = get_account(store, args.name)  # an unknown name is refused before the device

    model = ""

    def announce(expected: DerivedAddress) -> None:  # on the opened device, before it shows anything
        nonlocal model
        model = session.call(lambda w: w.info()).model
        print(f"the device will show the address at {expected.path_text}; it must read {expected.address}")
        print(refusal_sentence(model))

    def matches(shown: DerivedAddress) -> bool:
        return refusal_for(model) is Refusal.ON_DEVICE or ask_match_on_terminal(shown.address)

    try:
        with opened_device_for(args, stored.network) as session:
            recorded = verify_address(
                ctx.db_path,
                session.call,
                stored.name,
                change=args.change,
                index=args.index,
                announce=announce,
                matches=matches,
            )
    except DeviceCommandError as exc:
        raise type(exc)(f"{exc.message}; nothing was recorded", exc.detail) from exc
    print(
        f"verified on device {recorded.fingerprint}: {recorded.address} at {recorded.path} "
        f"({recorded.verified_at})"
    )
    return 0


def list_command(args: argparse.Namespace, ctx: CommandContext) -> int:
    from app.cold.accounts import list_accounts
    from app.store import open_store

    if not ctx.db_path.exists():
        accounts = []
    else:
        with open_store(ctx.db_path) as store:
            accounts = list_accounts(store)
    if args.json:
        rows = [
            {
                "name": a.name,
                "network": a.network.value,
                "descriptor": a.descriptor,
                "change_descriptor": a.change_descriptor,
                "fingerprint": a.fingerprint,
                "device_family": a.device_family,
                "next_index": a.next_index,
                "created_at": a.created_at,
            }
            for a in accounts
        ]
        print(json.dumps(rows, indent=2))
    elif not accounts:
        print("no cold accounts yet — add one with `coldsplit cold import`")
    for a in accounts if not args.json else []:
        print(f"{a.name}\t{a.network.value}\t{a.fingerprint}\tnext #{a.next_index}\t{a.descriptor}")
    return 0


@_translated
def addresses_command(args: argparse.Namespace, ctx: CommandContext) -> int:
    from app.cold.accounts import get_account, withdrawal_targets
    from app.store import open_store
    from wallet.addresses import derive_addresses

    if not 1 <= args.count <= MAX_ADDRESS_COUNT:
        raise UserError(f"--count must be between 1 and {MAX_ADDRESS_COUNT}")
    if args.start is not None:
        _check_start(args.start, args.count)  # before any work, the store included
    with open_store(ctx.db_path) as store:
        stored = get_account(store, args.name)
        verified = {t.address for t in withdrawal_targets(store, stored.name)}
    start = args.start if args.start is not None else (0 if args.change else stored.next_index)
    _check_start(start, args.count)
    derived = derive_addresses(stored.account(), args.change, start, args.count)
    if args.json:
        rows = [
            {"index": d.index, "path": d.path_text, "address": d.address, "verified": d.address in verified}
            for d in derived
        ]
        print(json.dumps(rows, indent=2))
        return 0
    for d in derived:
        mark = "verified on device" if d.address in verified else "not verified"
        print(f"{d.path_text}\t{d.address}\t{mark}")
    return 0


def _check_start(start: int, count: int) -> None:
    last = MAX_UNHARDENED - count + 1
    if not 0 <= start <= last:
        raise UserError(
            f"--start must be between 0 and {last} with --count {count} "
            f"(BIP32 indexes end at {MAX_UNHARDENED})"
        )


def targets_command(args: argparse.Namespace, ctx: CommandContext) -> int:
    from app.cold.accounts import withdrawal_targets
    from app.store import open_store

    with open_store(ctx.db_path) as store:
        targets = withdrawal_targets(store, args.name)
    if not targets:
        print("no device-confirmed addresses yet; nothing may be suggested as a withdrawal target")
    for t in targets:
        print(f"{t.account_name}\t{t.path}\t{t.address}\tconfirmed {t.verified_at} by {t.fingerprint}")
    return 0


def labels_export_command(args: argparse.Namespace, ctx: CommandContext) -> int:
    from app.cold.labels import export_labels
    from app.fsutil import atomic_write_text
    from app.store import open_store

    with open_store(ctx.db_path) as store:
        text = export_labels(store, args.name)
    if args.output:
        try:
            atomic_write_text(Path(args.output), text, mode=0o644)
        except OSError as exc:
            raise UserError(f"cannot write {args.output}: {exc.strerror or exc}") from None
        print(f"wrote {len(text.splitlines())} labels to {args.output}")
    else:
        print(text, end="")
    return 0


def labels_import_command(args: argparse.Namespace, ctx: CommandContext) -> int:
    from app.usecases.imports import import_cold_labels

    print(import_cold_labels(ctx.db_path, args.name, Path(args.file)).describe())
    return 0
