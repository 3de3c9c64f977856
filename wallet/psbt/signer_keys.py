"""Accounts built from the signer's own xpubs: proof of change on an air-gapped signer.

With no stored account, a PSBT's key origins only *claim* that an output is ours. The
hardware wallet holds the keys, so before the review is shown we ask it for the xpub of
each standard single-key account the PSBT claims under its fingerprint
(m/purpose'/coin'/account', BIP44/49/84/86 on the network in use, account ≤ 100') and build that
account; the review then derives every claimed key from it (`review_psbt(signer_keys=…)`).
At most `MAX_ACCOUNTS` accounts are asked for, so a hostile PSBT cannot keep the device
deriving keys; claims beyond them stay "not proven" (counted as sent to others).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Protocol

from wallet.descriptors import AccountDescriptor, account_from_key
from wallet.psbt.model import Psbt
from wallet.psbt.origins import key_origin_claims
from wallet.types import HARDENED, ExtendedPublicKey, KeyPath, Network, ScriptType

MAX_ACCOUNTS = 8
# Trezor's firmware refuses (with safety checks on) account indexes above 100
# (trezor-firmware legacy/firmware/crypto.h, PATH_MAX_ACCOUNT); such claims stay unproven.
MAX_ACCOUNT_INDEX = 100
_KINDS = {kind.purpose: kind for kind in ScriptType}


class XpubSource(Protocol):
    """What can say its xpub at a path (`wallet.devices.base.HardwareWallet` does)."""

    def get_xpub(self, path: KeyPath) -> ExtendedPublicKey: ...


def claimed_accounts(
    psbt: Psbt, fingerprint: bytes, network: Network
) -> list[tuple[tuple[int, int, int], ScriptType]]:
    """The standard account paths (and script kinds) the PSBT claims under `fingerprint`, in order."""
    found: dict[tuple[int, int, int], ScriptType] = {}
    maps = [(m, True) for m in psbt.inputs] + [(m, False) for m in psbt.outputs]
    for psbt_map, is_input in maps:
        for claim in key_origin_claims(psbt_map, is_input=is_input):
            path = claim.path
            if claim.fingerprint != fingerprint or len(path) != 5:
                continue
            purpose, coin, account = path[0] & ~HARDENED, path[1] & ~HARDENED, path[2]
            hardened = all(step & HARDENED for step in path[:3])
            usual = (
                purpose in _KINDS and coin == network.coin_type and account & ~HARDENED <= MAX_ACCOUNT_INDEX
            )
            if hardened and usual:
                found.setdefault((path[0], path[1], path[2]), _KINDS[purpose])
    return list(found.items())


def signer_accounts(
    psbt: Psbt, signer: XpubSource, fingerprint: bytes, network: Network
) -> tuple[AccountDescriptor, ...]:
    """The claimed accounts, each built from the xpub the signer gives for its path."""
    accounts = []
    for path, kind in claimed_accounts(psbt, fingerprint, network)[:MAX_ACCOUNTS]:
        key = signer.get_xpub(KeyPath(path))
        # Read as the network's: drivers differ in the prefix (xpub/tpub/SLIP-132) they give.
        key = replace(key, is_test=network.is_test, implied_script=None)
        accounts.append(account_from_key(key, network, kind))
    return tuple(accounts)
