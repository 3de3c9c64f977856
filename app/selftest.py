"""`coldsplit --self-test`: prove an installation (or the bundle) is whole.

Imports every module of the four packages, then exercises each capability that
exists: the store, settings, log redaction and the shipped resources. Prints one
line per check and returns 0 only if all pass.
"""

from __future__ import annotations

import importlib
import pkgutil
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path

PACKAGES = ("app", "wallet", "risk", "ui", "resources")


def _import_all() -> str:
    count = 0
    for name in PACKAGES:
        package = importlib.import_module(name)
        count += 1
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{name}."):
            importlib.import_module(info.name)
            count += 1
    return f"{count} modules imported"


def _store_roundtrip() -> str:
    from app.store import LATEST_VERSION, open_store

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "self-test.sqlite3"
        with open_store(path) as store:
            store.set_meta("self-test", "ok")
        with open_store(path) as store:
            if store.get_meta("self-test") != "ok" or store.schema_version != LATEST_VERSION:
                raise RuntimeError("store did not keep what was written")
        return f"schema v{LATEST_VERSION}, mode {oct(path.stat().st_mode & 0o777)}"


def _settings_roundtrip() -> str:
    from app.usecases.settings import SettingsChange, change_settings, read_settings
    from wallet.types import Network

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "settings.json"
        change_settings(path, SettingsChange(network=Network.SIGNET))
        if read_settings(path).network is not Network.SIGNET:
            raise RuntimeError("settings did not round-trip")
    return "round-trip ok"


def _redaction() -> str:
    from app.logs import redact

    xprv = "xprv" + "9" * 107
    if xprv in redact(f"key {xprv}", debug=True):
        raise RuntimeError("an extended private key survived redaction")
    return "private keys masked"


def _secret_screen() -> str:
    from mnemonic import Mnemonic

    from app.store.secret_screen import LANGUAGES, find_secret

    for language in LANGUAGES:
        words = Mnemonic(language).wordlist
        phrase = " ".join([words[0]] * 11 + [words[3]])  # indices of "abandon ×11 about": checksum-valid
        if find_secret(phrase) is None:
            raise RuntimeError(f"a {language} seed phrase was not recognised (wordlist missing?)")
    return f"seed phrases recognised in all {len(LANGUAGES)} BIP39 wordlists"


# What the app cannot run without: the crash presets, the demo data, the Japanese
# translation and the udev rules. The bundle's self-test proves pyinstaller shipped them.
REQUIRED_RESOURCES = (
    ("scenarios", "2025-10-10.json"),
    ("scenarios", "2026-01-31.json"),
    ("scenarios", "2021-05-19.json"),
    ("scenarios", "2020-03-12.json"),
    ("calibration", "calibration.json"),
    ("demo", "portfolio.json"),
    ("translations", "coldsplit_ja.qm"),
    ("udev", "51-coldsplit-hardware-wallets.rules"),
)


def _resources() -> str:
    from app.resources import resource_path

    root = resource_path()
    missing = ["/".join(parts) for parts in REQUIRED_RESOURCES if not resource_path(*parts).is_file()]
    if missing:
        raise RuntimeError(f"missing under {root}: {', '.join(missing)}")
    files = [p for p in root.rglob("*") if p.is_file() and p.suffix != ".pyc"]
    return f"{len(files)} files under resources/, the {len(REQUIRED_RESOURCES)} required ones included"


CHECKS: tuple[tuple[str, Callable[[], str]], ...] = (
    ("imports", _import_all),
    ("store", _store_roundtrip),
    ("settings", _settings_roundtrip),
    ("log redaction", _redaction),
    ("secret screen", _secret_screen),
    ("resources", _resources),
)


def run_self_test() -> int:
    failures = 0
    for name, check in CHECKS:
        try:
            print(f"ok    {name}: {check()}")
        except Exception as exc:  # report every failing check, not just the first
            failures += 1
            print(f"FAIL  {name}: {type(exc).__name__}: {exc}")
            traceback.print_exc()
    print("self-test passed" if failures == 0 else f"self-test failed: {failures} check(s)")
    return 0 if failures == 0 else 1
