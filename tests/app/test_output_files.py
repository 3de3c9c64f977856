"""Output files: only a new name or a regular file is ever written (issue 18, F5).

`atomic_write_bytes` writes a temp file and renames it over the target; a rename replaces
any directory entry, so `psbt convert … -o /dev/full` as root once replaced /dev/full with
a regular file. Now anything but a regular file or a new name is refused, left untouched,
and no temp file is left behind. Tested on real symlinks, FIFOs, directories and /dev/null.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from app.cli.main import run
from app.fsutil import UnsafePathError, atomic_write_bytes, check_writable_target
from tests.wallet.psbt_factory import mixed_psbt


def _special_targets(tmp_path: Path) -> dict[str, Path]:
    real = tmp_path / "real.txt"
    real.write_text("keep me")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    dangling = tmp_path / "dangling.txt"
    dangling.symlink_to(tmp_path / "nowhere.txt")
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    folder = tmp_path / "folder"
    folder.mkdir()
    return {"symlink": link, "dangling symlink": dangling, "FIFO": fifo, "directory": folder}


def _snapshot(path: Path) -> tuple[int, int, int]:
    info = os.lstat(path)
    return info.st_mode, info.st_ino, info.st_size


@pytest.mark.parametrize("kind", ["symlink", "dangling symlink", "FIFO", "directory"])
def test_the_helper_refuses_and_leaves_it_untouched(tmp_path: Path, kind: str) -> None:
    target = _special_targets(tmp_path)[kind]
    before = sorted(p.name for p in tmp_path.iterdir())
    snapshot = _snapshot(target)
    with pytest.raises(UnsafePathError, match="regular file"):
        atomic_write_bytes(target, b"new")
    assert _snapshot(target) == snapshot
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no temp file left behind
    assert (tmp_path / "real.txt").read_text() == "keep me"
    assert not (tmp_path / "nowhere.txt").exists()


def test_a_device_node_is_refused() -> None:
    null = Path("/dev/null")
    assert stat.S_ISCHR(os.lstat(null).st_mode)
    with pytest.raises(UnsafePathError, match="a device"):
        check_writable_target(null)


def test_a_new_name_and_a_regular_file_are_written(tmp_path: Path) -> None:
    fresh = tmp_path / "new.bin"
    atomic_write_bytes(fresh, b"one")
    atomic_write_bytes(fresh, b"two")
    assert fresh.read_bytes() == b"two"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.bin"]


def test_a_name_that_appears_during_the_write_is_not_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The new-name path links the temp file into place, which fails rather than replace."""
    target = tmp_path / "out.bin"
    real_fsync = os.fsync

    def plant_a_symlink(fd: int) -> None:
        real_fsync(fd)
        target.symlink_to("/dev/null")

    monkeypatch.setattr(os, "fsync", plant_a_symlink)
    with pytest.raises(UnsafePathError, match="appeared"):
        atomic_write_bytes(target, b"data")
    assert target.is_symlink() and os.readlink(target) == "/dev/null"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.bin"]


@pytest.mark.parametrize("kind", ["symlink", "dangling symlink", "FIFO", "directory", "/dev/null"])
def test_psbt_convert_refuses_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    source = tmp_path / "in.psbt"
    source.write_text(mixed_psbt().to_base64())
    targets = _special_targets(tmp_path)
    target = Path("/dev/null") if kind == "/dev/null" else targets[kind]
    snapshot = _snapshot(target)
    before = sorted(p.name for p in tmp_path.iterdir())
    code = run(
        ["--data-dir", str(tmp_path / "data"), "psbt", "convert", str(source), "--to", "2", "-o", str(target)]
    )
    err = capsys.readouterr().err
    assert code == 2, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert _snapshot(target) == snapshot
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "data") == [
        n for n in before if n != "data"
    ]


def test_cold_labels_export_to_a_directory_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.wallet.psbt_factory import ACCOUNTS

    data = ["--data-dir", str(tmp_path / "data"), "--network", "testnet"]
    account = next(iter(ACCOUNTS.values()))
    assert run([*data, "cold", "import", "vault", "--descriptor", account.multipath_descriptor()]) == 0
    capsys.readouterr()
    folder = tmp_path / "folder"
    folder.mkdir()
    code = run([*data, "cold", "labels", "export", "vault", "-o", str(folder)])
    err = capsys.readouterr().err
    assert code == 2 and "is a directory" in err and len(err.strip().splitlines()) == 1
    assert list(folder.iterdir()) == []
