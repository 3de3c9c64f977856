"""`coldsplit device`: list hardware wallets, show one, read an xpub, show an address, sign a message.

Every device call runs on the one device thread; device errors are reported on one
line with their code (exit 3). `--device udp:127.0.0.1:P` reaches an emulator on any
port; `hwi:<type>:<path>` forces the HWI driver.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Mapping
from typing import TypeVar

from app.cli.context import CommandContext
from app.cli.device_session import (
    add_device_options,
    opened_device_for,
    run_on_device_thread,
)
from app.errors import UserError
from wallet.devices.base import HardwareWallet
from wallet.devices.registry import enumerate_devices
from wallet.devices.trezor_driver import EMULATOR_PATHS
from wallet.types import KeyInputError, Network, ScriptType

_T = TypeVar("_T")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "device", help="hardware wallets: list, info, xpub, address, sign a message"
    )
    actions = parser.add_subparsers(dest="device_action", metavar="ACTION", required=True)

    listing = actions.add_parser("list", help="list connected devices and emulators")
    listing.add_argument("--device", action="append", default=[], help="also probe this udp: path")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.add_argument("--no-hwi", action="store_true", help="skip vendors only HWI knows")
    listing.set_defaults(handler=list_devices)

    info = _with_device(actions.add_parser("info", help="vendor, model, firmware, fingerprint, PIN state"))
    info.set_defaults(handler=show_info)

    xpub = _with_device(actions.add_parser("xpub", help="the extended public key at a path, with its origin"))
    xpub.add_argument("--path", required=True, help="derivation path, e.g. m/84h/0h/0h")
    xpub.set_defaults(handler=show_xpub)

    address = _with_device(
        actions.add_parser("address", help="the address at a path (--show: on the device)")
    )
    address.add_argument("--path", required=True, help="derivation path, e.g. m/84h/0h/0h/0/0")
    address.add_argument("--script-type", default="wpkh", help="pkh, sh-wpkh, wpkh (default) or tr")
    address.add_argument("--show", action="store_true", help="show it on the device screen to compare")
    address.set_defaults(handler=show_address)

    message = _with_device(actions.add_parser("sign-message", help="sign a message with the key at a path"))
    message.add_argument("--path", required=True, help="derivation path of the signing key")
    message.add_argument("--message", required=True, help="the text to sign")
    message.add_argument("--script-type", default="wpkh", help="pkh, sh-wpkh, wpkh (default) or tr")
    message.set_defaults(handler=sign_message)


def _with_device(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    add_device_options(parser)
    parser.add_argument("--json", action="store_true", help="print JSON")
    return parser


def _chain(ctx: CommandContext) -> Network:
    return ctx.network


def _with_wallet(args: argparse.Namespace, ctx: CommandContext, action: Callable[[HardwareWallet], _T]) -> _T:
    with opened_device_for(args, _chain(ctx)) as session:
        return session.call(action)


def _print(args: argparse.Namespace, as_json: Mapping[str, object], text: str) -> None:
    print(json.dumps(as_json, indent=2) if args.json else text)


def list_devices(args: argparse.Namespace, ctx: CommandContext) -> int:
    paths = [*EMULATOR_PATHS, *(p for p in args.device if p not in EMULATOR_PATHS)]
    found = run_on_device_thread(
        lambda t: enumerate_devices(t, _chain(ctx), udp_paths=paths, include_hwi=not args.no_hwi)
    )
    rows = [
        {
            "path": d.path,
            "driver": d.driver,
            "vendor": d.vendor.value,
            "model": d.model,
            "label": d.label,
            "needs_pin": d.needs_pin,
            "error": d.error,
        }
        for d in found
    ]
    if args.json:
        print(json.dumps(rows, indent=2))
    elif not rows:
        print("no devices found")
    else:
        for row in rows:
            state = f"  ({row['error']})" if row["error"] else ("  (locked)" if row["needs_pin"] else "")
            print(f"{row['path']}  {row['vendor']} {row['model']}  {row['label'] or ''}{state}")
    return 0


def show_info(args: argparse.Namespace, ctx: CommandContext) -> int:
    def action(wallet: HardwareWallet) -> dict[str, object]:
        wallet.master_fingerprint()  # unlock (PIN, passphrase) so the fingerprint is the opened wallet's
        return wallet.info().as_dict()

    info = _with_wallet(args, ctx, action)
    _print(args, info, "\n".join(f"{key}: {value}" for key, value in info.items()))
    return 0


def show_xpub(args: argparse.Namespace, ctx: CommandContext) -> int:
    key = _with_wallet(args, ctx, lambda wallet: wallet.get_xpub(args.path))
    _print(
        args,
        {"xpub": key.to_base58(), "key": key.descriptor_key, "origin": str(key.origin)},
        key.descriptor_key,
    )
    return 0


def show_address(args: argparse.Namespace, ctx: CommandContext) -> int:
    script_type = _script_type(args.script_type)
    address = _with_wallet(
        args, ctx, lambda wallet: wallet.display_address(args.path, script_type, args.show)
    )
    payload = {"address": address, "path": args.path, "script_type": script_type.value, "shown": args.show}
    _print(args, payload, address)
    return 0


def sign_message(args: argparse.Namespace, ctx: CommandContext) -> int:
    script_type = _script_type(args.script_type)
    text: str = args.message
    signed = _with_wallet(
        args, ctx, lambda wallet: wallet.sign_message(args.path, text.encode(), script_type)
    )
    payload = {"address": signed.address, "signature": signed.signature_base64, "message": text}
    _print(args, payload, f"{signed.address}\n{signed.signature_base64}")
    return 0


def _script_type(text: str) -> ScriptType:
    try:
        return ScriptType.parse(text)
    except KeyInputError as exc:
        raise UserError(str(exc)) from exc  # a bad --script word, not a device failure
