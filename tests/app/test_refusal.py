"""What "refuse" means on each model's address screen (issue 21, verification honesty)."""

from __future__ import annotations

import pytest

from app.cold.refusal import Refusal, refusal_for, refusal_sentence


@pytest.mark.parametrize(
    ("model", "refusal"),
    [
        ("OneKey Classic", Refusal.HOST_ONLY),
        ("OneKey Classic 1S", Refusal.HOST_ONLY),
        ("OneKey Classic 1S Pure", Refusal.HOST_ONLY),
        ("OneKey Mini", Refusal.HOST_ONLY),
        ("OneKey Pro", Refusal.HOST_ONLY),
        ("OneKey Touch", Refusal.HOST_ONLY),
        ("Trezor Model T", Refusal.ON_DEVICE),
        ("Trezor Safe 3", Refusal.ON_DEVICE),
    ],
)
def test_refusal_per_model(model: str, refusal: Refusal) -> None:
    assert refusal_for(model) is refusal
    sentence = refusal_sentence(model)
    assert "nothing is recorded" in sentence and "\n" not in sentence
    assert ("QR code" in sentence) is (refusal is Refusal.HOST_ONLY)
