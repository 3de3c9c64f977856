"""The shared value types have one home, `wallet.types`; no other module defines them again.

Issue 17 found four network types, three script-type enums, two `ExtendedPublicKey`
classes and `HARDENED` in six files, which drifted apart. This AST scan of every source
package keeps them from coming back: a second definition is a test failure naming the file.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOME = ROOT / "wallet" / "types.py"
SCANNED = ("app", "wallet", "risk", "ui", "benchmarks")

SHARED_CLASSES = {
    "Network",
    "ChainNetwork",
    "ScriptType",
    "ScriptKind",
    "ExtendedPublicKey",
    "KeyPath",
    "KeyOrigin",
}
SHARED_FUNCTIONS = {"parse_path", "format_path", "parse_extended_public_key", "parse_fingerprint"}
ENUM_BASES = {"Enum", "StrEnum", "IntEnum"}
# Member values that make an enum a Bitcoin network or a single-key script type, whatever its
# name ("mainnet" alone is not enough: app.eth.networks.EthNetwork is Ethereum's, a different thing).
NETWORK_VALUES = {"testnet", "signet", "regtest"}
SCRIPT_VALUES = {"pkh", "wpkh", "sh(wpkh)", "sh-wpkh", "tr"}


def _sources() -> Iterator[tuple[str, ast.Module]]:
    for package in SCANNED:
        for path in sorted((ROOT / package).rglob("*.py")):
            if path != HOME:
                yield str(path.relative_to(ROOT)), ast.parse(path.read_text(), str(path))


HARDENED = 2**31


def _constant(node: ast.expr) -> object:
    """The value of a literal arithmetic expression (``2**31 - 1``, ``0x8000_0000``), else None."""
    if not all(isinstance(n, ast.Constant | ast.BinOp | ast.operator) for n in ast.walk(node)):
        return None
    try:
        return eval(
            compile(ast.Expression(node), "<constant>", "eval"), {"__builtins__": {}}
        )  # literals only
    except (ArithmeticError, TypeError, ValueError):
        return None


def _enum_values(node: ast.ClassDef) -> set[str]:
    values = set()
    for statement in node.body:
        if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Constant):
            values.add(str(statement.value.value).lower())
    return values


def _second_definitions(name: str, tree: ast.Module) -> list[str]:
    found = []
    for node in tree.body:
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == "HARDENED" for t in targets):
                found.append(f"{name}:{node.lineno} assigns HARDENED")
            elif node.value is not None and _constant(node.value) in (HARDENED, HARDENED - 1):
                found.append(f"{name}:{node.lineno} spells HARDENED (or MAX_UNHARDENED) again")
        elif isinstance(node, ast.FunctionDef) and node.name in SHARED_FUNCTIONS:
            found.append(f"{name}:{node.lineno} defines {node.name}()")
    for node in ast.walk(tree):
        if not isinstance(node, ast.ClassDef):
            continue
        bases = {ast.unparse(b).split(".")[-1] for b in node.bases}
        if node.name in SHARED_CLASSES and not (node.name == "Network" and name.endswith("ethereum_defs.py")):
            found.append(f"{name}:{node.lineno} defines class {node.name}")
        elif bases & ENUM_BASES and _enum_values(node) & (NETWORK_VALUES | SCRIPT_VALUES):
            found.append(f"{name}:{node.lineno} enum {node.name} has network or script-type members")
    return found


def test_shared_value_types_are_defined_only_in_wallet_types() -> None:
    found = [line for name, tree in _sources() for line in _second_definitions(name, tree)]
    assert not found, "use wallet.types instead of defining these again:\n" + "\n".join(found)


def test_the_scan_sees_a_second_definition() -> None:
    """The scan itself works: each kind of second definition is reported."""
    sample = ast.parse(
        "HARDENED = 0x8000_0000\n"
        "MAX_CHILD = 2**31 - 1\n"
        "def parse_path(text): ...\n"
        "class Chain(StrEnum):\n    MAIN = 'main'\n    REGTEST = 'regtest'\n"
        "class Kind(enum.Enum):\n    NATIVE = 'wpkh'\n"
        "class ExtendedPublicKey: ...\n"
    )
    assert len(_second_definitions("sample.py", sample)) == 6


def test_the_home_defines_them() -> None:
    tree = ast.parse(HOME.read_text())
    classes = {node.name for node in tree.body if isinstance(node, ast.ClassDef)}
    assert {"Network", "ScriptType", "ExtendedPublicKey", "KeyPath", "KeyOrigin"} <= classes
    assert "HARDENED" in {
        t.id for n in tree.body if isinstance(n, ast.Assign) for t in n.targets if isinstance(t, ast.Name)
    }
