"""The signing use case's order of steps, on the software device (app.usecases.psbt.sign_psbt).

Whatever the front-end: the review is shown before anyone is asked; the front-end is
asked only when nothing blocks; the device signs only after that consent; `save` gets
only a checked result; a refusal at any step leaves nothing saved.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.cli.device_session import opened_device
from app.usecases.psbt import SignRequest, sign_psbt
from tests.signing_gate_cases import fake_change_spend, good_spend
from tests.wallet.psbt_factory import ACCOUNTS, NET
from wallet.descriptors import AccountDescriptor
from wallet.emulator.emulator import Emulator
from wallet.psbt.errors import PsbtError, PsbtRefused
from wallet.psbt.model import Psbt
from wallet.psbt.review_model import PsbtReview
from wallet.psbt.verify import verify_signatures
from wallet.types import Network, ScriptType

ALL = " ".join(["all"] * 12)


@pytest.fixture
def device() -> Iterator[Emulator]:
    with Emulator("trezor-t", port=0, mnemonic=ALL, confirm="auto") as emulator:
        yield emulator


class FrontEnd:
    """Records what the use case asks of a front-end, in order."""

    def __init__(self, *, agree: bool = True) -> None:
        self.steps: list[str] = []
        self.saved: list[Psbt] = []
        self.agree = agree

    def show(self, review: PsbtReview) -> None:
        self.steps.append(f"show ({len(review.blocking)} blocking)")

    def consent(self, review: PsbtReview, fingerprint: bytes) -> None:
        self.steps.append(f"consent {fingerprint.hex()}")
        if not self.agree:
            raise PsbtRefused("not confirmed")

    def save(self, psbt: Psbt) -> None:
        self.steps.append("save")
        self.saved.append(psbt)


def _sign(device: Emulator, request: SignRequest, front: FrontEnd) -> None:
    with opened_device(device.path, Network.TESTNET) as session:
        sign_psbt(request, session.call, show=front.show, consent=front.consent, save=front.save)


@pytest.mark.parametrize("accounts", [(), (ACCOUNTS[ScriptType.WPKH],)], ids=["air-gapped", "stored"])
def test_show_then_consent_then_sign_then_save_a_checked_result(
    device: Emulator, accounts: tuple[AccountDescriptor, ...]
) -> None:
    front = FrontEnd()
    _sign(device, SignRequest(good_spend(), accounts, default_network=NET), front)
    assert front.steps == ["show (0 blocking)", "consent 5c9e228d", "save"]
    [signed] = front.saved
    assert [c.valid for c in verify_signatures(signed)] == [True]


def test_a_block_stops_before_the_front_end_is_asked(device: Emulator) -> None:
    front = FrontEnd()
    with pytest.raises(PsbtRefused, match="claims our fingerprint"):
        _sign(device, SignRequest(fake_change_spend(), (), default_network=NET), front)
    assert front.steps == ["show (1 blocking)"]  # shown, never asked, never saved


def test_no_from_the_front_end_signs_and_saves_nothing(device: Emulator) -> None:
    front = FrontEnd(agree=False)
    with pytest.raises(PsbtError, match="not confirmed"):
        _sign(device, SignRequest(good_spend(), (), default_network=NET), front)
    assert front.steps == ["show (0 blocking)", "consent 5c9e228d"] and front.saved == []
