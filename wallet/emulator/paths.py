"""Which key paths the device serves, warns about or refuses (the firmware's path policy).

Facts from trezor-firmware legacy/firmware/crypto.c `coin_path_check` (python/v0.20.2):
a path is *standard* when it fully matches a known scheme for the coin and script type
(BIP44/49/84/86, BIP48 and the multisig schemes, SLIP-25 once unlocked). A path that only
loosely matches (a known scheme with another script type, the GreenAddress and Casa
patterns) is served after the user confirms a warning (ButtonRequest
UnknownDerivationPath, "Wrong address path for selected coin"). Anything else is refused
with DataError "Forbidden key path" while safety checks are strict; with safety checks
relaxed it is served after the same warning.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from trezorlib import messages

from wallet.emulator.coins import Coin
from wallet.emulator.flow import Confirm, DeviceFailure
from wallet.types import HARDENED

S = messages.InputScriptType
MAX_ACCOUNT = 100
MAX_CHANGE = 1
MAX_ADDRESS_INDEX = 1_000_000
SLIP25_PURPOSE = 10025 | HARDENED
GREEN_SIGN_PURPOSE = 1195487518
SLIP44_BITCOIN = 0


class Unlock(Enum):
    """How much of the SLIP-25 subtree an UnlockPath opened for this request."""

    NONE = "none"
    EXTERNAL = "external chain"  # GetAddress/GetPublicKey/SignMessage: change 0 only
    FULL = "full"  # SignTx


@dataclass(frozen=True)
class Policy:
    """The path policy in force for one request: SLIP-25 unlock and the safety-check level."""

    unlock: Unlock = Unlock.NONE
    strict: bool = True
    legacy: bool = False  # the Trezor One's wording for a few refusals
    trezor_core: bool = False  # a Trezor core model: recipient and amount on two screens

    def needs_warning(
        self, coin: Coin, script_type: S, path: Sequence[int], *, multisig: bool = False
    ) -> bool:
        return needs_warning(
            coin, script_type, path, multisig=multisig, unlock=self.unlock, strict=self.strict
        )


def path_warning() -> Confirm:
    return Confirm(
        messages.ButtonRequestType.UnknownDerivationPath,
        "Wrong address path",
        ("for selected coin.", "Continue at your own risk!"),
    )


def needs_warning(
    coin: Coin,
    script_type: S,
    path: Sequence[int],
    *,
    multisig: bool = False,
    unlock: Unlock = Unlock.NONE,
    strict: bool = True,
) -> bool:
    """False for a standard path, True if the user must confirm a warning; refuses the rest."""
    if matches(coin, script_type, path, multisig, unlock, full=True):
        return False
    if strict and not matches(coin, script_type, path, multisig, unlock, full=False):
        raise DeviceFailure(messages.FailureType.DataError, "Forbidden key path")
    return True


def _account_ok(n: int) -> bool:
    return bool(n & HARDENED) and (n & ~HARDENED) <= MAX_ACCOUNT


def _bip44_like(coin: Coin, path: Sequence[int]) -> bool:
    """m/purpose'/coin'/account'/change/index with the coin's SLIP-44 type."""
    return (
        len(path) == 5
        and path[1] == coin.slip44 | HARDENED
        and _account_ok(path[2])
        and path[3] <= MAX_CHANGE
        and path[4] <= MAX_ADDRESS_INDEX
    )


_SINGLE_SIG = {44: S.SPENDADDRESS, 49: S.SPENDP2SHWITNESS, 84: S.SPENDWITNESS, 86: S.SPENDTAPROOT}


def matches(
    coin: Coin, script_type: S, path: Sequence[int], multisig: bool, unlock: Unlock, *, full: bool
) -> bool:
    """coin_path_check: `full` also requires the script type (and multisig) to fit the scheme."""
    if not path:
        return False
    first = path[0]
    purpose = first & ~HARDENED if first & HARDENED else None
    if purpose in _SINGLE_SIG:
        valid = _bip44_like(coin, path)
        if full:
            # BIP44 and BIP86 are single-sig only; 49 and 84 also serve segwit multisig
            valid = valid and script_type == _SINGLE_SIG[purpose]
            valid = valid and not (multisig and purpose in (44, 86))
        return valid
    if purpose == 45:
        return _bip45(coin, script_type, path, multisig, full)
    if purpose == 48:
        return _bip48(coin, script_type, path, multisig, full)
    if first == SLIP25_PURPOSE:
        return _slip25(coin, script_type, path, multisig, unlock, full)
    return _green_or_casa(coin, script_type, path, full)


def _bip45(coin: Coin, script_type: S, path: Sequence[int], multisig: bool, full: bool) -> bool:
    n = len(path)
    if n == 4:  # m/45'/cosigner/change/index (Copay); no coin type means Bitcoin
        valid = coin.slip44 == SLIP44_BITCOIN and path[1] <= 100 and path[2] <= MAX_CHANGE
        valid = valid and path[3] <= MAX_ADDRESS_INDEX
    elif n == 5:  # Casa m/45'/coin/account/change/index, unhardened
        valid = not path[1] & HARDENED and (path[1] | HARDENED) == coin.slip44 | HARDENED
        valid = valid and path[2] <= MAX_ACCOUNT and path[3] <= MAX_CHANGE and path[4] <= MAX_ADDRESS_INDEX
    elif n == 6:  # Unchained m/45'/coin'/account'/[0-1000000]/change/index (all hardened or none)
        valid = (path[1] | HARDENED) == coin.slip44 | HARDENED
        valid = (
            valid and (path[1] & HARDENED) == (path[2] & HARDENED) and (path[2] & ~HARDENED) <= MAX_ACCOUNT
        )
        valid = valid and path[3] <= 1_000_000 and path[4] <= MAX_CHANGE and path[5] <= MAX_ADDRESS_INDEX
        if full:
            allowed = (S.SPENDADDRESS, S.SPENDMULTISIG, S.SPENDWITNESS)
            return valid and script_type in allowed and multisig
        return valid
    else:
        return False
    if full:
        return valid and script_type in (S.SPENDADDRESS, S.SPENDMULTISIG) and multisig
    return valid


def _bip48(coin: Coin, script_type: S, path: Sequence[int], multisig: bool, full: bool) -> bool:
    n = len(path)
    if n not in (5, 6):
        return False
    valid = path[1] == coin.slip44 | HARDENED and _account_ok(path[2])
    if n == 5:  # obsolete Copay m/48'/coin'/account'/change/index
        valid = valid and path[3] <= MAX_CHANGE and path[4] <= MAX_ADDRESS_INDEX
        return valid and (not full or (multisig and script_type == S.SPENDMULTISIG))
    kind = path[3] & ~HARDENED
    valid = valid and bool(path[3] & HARDENED) and kind <= 2 and path[4] <= MAX_CHANGE
    valid = valid and path[5] <= MAX_ADDRESS_INDEX
    if full:
        expected = {0: (S.SPENDMULTISIG, S.SPENDADDRESS), 1: (S.SPENDP2SHWITNESS,), 2: (S.SPENDWITNESS,)}
        valid = valid and multisig and script_type in expected.get(kind, ())
    return valid


def _slip25(
    coin: Coin, script_type: S, path: Sequence[int], multisig: bool, unlock: Unlock, full: bool
) -> bool:
    valid = len(path) == 6 and path[1] == coin.slip44 | HARDENED
    valid = valid and path[2] == HARDENED and path[3] == 1 | HARDENED and path[4] <= MAX_CHANGE
    valid = valid and (unlock is Unlock.FULL or (unlock is Unlock.EXTERNAL and path[4] == 0))
    valid = valid and path[5] <= MAX_ADDRESS_INDEX
    if full:
        valid = valid and not multisig and script_type == S.SPENDTAPROOT
    return valid


def _green_or_casa(coin: Coin, script_type: S, path: Sequence[int], full: bool) -> bool:
    first, n = path[0], len(path)
    bitcoin = coin.slip44 == SLIP44_BITCOIN
    if first in (1, 4):  # GreenAddress A: m/[1,4]/index
        valid = bitcoin and n == 2 and path[1] <= MAX_ADDRESS_INDEX
        return valid and (not full or script_type != S.SPENDTAPROOT)
    if first == 3 | HARDENED:  # GreenAddress B: m/3'/[1-100]'/[1,4]/index
        valid = bitcoin and n == 4 and bool(path[1] & HARDENED) and (path[1] & ~HARDENED) <= 100
        valid = valid and path[2] in (1, 4) and path[3] <= MAX_ADDRESS_INDEX
        return valid and (not full or script_type != S.SPENDTAPROOT)
    if first == GREEN_SIGN_PURPOSE:  # GreenAddress sign: m/1195487518[/6/index]
        if n == 3:
            valid = bitcoin and path[1] == 6 and path[2] <= MAX_ADDRESS_INDEX
        elif n == 1:
            valid = bitcoin
        else:
            return False
        return valid and not full
    if first == 49:  # Casa: m/49/coin/account/change/index, unhardened
        valid = n == 5 and not path[1] & HARDENED and path[1] == coin.slip44
        valid = valid and path[2] <= MAX_ACCOUNT and path[3] <= MAX_CHANGE and path[4] <= MAX_ADDRESS_INDEX
        return valid and (not full or script_type == S.SPENDP2SHWITNESS)
    return False
