"""The layering of ARCHITECTURE.md that import-linter cannot see, and file-size limits."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("app", "wallet", "risk", "ui")


def _imported_roots(path: Path) -> set[str]:
    roots: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


def test_risk_imports_numpy_and_the_standard_library_only() -> None:
    allowed = set(sys.stdlib_module_names) | {"numpy", "risk"}
    for path in sorted((ROOT / "risk").rglob("*.py")):
        extra = _imported_roots(path) - allowed
        assert not extra, f"{path.relative_to(ROOT)} imports {sorted(extra)}"


def test_qt_lives_only_in_ui() -> None:
    for package in ("app", "wallet", "risk"):
        for path in sorted((ROOT / package).rglob("*.py")):
            qt = _imported_roots(path) & {"PySide6", "pyqtgraph", "shiboken6"}
            assert not qt, f"{path.relative_to(ROOT)} imports {sorted(qt)}"


def test_source_files_stay_small() -> None:
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            lines = len(path.read_text().splitlines())
            assert lines <= 600, f"{path.relative_to(ROOT)} has {lines} lines; split it by job"


GATE_HOME = ROOT / "app" / "usecases"  # the only place above `wallet` that signs or reviews
GATE_NAMES = {"review_psbt", "review_for_signer", "sign_reviewed", "ensure_signable", "check_signer_result"}
GATE_NAMES |= {
    "check_signed"
}  # the Ethereum one: signed bytes == reviewed transaction (app.usecases.eth_send)


def _device_sign_calls(path: Path) -> list[str]:
    """`x.sign_psbt(…)` calls whose receiver could be a hardware wallet (the GUI's old bypass)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if node.func.attr not in ("sign_psbt", "_sign_psbt", "sign_eth_tx", "_sign_eth_tx"):
            continue
        receiver = ast.unparse(node.func.value)
        found.append(f"{path.relative_to(ROOT)}:{node.lineno} {receiver}.{node.func.attr}(…)")
    return found


def test_front_ends_sign_and_review_only_through_the_use_case() -> None:
    """Every front-end — the CLI, the GUI and its services, and any later one under app/ or
    ui/ — reaches the signing gate only through app.usecases: nothing else there signs on a
    wallet object or calls the wallet's review/sign steps itself (import-linter forbids the
    CLI, services and ui importing those modules; this also catches calls needing no import)."""
    offences = []
    paths = sorted((ROOT / "app").rglob("*.py")) + sorted((ROOT / "ui").rglob("*.py"))
    for path in paths:
        if GATE_HOME in path.parents:
            continue
        nodes = list(ast.walk(ast.parse(path.read_text())))
        names = {n.id for n in nodes if isinstance(n, ast.Name)}
        names |= {n.attr for n in nodes if isinstance(n, ast.Attribute)}
        names |= {a.name for n in nodes if isinstance(n, ast.ImportFrom) for a in n.names}
        offences += [f"{path.relative_to(ROOT)} uses {name}" for name in sorted(names & GATE_NAMES)]
        if path.parts[len(ROOT.parts)] != "ui":  # ui holds only the service ports (no wallet import)
            offences += _device_sign_calls(path)
    assert not offences, offences
    for path in sorted((ROOT / "ui").rglob("*.py")):
        assert "wallet" not in _imported_roots(path), f"{path.relative_to(ROOT)} imports the wallet layer"


# A task both front-ends offer has one home in app.usecases; its inner steps are called only
# there (by name: a service's method of the same name, `x.advise(…)`, is the front-end's port).
USE_CASE_STEPS = {
    "advise": "app.usecases.advice",
    "choose_targets": "app.usecases.advice",
    "record_verified_address": "app.usecases.cold_accounts",
    "save_settings": "app.usecases.settings",
    "build_spend": "app.usecases.spend",
    "import_holdings_csv": "app.usecases.imports",
    "refresh_account": "app.usecases.imports",
    "import_labels": "app.usecases.imports",
    "add_api_account": "app.usecases.imports",
    # the one rule choosing HWI or trezorlib for a device path, for every front-end
    "open_wallet": "app.usecases.devices",
    "signing_path": "app.usecases.devices",
    # finalizing, syncing with and sending to the chain, and the portfolio the pages read
    "finalize": "app.usecases.psbt",
    "sync_account": "app.usecases.chain",
    "sync_wallet": "app.usecases.chain",
    "connect_backend": "app.usecases.chain",
    "connect": "app.usecases.chain",
    "portfolio_json": "app.usecases.holdings",
    "refresh_api_accounts": "app.usecases.holdings",
    # the Ethereum cold account
    "sync_address": "app.usecases.eth",
    "add_token": "app.usecases.eth",
    "build_transfer": "app.usecases.eth_send",
    "review_transfer": "app.usecases.eth_send",
}
STEP_HOMES = {ROOT / "app" / d for d in ("usecases", "advisor", "cold", "exchanges", "watch", "eth")}
STEP_FILES = {
    ROOT / "app" / "settings.py",  # where save_settings itself lives
    ROOT / "app" / "holdings_store.py",  # the stored holdings document builds on portfolio_json
    ROOT / "app" / "cli" / "accounts_numbers.py",  # the trader's numbers read it, write no file
}


def _names_used(path: Path) -> set[str]:
    nodes = list(ast.walk(ast.parse(path.read_text(), str(path))))
    names = {n.id for n in nodes if isinstance(n, ast.Name)}
    names |= {n.arg for n in nodes if isinstance(n, ast.keyword) and n.arg is not None}
    return names | {a.name for n in nodes if isinstance(n, ast.ImportFrom) for a in n.names}


def test_front_ends_reach_each_shared_task_only_through_its_use_case() -> None:
    """The CLI, the GUI's services and ui call `compute_advice`, `verify_address`, … — never the
    steps those use cases are made of (the CLI and the GUI each did once, and drifted)."""
    offences = []
    for path in sorted((ROOT / "app").rglob("*.py")) + sorted((ROOT / "ui").rglob("*.py")):
        if path in STEP_FILES or any(home in path.parents for home in STEP_HOMES):
            continue
        for name in sorted(_names_used(path) & USE_CASE_STEPS.keys()):
            offences.append(f"{path.relative_to(ROOT)} uses {name}; call {USE_CASE_STEPS[name]}")
    assert not offences, offences
