"""`coldsplit eth account`: the Ethereum cold account of a device, through app.usecases.eth_accounts
and app.usecases.eth_addresses (the GUI's Ethereum tab calls the same).

    coldsplit eth account create --account NAME [--number N] [--layout bip44|ledger-live] [--device PATH]
    coldsplit eth account verify --account NAME [--index I] [--device PATH]
    coldsplit eth account addresses [--account NAME] [--json]
"""

from __future__ import annotations

import argparse
import json

from app.cli.context import CommandContext

SubParsers = argparse._SubParsersAction


def register(actions: SubParsers[argparse.ArgumentParser]) -> None:
    from app.cli.advice_cmd import add_eth_verify_options, eth_verify
    from app.cli.device_session import add_device_options

    account = actions.add_parser(
        "account", help="create the account from the device; verify its addresses on it; list them"
    )
    account_actions = account.add_subparsers(dest="account_cmd", metavar="ACTION", required=True)
    create = account_actions.add_parser(
        "create", help="read the account's public key from the device and save the account"
    )
    create.add_argument("--account", required=True, help="a name for the account")
    create.add_argument("--number", type=int, default=0, help="account number N of m/44h/60h/Nh (default 0)")
    create.add_argument(
        "--layout",
        choices=["bip44", "ledger-live"],
        default="bip44",
        help="bip44: addresses m/44h/60h/Nh/0/i (default); ledger-live: the one address m/44h/60h/Nh/0/0",
    )
    add_device_options(create)
    create.set_defaults(handler=create_command)
    verify = account_actions.add_parser(
        "verify", help="show an address on the device; record it as a withdrawal target if confirmed"
    )
    verify.add_argument("--account", required=True, help="the account (or name) to record it under")
    add_eth_verify_options(verify)
    add_device_options(verify)
    verify.set_defaults(handler=eth_verify)
    addresses = account_actions.add_parser(
        "addresses", help="the accounts and their device-verified addresses"
    )
    addresses.add_argument("--account", help="only this account")
    addresses.add_argument("--json", action="store_true", help="print JSON")
    addresses.set_defaults(handler=addresses_command)


def create_command(args: argparse.Namespace, ctx: CommandContext) -> int:
    from app.cli.device_session import DeviceCommandError, opened_device_for
    from app.usecases.eth_accounts import check_new_eth_account, create_eth_account

    name = check_new_eth_account(ctx.db_path, args.account, args.number, args.layout)  # before the device
    try:
        with opened_device_for(args, ctx.network) as session:
            saved = create_eth_account(ctx.db_path, session.call, name, args.number, args.layout)
    except DeviceCommandError as exc:
        raise type(exc)(f"{exc.message}; nothing was saved", exc.detail) from exc
    print(
        f"created the Ethereum account {saved.name!r}: wallet {saved.fingerprint}, {saved.layout} layout "
        f"at {saved.key_path}; first address {saved.first_address} ({saved.address_path(0)})"
    )
    verify = f"coldsplit eth account verify --account {json.dumps(saved.name)}"
    print(f"show it on the device before using it: {verify}")
    return 0


def addresses_command(args: argparse.Namespace, ctx: CommandContext) -> int:
    from app.usecases.eth_accounts import eth_account_listing

    listing = eth_account_listing(ctx.db_path, args.account)
    if args.json:
        rows = [
            {
                "name": item.name,
                "account": None if item.account is None else vars(item.account),
                "verified": [vars(v) for v in item.verified],
            }
            for item in listing
        ]
        print(json.dumps(rows, indent=2))
        return 0
    if not listing:
        print("no Ethereum account yet; create one with `coldsplit eth account create --account NAME`")
    for item in listing:
        a = item.account
        if a is None:
            print(f"{item.name}  (addresses verified before Ethereum accounts; no account record)")
        else:
            print(f"{a.name}  wallet {a.fingerprint}, {a.layout} at {a.key_path}, created {a.created_at}")
        for v in item.verified:
            print(f"  {v.address}  {v.path}  verified on device {v.fingerprint} at {v.verified_at}")
        if not item.verified:
            print("  no address verified on the device yet: `coldsplit eth account verify`")
    return 0
