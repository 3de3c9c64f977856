"""The udev rules cover every hardware wallet ColdSplit drives (issue 17, point 7).

The ids are read from the drivers themselves — trezorlib's models, our OneKey model — and
from the rules HWI ships for the vendors it drives, so a vendor or id added there and
missing here fails this test.
"""

from __future__ import annotations

import re
from pathlib import Path

import hwilib
from trezorlib import models

from wallet.devices.onekey import ONEKEY_USB_IDS

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "resources" / "udev" / "51-coldsplit-hardware-wallets.rules"
HWI_RULES = Path(hwilib.__file__).parent / "udev"
_VENDOR = re.compile(r'ATTRS?\{idVendor\}=="([0-9a-f]{4})"')
_PRODUCT = re.compile(r'ATTRS?\{idProduct\}=="([0-9a-f|]+)"')


def _ids(text: str) -> set[tuple[str, str]]:
    """(vendor, product) per rule line; product "*" where a rule takes a whole vendor."""
    found: set[tuple[str, str]] = set()
    for line in text.splitlines():
        if line.startswith("#") or not (vendor := _VENDOR.search(line)):
            continue
        product = _PRODUCT.search(line)
        for each in product.group(1).split("|") if product else ["*"]:
            found.add((vendor.group(1), each))
    return found


def _covered(usb_id: tuple[int, int], rules: set[tuple[str, str]]) -> bool:
    vendor, product = f"{usb_id[0]:04x}", f"{usb_id[1]:04x}"
    return (vendor, product) in rules or (vendor, "*") in rules


def test_every_trezor_and_onekey_id_the_driver_opens_has_a_rule() -> None:
    rules = _ids(RULES.read_text())
    driven = {usb_id for model in models.ALL_MODELS for usb_id in model.usb_ids} | set(ONEKEY_USB_IDS)
    assert driven, "no ids read from the drivers"
    missing = sorted(f"{v:04x}:{p:04x}" for v, p in driven if not _covered((v, p), rules))
    assert not missing, f"no udev rule for {missing}"


def test_every_vendor_hwi_drives_has_the_rules_hwi_ships() -> None:
    ours = _ids(RULES.read_text())
    shipped = set().union(*(_ids(p.read_text()) for p in sorted(HWI_RULES.glob("*.rules"))))
    assert len(shipped) >= 10, "HWI's udev rules were not found"
    missing = sorted(f"{v}:{p}" for v, p in shipped if (v, p) not in ours)
    assert not missing, f"HWI has udev rules for {missing}; ours do not"


def test_every_rule_line_grants_access_to_the_seat_and_plugdev() -> None:
    lines = [line for line in RULES.read_text().splitlines() if line and not line.startswith("#")]
    assert len(lines) >= 20
    for line in lines:
        assert 'TAG+="uaccess"' in line and 'GROUP="plugdev"' in line and 'MODE="0660"' in line, line
