"""The air-gapped Ethereum round trip by QR, end to end on the real local node (anvil) and the
software device: `eth send --qr-out` (ur:eth-sign-request frames) → offline `eth sign
--qr-in … --qr-out …` under the socket guard (nothing beyond loopback; the offline machine
has no store and no endpoint) → `eth broadcast --qr-in … --unsigned …` → mined. Then the
refusals: a PSBT's frames, a frame of another transaction mid-scan, a corrupted frame, a
signature of another transaction — one line, exit 2, nothing signed or sent."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import pytest

from app.airgap.files import scan_image_files
from app.airgap.frames import render_png, ur_message_encoder
from app.cli.main import run
from app.settings import Settings
from app.usecases.eth import add_eth_token
from tests.eth.conftest import ALL, COLD, ETHER, EXCHANGE
from wallet.airgap.eth import ETH_SIGN_REQUEST, EthSignRequest, path_text
from wallet.emulator.emulator import Emulator
from wallet.eth_chain.anvil import LocalEthChain


def _guard_network(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    reached: list[object] = []

    def guard(original: Any) -> Any:
        def checked(self: socket.socket, address: Any, *rest: Any) -> Any:
            target = rest[-1] if rest else address
            if isinstance(target, tuple) and target[0] not in ("127.0.0.1", "localhost"):
                reached.append(target)
                raise OSError("network access in an offline command")
            return original(self, address, *rest)

        return checked

    monkeypatch.setattr(socket.socket, "connect", guard(socket.socket.connect))
    monkeypatch.setattr(socket.socket, "sendto", guard(socket.socket.sendto))
    return reached


def _frames(folder: Path) -> list[str]:
    return [str(p) for p in sorted(folder.glob("frame-*.png"))]


def _online(data_dir: Path, config: Path, *words: str) -> int:
    return run(["--data-dir", str(data_dir), "--config-dir", str(config), "eth", *words])


def _offline(offline: Path, *words: str) -> int:
    return run(["--data-dir", str(offline), "--config-dir", str(offline), "eth", *words])


def _send_by_qr(data_dir: Path, config: Path, out: Path, amount: str, *extra: str) -> None:
    code = _online(
        data_dir, config, "send", "--account", "Cold ETH", "--to", EXCHANGE, "--amount", amount,
        "--qr-out", str(out), "--qr-density", "5", *extra,
    )  # fmt: skip
    assert code == 0


def test_air_gapped_eth_and_token_round_trip_by_qr(
    chain: LocalEthChain,
    settings: Settings,
    cold_db: Path,
    data_dir: Path,
    config_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    usdc = chain.deploy_token("USD Coin", "USDC", 6, 10**15)
    add_eth_token(cold_db, settings, usdc)
    chain.send_eth(COLD, ETHER)
    chain.send_token(usdc, COLD, 50_000_000)
    offline = tmp_path / "offline"  # the air-gapped machine: no store, no endpoint
    offline.mkdir()
    for amount, token, shown in (("0.25", (), "send      0.25 ETH"), ("12.5", ("--token", "USDC"), None)):
        to_signer, to_online = tmp_path / f"to-signer-{amount}", tmp_path / f"to-online-{amount}"
        _send_by_qr(data_dir, config_dir, to_signer, amount, *token)
        frames = _frames(to_signer)
        assert len(frames) > 1 and "ur:eth-sign-request" in capsys.readouterr().out  # animated at density 5
        request = EthSignRequest.from_cbor(scan_image_files(frames, wanted=ETH_SIGN_REQUEST))
        assert (request.source_fingerprint, path_text(request.path)) == (0x5C9E228D, "m/44h/60h/0h/0/0")
        assert request.address is not None and "0x" + request.address.hex() == COLD.lower()
        reached = _guard_network(monkeypatch)
        with Emulator("trezor-t", port=0, mnemonic=ALL, confirm="auto") as device:
            code = _offline(
                offline, "sign", "--qr-in", *frames[::-1], "--qr-out", str(to_online),
                "--device", device.path, "--yes",
            )  # fmt: skip
        out, err = capsys.readouterr()
        assert code == 0, err
        assert reached == []
        monkeypatch.undo()
        if shown is not None:
            assert shown in out and "NOT a verified address" in out
        else:  # the signing machine does not know the token: base units, and the warning
            assert "send      12500000 (unknown token, base units)" in out
            assert "this token is not one ColdSplit knows" in out
        unsigned = to_signer / "unsigned.json"
        code = _online(
            data_dir, config_dir, "broadcast", "--qr-in", *_frames(to_online), "--unsigned", str(unsigned)
        )
        out, err = capsys.readouterr()
        assert code == 0, err
        tx_hash = out.split()[-1]
        assert chain.wait_for_receipt(tx_hash)["status"] == "0x1"
    from wallet.eth_chain.node import EthNode

    node = EthNode(chain.url)
    assert node.balances(EXCHANGE, [usdc], node.block_number())[1] == [12_500_000]


def test_bad_frames_are_refused_and_nothing_is_signed(
    chain: LocalEthChain,
    cold_db: Path,
    data_dir: Path,
    config_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    chain.send_eth(COLD, ETHER)
    first, second = tmp_path / "first", tmp_path / "second"
    _send_by_qr(data_dir, config_dir, first, "0.1")
    _send_by_qr(data_dir, config_dir, second, "0.2")
    capsys.readouterr()
    psbt_dir = tmp_path / "psbt"
    psbt_frames = psbt_dir / "frame-0001.png"
    psbt_dir.mkdir()
    psbt_frames.write_bytes(render_png(ur_message_encoder("crypto-psbt", b"\x41" + b"p" * 1, 10).next_part()))
    corrupted = tmp_path / "corrupted.png"
    head, body = _text_of(first).lower().rsplit("/", 1)
    middle = len(body) // 4 * 2  # a whole Bytewords word, swapped for another valid word
    swapped = "ae" if body[middle : middle + 2] != "ae" else "ad"
    corrupted.write_bytes(render_png(f"{head}/{body[:middle]}{swapped}{body[middle + 2 :]}".upper()))
    out = tmp_path / "out"
    cases = [
        ([str(psbt_frames)], "holds a ur:crypto-psbt, not an Ethereum transaction to sign"),
        ([_frames(first)[0], _frames(second)[1]], "another message than the one being scanned"),
        ([str(corrupted)], "checksum"),
    ]
    for images, said in cases:
        code = _offline(tmp_path, "sign", "--qr-in", *images, "--qr-out", str(out), "--yes")
        err = capsys.readouterr().err
        assert code == 2 and said in err and "Traceback" not in err, err
        assert len(err.strip().splitlines()) == 1
        assert not out.exists()


def _text_of(folder: Path) -> str:
    from PIL import Image

    from app.airgap.frames import read_qr_texts

    (text,) = read_qr_texts(Image.open(_frames(folder)[0]))
    return text


def test_a_signature_of_another_transaction_is_refused(
    chain: LocalEthChain,
    cold_db: Path,
    data_dir: Path,
    config_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    chain.send_eth(COLD, ETHER)
    first, second, answer = tmp_path / "first", tmp_path / "second", tmp_path / "answer"
    _send_by_qr(data_dir, config_dir, first, "0.1")
    _send_by_qr(data_dir, config_dir, second, "0.2")
    with Emulator("onekey-pro", port=0, mnemonic=ALL, confirm="auto") as device:
        code = _offline(
            tmp_path,
            "sign",
            "--qr-in",
            *_frames(first),
            "--qr-out",
            str(answer),
            "--device",
            device.path,
            "--yes",
        )
    assert code == 0
    capsys.readouterr()
    code = _online(
        data_dir,
        config_dir,
        "broadcast",
        "--qr-in",
        *_frames(answer),
        "--unsigned",
        str(second / "unsigned.json"),
    )
    err = capsys.readouterr().err
    assert code == 2 and "answers another request" in err
    assert json.loads((second / "unsigned.json").read_text())["value"] == str(ETHER // 5)


@pytest.mark.parametrize(
    ("words", "said"),
    [
        (["sign", "--qr-out", "out"], "either as a file or as --qr-in"),
        (["sign", "unsigned.json"], "give -o FILE (and/or --qr-out DIR)"),
        (["sign", "--qr-in", "a.png", "--qr-out", "out", "--qr-format", "bbqr"], "BBQr has no Ethereum type"),
        (["broadcast", "--qr-in", "a.png"], "--qr-in needs --unsigned FILE"),
        (["broadcast"], "either as a file or as --qr-in"),
    ],
)
def test_wrong_qr_options_are_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], words: list[str], said: str
) -> None:
    assert _offline(tmp_path, *words) == 2
    err = capsys.readouterr().err
    assert said in err and len(err.strip().splitlines()) == 1 and not (tmp_path / "out").exists()


def test_send_refuses_a_frame_folder_in_use_before_asking_the_node(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    used = tmp_path / "used"
    used.mkdir()
    (used / "frame-0001.png").write_bytes(b"")
    code = _offline(
        tmp_path, "send", "--account", "Cold ETH", "--to", EXCHANGE, "--amount", "1", "--qr-out", str(used)
    )
    assert (
        code == 2 and "already holds QR frames" in capsys.readouterr().err
    )  # no endpoint was needed to say so


def test_help_says_eth_sign_works_offline(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        run(["eth", "sign", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert (
        "nothing in this command touches the network" in text and "--qr-in" in text and "--qr-density" in text
    )
