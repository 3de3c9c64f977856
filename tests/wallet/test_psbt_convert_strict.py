"""`convert` never produces a PSBT our own parser refuses (issue 18, F13).

A version 0 PSBT may carry records whose type numbers BIP370 reserves for version 2
fields (with key data, the v0 parser keeps them as unknown), or an output amount no
transaction may have. Converting either used to write a version 2 file that the parser
then refused; now convert refuses it with one line.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from app.cli.main import run
from tests.wallet.psbt_factory import mixed_psbt
from wallet.psbt.codec import TxOut
from wallet.psbt.errors import PsbtError
from wallet.psbt.fields import G, I, O
from wallet.psbt.model import Psbt, Record
from wallet.psbt.operations import convert

RESERVED = [
    ("global", int(G.TX_VERSION)),
    ("global", int(G.INPUT_COUNT)),
    ("global", int(G.TX_MODIFIABLE)),
    ("input", int(I.PREVIOUS_TXID)),
    ("input", int(I.SEQUENCE)),
    ("input", int(I.REQUIRED_HEIGHT_LOCKTIME)),
    ("output", int(O.AMOUNT)),
    ("output", int(O.SCRIPT)),
]


def _v0_with(where: str, key_type: int) -> Psbt:
    psbt = Psbt.parse(mixed_psbt().serialize())
    target = {"global": psbt.global_map, "input": psbt.inputs[0], "output": psbt.outputs[0]}[where]
    target.records.append(Record(key_type, b"\x01", b"\x00\x00\x00\x00"))
    return Psbt.parse(psbt.serialize())  # the v0 parser keeps it (key data makes it "unknown")


def _v0_with_amount(amount: int) -> Psbt:
    psbt = Psbt.parse(mixed_psbt().serialize())
    tx = psbt.unsigned_tx()
    outputs = (TxOut(amount, tx.outputs[0].script), *tx.outputs[1:])
    changed = dataclasses.replace(tx, outputs=outputs)
    psbt.global_map.put(G.UNSIGNED_TX, changed.serialize(with_witness=False))
    return Psbt.parse(psbt.serialize())  # the v0 parser takes the amount as it stands


@pytest.mark.parametrize(("where", "key_type"), RESERVED)
def test_records_with_type_numbers_v2_reserves_are_refused(where: str, key_type: int) -> None:
    with pytest.raises(PsbtError, match="version 2 reserves"):
        convert(_v0_with(where, key_type), 2)


@pytest.mark.parametrize("amount", [-1, -(2**63), 21_000_000 * 100_000_000 + 1])
def test_impossible_amounts_are_refused(amount: int) -> None:
    psbt = _v0_with_amount(amount)
    with pytest.raises(PsbtError, match="impossible amount"):
        convert(psbt, 2)


def test_every_conversion_that_succeeds_parses_again() -> None:
    original = mixed_psbt()
    there = convert(original, 2)
    back = convert(there, 0)
    assert Psbt.parse(there.serialize()).version == 2
    assert back.unsigned_tx().txid_hex == original.unsigned_tx().txid_hex


def test_the_cli_refuses_and_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "odd.psbt"
    source.write_bytes(_v0_with("input", int(I.PREVIOUS_TXID)).serialize())
    target = tmp_path / "v2.psbt"
    code = run(
        ["--data-dir", str(tmp_path / "data"), "psbt", "convert", str(source), "--to", "2", "-o", str(target)]
    )
    err = capsys.readouterr().err
    assert code == 2 and "version 2 reserves" in err and len(err.strip().splitlines()) == 1
    assert not target.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "odd.psbt"]
