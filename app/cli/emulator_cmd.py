"""`coldsplit emulator`: run the software Trezor/OneKey device on loopback until Ctrl-C.

It speaks the real wire protocol on UDP port P (DebugLink on P+1), so trezorlib,
trezorctl and HWI talk to it as to the official emulator. It is NOT secure storage and
says so loudly at start. The seed stays in memory unless a seed file is given.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path
from types import FrameType

from bip_utils import Bip39MnemonicGenerator, Bip39WordsNum

from app.cli.context import CommandContext
from app.errors import UserError
from app.fsutil import atomic_write_text, read_bounded
from wallet.emulator.emulator import INSECURE_WARNING, Emulator
from wallet.emulator.identities import IDENTITIES
from wallet.emulator.patient_yes import PatientYes
from wallet.emulator.server import ServerError
from wallet.emulator.state import StateError, normalize_mnemonic, validate_pin

BANNER_RULE = "!" * 78


class EmulatorCommandError(UserError):
    """The emulator cannot start with these arguments (bad seed, PIN, busy port)."""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "emulator", help="run the software hardware-wallet device (NOT secure storage) until Ctrl-C"
    )
    parser.add_argument("--identity", choices=list(IDENTITIES), default="trezor-one")
    parser.add_argument("--port", type=int, help="UDP wire port (DebugLink on port+1); 0 picks a free pair")
    seed = parser.add_mutually_exclusive_group()
    seed.add_argument("--mnemonic", metavar="WORDS", help="BIP39 mnemonic to load (visible in ps)")
    seed.add_argument("--seed-file", type=Path, help="mnemonic file; created with a new one if missing")
    parser.add_argument("--passphrase-protection", action="store_true", help="ask for a BIP39 passphrase")
    parser.add_argument("--pin", help="PIN (digits 1-9) that locks the device")
    parser.add_argument("--label", default="ColdSplit emulator")
    confirm = parser.add_mutually_exclusive_group()
    confirm.add_argument(
        "--auto-confirm",
        action="store_true",
        help="say yes to every confirmation (0.2 s after it appears, unless the DebugLink answered it)",
    )
    confirm.add_argument("--interactive", action="store_true", help="ask on this terminal to confirm")
    parser.set_defaults(handler=run_emulator)


def _mnemonic_from(args: argparse.Namespace) -> tuple[str, str]:
    """The mnemonic to load and where it came from, for the start-up message."""
    try:
        if args.mnemonic is not None:
            return normalize_mnemonic(args.mnemonic), "from --mnemonic"
        if args.seed_file is not None:
            return _seed_file_mnemonic(args.seed_file)
    except StateError as exc:
        raise EmulatorCommandError(str(exc)) from None
    fresh = Bip39MnemonicGenerator().FromWordsNumber(Bip39WordsNum.WORDS_NUM_12).ToStr()
    return fresh, "a new random mnemonic, in memory only (lost when the emulator stops)"


def _seed_file_mnemonic(path: Path) -> tuple[str, str]:
    if path.exists():
        try:
            text = read_bounded(path, 64 * 1024, "a seed file").decode("utf-8")
        except UnicodeDecodeError as exc:
            raise EmulatorCommandError(f"cannot read seed file {path}: {exc}") from None
        return normalize_mnemonic(text), f"from seed file {path}"
    fresh = Bip39MnemonicGenerator().FromWordsNumber(Bip39WordsNum.WORDS_NUM_12).ToStr()
    try:
        atomic_write_text(path, fresh + "\n", mode=0o600)
    except OSError as exc:
        raise EmulatorCommandError(f"cannot create seed file {path}: {exc}") from None
    return fresh, f"a new mnemonic written to seed file {path} (mode 0600, plain text)"


def _build(args: argparse.Namespace) -> tuple[Emulator, str]:
    mnemonic, origin = _mnemonic_from(args)
    if args.pin is not None:
        try:
            validate_pin(args.pin)
        except StateError as exc:
            raise EmulatorCommandError(str(exc)) from None
    if args.port is not None and not 0 <= args.port <= 65534:
        raise EmulatorCommandError(f"port must be 0 to 65534 (DebugLink uses port+1), not {args.port}")
    # --auto-confirm waits for the DebugLink first (PatientYes), so a test's NO always wins
    confirm = "interactive" if args.interactive else "debuglink"
    patient = PatientYes() if args.auto_confirm else None
    emulator = Emulator(
        args.identity,
        port=args.port,
        mnemonic=mnemonic,
        pin=args.pin,
        passphrase_protection=args.passphrase_protection,
        label=args.label,
        confirm=confirm,
        watcher=patient,
    )
    if patient is not None:
        patient.emulator = emulator
    return emulator, origin


def run_emulator(args: argparse.Namespace, ctx: CommandContext) -> int:
    emulator, origin = _build(args)
    print(f"{BANNER_RULE}\n!!! {INSECURE_WARNING}\n{BANNER_RULE}", file=sys.stderr, flush=True)
    try:
        emulator.start()
    except ServerError as exc:
        raise EmulatorCommandError(str(exc)) from None
    identity = emulator.identity
    mode = "auto-confirm" if args.auto_confirm else "this terminal" if args.interactive else "DebugLink"
    print(
        f"coldsplit emulator: {identity.name} (vendor {identity.vendor}, model {identity.model}) "
        f"serving on {emulator.path}, DebugLink on port {emulator.debug_port}\n"
        f"seed: {origin}\nconfirmations: {mode}\nPress Ctrl-C to stop.",
        file=sys.stderr,
        flush=True,
    )
    _serve_until_stopped()
    emulator.stop()
    print("coldsplit emulator: stopped", file=sys.stderr)
    return 0


def _serve_until_stopped() -> None:
    stopped = threading.Event()

    def on_terminate(_signum: int, _frame: FrameType | None) -> None:
        stopped.set()

    # Ctrl-C by our own handler too: a process started in the background inherits SIGINT
    # ignored, and Python then raises no KeyboardInterrupt (the emulator would never stop).
    previous = signal.signal(signal.SIGTERM, on_terminate)
    previous_int = signal.signal(signal.SIGINT, on_terminate)
    try:
        while not stopped.wait(0.5):
            pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        signal.signal(signal.SIGINT, previous_int)
