"""`coldsplit device …` against the software device (auto-confirming, on a free loopback port)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli.main import run
from wallet.emulator.emulator import Emulator

ALL = " ".join(["all"] * 12)


@pytest.fixture
def onekey() -> Iterator[Emulator]:
    with Emulator("onekey-pro", port=0, mnemonic=ALL, confirm="auto") as emulator:
        yield emulator


def _json(capsys: pytest.CaptureFixture[str], argv: list[str]) -> object:
    assert run(argv) == 0
    return json.loads(capsys.readouterr().out)


def test_list_finds_the_emulator_by_path(
    onekey: Emulator, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = _json(
        capsys, ["--data-dir", str(data_dir), "device", "list", "--no-hwi", "--json", "--device", onekey.path]
    )
    assert isinstance(rows, list)
    mine = [row for row in rows if row["path"] == onekey.path]
    assert len(mine) == 1 and mine[0]["vendor"] == "OneKey" and mine[0]["model"] == "OneKey Pro"


def test_info_xpub_address_and_message(
    onekey: Emulator, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["--data-dir", str(data_dir), "--network", "mainnet", "device"]
    info = _json(capsys, [*base, "info", "--device", onekey.path, "--json"])
    assert isinstance(info, dict)
    assert (info["vendor"], info["firmware_version"], info["fingerprint"]) == ("OneKey", "4.20.0", "5c9e228d")
    xpub = _json(capsys, [*base, "xpub", "--device", onekey.path, "--path", "m/44h/0h/0h", "--json"])
    assert isinstance(xpub, dict) and xpub["key"].startswith("[5c9e228d/44h/0h/0h]xpub6BiVtCpG9fQPxnPmHXG8")
    address = _json(
        capsys,
        [
            *base,
            "address",
            "--device",
            onekey.path,
            "--path",
            "m/86h/0h/0h/0/0",
            "--script-type",
            "tr",
            "--show",
            "--json",
        ],
    )
    assert address == {
        "address": "bc1ptxs597p3fnpd8gwut5p467ulsydae3rp9z75hd99w8k3ljr9g9rqx6ynaw",
        "path": "m/86h/0h/0h/0/0",
        "script_type": "tr",
        "shown": True,
    }
    signed = _json(
        capsys,
        [
            *base,
            "sign-message",
            "--device",
            onekey.path,
            "--path",
            "m/84h/0h/0h/0/0",
            "--message",
            "hi",
            "--json",
        ],
    )
    assert isinstance(signed, dict) and signed["address"] == "bc1qannfxke2tfd4l7vhepehpvt05y83v3qsf6nfkk"


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["address", "--path", "m/84h/x", "--script-type", "wpkh"], "bad key path"),
        (["address", "--path", "m/84h/0h/0h/0/0", "--script-type", "p2wsh"], "unknown script type"),
        (["xpub", "--path", "m/44h/0h/0h", "--device", "udp:127.0.0.1:nope"], "UDP device path"),
    ],
)
def test_bad_requests_are_one_line_exit_2(
    onekey: Emulator, data_dir: Path, capsys: pytest.CaptureFixture[str], args: list[str], needle: str
) -> None:
    if "--device" not in args:
        args = [*args, "--device", onekey.path]
    assert run(["--data-dir", str(data_dir), "device", *args]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and needle in err[0] and "Traceback" not in err[0]


def test_a_silent_port_is_reported_not_hung(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with Emulator("trezor-one", port=0, mnemonic=ALL) as emulator:
        path = emulator.path
    # nothing listens there any more
    assert run(["--data-dir", str(data_dir), "device", "info", "--device", path]) == 3  # a device error
    err = capsys.readouterr().err.strip()
    assert err.endswith("[not_connected]") and len(err.splitlines()) == 1
