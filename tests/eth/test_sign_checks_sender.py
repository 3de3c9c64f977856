"""Offline signing asks the device for its address at the transfer's path silently (EthereumGetAddress,
show_display false) before it asks it to sign, and refuses a transfer whose sender the device does
not hold there — in one line, exit 2 — so the person is never asked to confirm on the device a
transfer it cannot sign. The software device records what it received and what it showed: on a
refusal no EthereumSignTx* message arrived and no screen was shown; the same transfer from the
right sender signs (the test can fail). Refused: another account's address at our path, ours at
another path, a QR request of another sender, and the right file under another passphrase.
No node is needed: the air-gapped machine has none."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from bip_utils import Bip39SeedGenerator, Bip44, Bip44Changes, Bip44Coins
from trezorlib import messages, protobuf

from app.airgap.frames import render_png, ur_message_frame_texts
from app.cli.main import run
from app.eth.send import UnsignedTransfer
from app.usecases.eth_qr import sign_request
from tests.eth.conftest import ALL, COLD, EXCHANGE
from wallet.devices.eth import EthTransaction
from wallet.emulator.confirm import Decision
from wallet.emulator.emulator import Emulator
from wallet.emulator.flow import Confirm, Entry

PATH_0, PATH_1 = "m/44h/60h/0h/0/0", "m/44h/60h/0h/0/1"
AMOUNT = 10**17


def _address(index: int) -> str:
    """m/44h/60h/0h/0/index of the "all" seed, derived by bip-utils (not by the device)."""
    seed = Bip39SeedGenerator(ALL).Generate()
    node = Bip44.FromSeed(seed, Bip44Coins.ETHEREUM).Purpose().Coin().Account(0)
    return str(node.Change(Bip44Changes.CHAIN_EXT).AddressIndex(index).PublicKey().ToAddress())


@dataclass
class Watch:
    """What the software device received and showed; it says yes to every screen it shows."""

    name: str = "watching"
    received: list[protobuf.MessageType] = field(default_factory=list)
    shown: list[str] = field(default_factory=list)

    def decide(self, prompt: Confirm) -> Decision | None:
        self.shown.append(prompt.title)
        return Decision(True, prompt.default if isinstance(prompt, Entry) else None)

    def signing_messages(self) -> list[str]:
        return [type(m).__name__ for m in self.received if type(m).__name__.startswith("EthereumSignTx")]

    def silent_address_reads(self) -> list[messages.EthereumGetAddress]:
        return [m for m in self.received if isinstance(m, messages.EthereumGetAddress) and not m.show_display]


@pytest.fixture
def watched() -> Iterator[tuple[Emulator, Watch]]:
    watch = Watch()
    with Emulator("trezor-t", port=0, mnemonic=ALL, confirm=watch) as emulator:
        handle = emulator.device.handle

        def record(msg: protobuf.MessageType) -> list[protobuf.MessageType]:
            watch.received.append(msg)
            return handle(msg)

        emulator.device.handle = record  # type: ignore[method-assign]
        yield emulator, watch


def _transfer(sender: str, path: str) -> UnsignedTransfer:
    tx = EthTransaction(31337, 0, 21_000, EXCHANGE, AMOUNT, b"", 2 * 10**9, 10**9)
    return UnsignedTransfer(sender, path, tx, EXCHANGE, AMOUNT, None)


def _sign(offline: Path, emulator: Emulator, *words: str) -> int:
    dirs = ["--data-dir", str(offline), "--config-dir", str(offline)]
    return run([*dirs, "eth", "sign", *words, "--device", emulator.path, "--yes"])


def _refusal(sender: str, path: str) -> str:
    return f"this device (or passphrase) does not hold the sending address {sender} at {path}: nothing was signed"


@pytest.mark.parametrize(
    ("sender_index", "path"),
    [(1, PATH_0), (0, PATH_1)],  # another account's address at ours; ours at another index
    ids=["another-sender", "another-path"],
)
def test_eth_sign_refuses_a_file_whose_sender_the_device_does_not_hold_before_any_screen(
    watched: tuple[Emulator, Watch],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    sender_index: int,
    path: str,
) -> None:
    from app.cli.eth_send_cmd import write_json

    emulator, watch = watched
    sender = _address(sender_index)
    unsigned, signed = tmp_path / "unsigned.json", tmp_path / "signed.json"
    write_json(unsigned, _transfer(sender, path).to_json())
    code = _sign(tmp_path, emulator, str(unsigned), "-o", str(signed))
    err = capsys.readouterr().err
    assert code == 2 and err.strip() == "coldsplit: error: " + _refusal(sender, path), err
    assert not signed.exists()
    assert watch.silent_address_reads() != []  # it asked, silently
    assert watch.signing_messages() == [] and watch.shown == []


def test_eth_sign_signs_the_same_transfer_from_the_sender_the_device_holds(
    watched: tuple[Emulator, Watch], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.cli.eth_send_cmd import write_json

    emulator, watch = watched
    assert _address(0) == COLD  # bip-utils agrees with trezor-firmware's fixture
    unsigned, signed = tmp_path / "unsigned.json", tmp_path / "signed.json"
    write_json(unsigned, _transfer(COLD, PATH_0).to_json())
    assert _sign(tmp_path, emulator, str(unsigned), "-o", str(signed)) == 0, capsys.readouterr().err
    assert signed.exists()
    names = [type(m).__name__ for m in watch.received]
    assert names.index("EthereumGetAddress") < names.index("EthereumSignTxEIP1559")
    assert watch.shown != []  # the person confirmed the transfer on the device


def test_eth_sign_refuses_a_qr_request_of_another_sender_before_any_screen(
    watched: tuple[Emulator, Watch], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    emulator, watch = watched
    sender = _address(1)
    request = sign_request(_transfer(sender, PATH_0))
    frames = []
    for number, text in enumerate(ur_message_frame_texts("eth-sign-request", request, 10)):
        frame = tmp_path / f"frame-{number:04d}.png"
        frame.write_bytes(render_png(text))
        frames.append(str(frame))
    out = tmp_path / "to-online"
    code = _sign(tmp_path, emulator, "--qr-in", *frames, "--qr-out", str(out))
    err = capsys.readouterr().err
    assert code == 2 and err.strip() == "coldsplit: error: " + _refusal(sender, PATH_0), err
    assert not out.exists()
    assert watch.silent_address_reads() != []
    assert watch.signing_messages() == [] and watch.shown == []


def test_eth_sign_with_another_passphrase_is_refused_before_any_screen(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The passphrase typed opens another wallet: its address at the path is not the sender."""
    from app.cli import device_session
    from app.cli.eth_send_cmd import write_json
    from tests.wallet.devices.conftest import DebugLinkPeer, DebugLinkUser
    from wallet.devices.interaction import PassphraseAnswer
    from wallet.emulator.confirm import ShownPrompt

    shown: list[ShownPrompt] = []
    unsigned, signed = tmp_path / "unsigned.json", tmp_path / "signed.json"
    write_json(unsigned, _transfer(COLD, PATH_0).to_json())
    with Emulator(
        "trezor-t", port=0, mnemonic=ALL, passphrase_protection=True, watcher=lambda s: s and shown.append(s)
    ) as emulator:
        peer = DebugLinkPeer(emulator)
        user = DebugLinkUser(peer, passphrases=[PassphraseAnswer("correct horse")])
        monkeypatch.setattr(device_session, "make_interaction", lambda _on_device: user)
        try:
            code = _sign(tmp_path, emulator, str(unsigned), "-o", str(signed))
        finally:
            peer.close()
    err = capsys.readouterr().err
    assert code == 2 and err.strip() == "coldsplit: error: " + _refusal(COLD, PATH_0), err
    assert len(user.passphrase_requests) == 1  # the hidden wallet was opened
    assert user.notices == [] and shown == [] and not signed.exists()  # nothing to confirm on the device
