"""The wallet's side of "our strict parser is the only one that reads user input" (issue 17, 4).

hwilib's and bdk's PSBT parsers are called in exactly four places, and each is handed our
own serialisation of a PSBT our parser accepted: a driver gets `Psbt.to_base64()` from
`HardwareWallet.sign_psbt`, which takes the parsed PSBT, never text; bdk gets
`convert(psbt, 0).to_base64()` in `wallet.psbt.operations`. The AST inventory below fails
when a new place starts parsing PSBTs with another library; the recording device shows what
a driver is actually given. The entry points people use are in tests/app/test_one_psbt_parser.py.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

from tests.wallet.psbt_factory import mixed_psbt
from wallet.devices.base import DeviceInfo, HardwareWallet, SignedMessage
from wallet.devices.thread import DeviceThread
from wallet.psbt.model import Psbt, load_psbt
from wallet.types import ExtendedPublicKey, KeyPath, Network, ScriptType

ROOT = Path(__file__).resolve().parents[2]
VECTORS = json.loads((ROOT / "tests" / "wallet" / "vectors" / "psbt_test_vectors.json").read_text())

# (file, function) pairs allowed to hand PSBT text to another library's parser, and why it
# is safe: what reaches them is our own serialisation.
OTHER_PARSERS_ALLOWED = {
    ("wallet/devices/hwi_driver.py", "_sign_psbt"),  # ← HardwareWallet.sign_psbt(psbt: Psbt)
    ("wallet/devices/hwi_trezor.py", "sign_with_hwi_trezor"),  # ← TrezorDriver._sign_psbt
    ("wallet/devices/psbt_signtx.py", "sign_psbt_with_trezorlib"),  # ← TrezorDriver._sign_psbt
    ("wallet/psbt/operations.py", "_bdk_psbt"),  # takes our Psbt, gives bdk convert(psbt, 0)
}


def _other_parser_calls() -> set[tuple[str, str]]:
    """Where hwilib's `PSBT().deserialize` or bdk's `Psbt(text)` is called, by enclosing function."""
    found = set()
    for package in ("app", "wallet", "ui"):
        for path in sorted((ROOT / package).rglob("*.py")):
            if "emulator" in path.parts:
                continue  # the software device parses nothing a person supplies
            tree = ast.parse(path.read_text())
            for function in ast.walk(tree):
                if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                for node in ast.walk(function):
                    if isinstance(node, ast.Call) and _parses_with_another_library(node):
                        found.add((str(path.relative_to(ROOT)), function.name))
    return found


def _parses_with_another_library(call: ast.Call) -> bool:
    text = ast.unparse(call.func)
    return text.endswith(".deserialize") or text in ("bdk.Psbt", "bdkpython.Psbt", "Psbt.from_unsigned_tx")


def test_other_libraries_parse_psbts_only_where_they_get_our_serialisation() -> None:
    assert _other_parser_calls() == OTHER_PARSERS_ALLOWED


def test_the_inventory_sees_such_a_call() -> None:
    sample = ast.parse("def f(text):\n    p = PSBT()\n    p.deserialize(text)\n    return bdk.Psbt(text)\n")
    calls = [n for n in ast.walk(sample) if isinstance(n, ast.Call) and _parses_with_another_library(n)]
    assert len(calls) == 2


def test_drivers_are_called_only_by_the_interface() -> None:
    """`_sign_psbt` (where a driver's library parses) is reached only from `sign_psbt`, which
    takes a parsed PSBT; a driver may delegate inside itself."""
    callers = set()
    for path in sorted((ROOT / "wallet").rglob("*.py")) + sorted((ROOT / "app").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and ast.unparse(node.func).endswith("._sign_psbt"):
                callers.add(str(path.relative_to(ROOT)))
    assert callers == {"wallet/devices/base.py"}


class RecordingWallet(HardwareWallet):
    """A device that records what its driver hook is handed and signs nothing."""

    driver_name = "recording"

    def __init__(self, device_thread: DeviceThread) -> None:
        super().__init__("recording:", device_thread, Network.TESTNET)
        self.received: list[str] = []

    def _sign_psbt(self, psbt_base64: str) -> str:
        self.received.append(psbt_base64)
        return psbt_base64

    def _open(self) -> None: ...
    def _close(self) -> None: ...
    def _request_cancel(self) -> None: ...

    def _master_fingerprint(self) -> bytes:
        return bytes(4)

    def _info(self) -> DeviceInfo:
        raise AssertionError("not asked in this test")

    def _get_xpub(self, path: KeyPath) -> ExtendedPublicKey:
        raise AssertionError("not asked in this test")

    def _display_address(self, path: KeyPath, script_type: ScriptType, show: bool) -> str:
        raise AssertionError("not asked in this test")

    def _sign_message(self, path: KeyPath, message: bytes, script_type: ScriptType) -> SignedMessage:
        raise AssertionError("not asked in this test")


def test_a_driver_is_handed_our_serialisation_not_the_bytes_a_person_gave() -> None:
    supplied = [mixed_psbt().serialize().hex(), *VECTORS["valid"][:8]]  # hex text, then base64 vectors
    with DeviceThread() as thread:
        wallet = RecordingWallet(thread)
        for text in supplied:
            parsed: Psbt = load_psbt(text)
            thread.call(wallet.sign_psbt, parsed)
            assert wallet.received[-1] == parsed.to_base64()
    assert wallet.received[0] != supplied[0]  # hex from the person, our base64 to the driver
