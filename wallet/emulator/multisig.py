"""Multisig (m-of-n CHECKMULTISIG) scripts the device derives, shows and signs for.

Facts from trezor-firmware legacy/firmware crypto.c and transaction.c (python/v0.20.2):
cosigner keys come from `pubkeys` (each an xpub node plus its own non-hardened suffix) or
from `nodes` with one shared `address_n`; at most 15; kept in the given order unless
`pubkeys_order` is LEXICOGRAPHIC. The script is OP_m <keys> OP_n OP_CHECKMULTISIG; p2sh
pays to HASH160 of it, p2wsh to its SHA256, p2sh-p2wsh wraps the p2wsh program. The
script_sig/witness carries OP_0 (the CHECKMULTISIG off-by-one), the signatures present in
cosigner order, then the script. The device's own key must be one of the cosigners.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache

from bip_utils import Base58Encoder, Bip32Slip10Secp256k1
from trezorlib import messages

from wallet.emulator import scripts
from wallet.emulator.flow import DeviceFailure
from wallet.emulator.sighash import compact_size
from wallet.types import HARDENED

S = messages.InputScriptType
MAX_PUBKEYS = 15
OP_CHECKMULTISIG = 0xAE
XPUB_MAGIC = 0x0488B21E  # only for deriving; the keys do not depend on the version bytes


def _data_error(text: str) -> DeviceFailure:
    return DeviceFailure(messages.FailureType.DataError, text)


@dataclass(frozen=True)
class Multisig:
    """One multisig redeem/witness script, resolved to its public keys."""

    m: int
    pubkeys: tuple[bytes, ...]  # in script order
    fingerprint: bytes  # identifies the wallet (cosigner xpubs and m), not the address
    single_path: bool  # every cosigner uses the same suffix (the firmware's anti-ransom check)
    nodes: tuple[messages.HDNodeType, ...]

    @property
    def script(self) -> bytes:
        body = b"".join(bytes([33]) + key for key in self.pubkeys)
        return bytes([0x50 + self.m]) + body + bytes([0x50 + len(self.pubkeys), OP_CHECKMULTISIG])

    def index_of(self, pubkey: bytes) -> int:
        try:
            return self.pubkeys.index(pubkey)
        except ValueError:
            raise DeviceFailure(
                messages.FailureType.DataError, "Pubkey not found in multisig script"
            ) from None

    def script_pubkey(self, script_type: S) -> bytes:
        if script_type in (S.SPENDMULTISIG, S.SPENDADDRESS):
            return scripts.p2sh_script(scripts.hash160(self.script))
        if script_type == S.SPENDWITNESS:
            return scripts.witness_script(0, hashlib.sha256(self.script).digest())
        if script_type == S.SPENDP2SHWITNESS:
            return scripts.p2sh_script(scripts.hash160(self.p2sh_p2wsh_redeem_script()))
        raise _data_error("Invalid script type")

    def p2sh_p2wsh_redeem_script(self) -> bytes:
        return scripts.witness_script(0, hashlib.sha256(self.script).digest())

    def address(self, coin_p2sh_version: int, hrp: str, script_type: S) -> str:
        if script_type == S.SPENDWITNESS:
            return scripts.segwit_address(hrp, 0, hashlib.sha256(self.script).digest())
        if script_type == S.SPENDP2SHWITNESS:
            return scripts.base58_address(coin_p2sh_version, scripts.hash160(self.p2sh_p2wsh_redeem_script()))
        if script_type in (S.SPENDMULTISIG, S.SPENDADDRESS):
            return scripts.base58_address(coin_p2sh_version, scripts.hash160(self.script))
        raise _data_error("Invalid script type")

    def signature_pushes(self, signatures: list[bytes]) -> list[bytes]:
        """OP_0's empty item, then each present signature with SIGHASH_ALL, in cosigner order."""
        return [b""] + [signature + b"\x01" for signature in signatures if signature]


def node_xpub(node: messages.HDNodeType, magic: int = XPUB_MAGIC) -> str:
    raw = (
        magic.to_bytes(4, "big")
        + bytes([node.depth])
        + node.fingerprint.to_bytes(4, "big")
        + node.child_num.to_bytes(4, "big")
        + bytes(node.chain_code)
        + bytes(node.public_key)
    )
    return str(Base58Encoder.CheckEncode(raw))


@lru_cache(maxsize=4096)
def _child_key(xpub: str, suffix: tuple[int, ...]) -> bytes:
    key = Bip32Slip10Secp256k1.FromExtendedKey(xpub)
    for index in suffix:
        key = key.ChildKey(index)
    return bytes(key.PublicKey().RawCompressed().ToBytes())


def _cosigners(msg: messages.MultisigRedeemScriptType) -> list[tuple[messages.HDNodeType, tuple[int, ...]]]:
    if msg.nodes:
        return [(node, tuple(msg.address_n)) for node in msg.nodes]
    return [(item.node, tuple(item.address_n)) for item in msg.pubkeys]


def _node_bytes(node: messages.HDNodeType) -> bytes:
    return (
        node.depth.to_bytes(4, "little")
        + node.fingerprint.to_bytes(4, "little")
        + node.child_num.to_bytes(4, "little")
        + bytes(node.chain_code)
        + bytes(node.public_key)
    )


def parse(msg: messages.MultisigRedeemScriptType) -> Multisig:
    """Resolve the cosigner keys; DataError for a malformed structure (as the firmware refuses it)."""
    cosigners = _cosigners(msg)
    n = len(cosigners)
    if not 1 <= n <= MAX_PUBKEYS or not 1 <= msg.m <= n:
        raise _data_error("Invalid multisig parameters")
    keys = []
    for node, suffix in cosigners:
        if len(node.chain_code) != 32 or len(node.public_key) != 33:
            raise _data_error("Invalid multisig parameters")
        if any(index & HARDENED for index in suffix):
            raise _data_error("Invalid multisig parameters")
        try:
            keys.append(_child_key(node_xpub(node), suffix))
        except Exception as exc:  # bip-utils: a key that is not on the curve
            raise _data_error("Invalid multisig parameters") from exc
    order = msg.pubkeys_order or messages.MultisigPubkeysOrder.PRESERVED
    sorted_order = order == messages.MultisigPubkeysOrder.LEXICOGRAPHIC
    if sorted_order:
        keys.sort()
    node_bytes = [_node_bytes(node) for node, _suffix in cosigners]
    if sorted_order:
        node_bytes.sort()  # the wallet, not the order the host listed it in
    fingerprint = hashlib.sha256(
        msg.m.to_bytes(4, "little")
        + int(order).to_bytes(4, "little")
        + b"".join(node_bytes)
        + compact_size(n)
    ).digest()
    suffixes = {suffix for _node, suffix in cosigners}
    nodes = tuple(node for node, _suffix in cosigners)
    return Multisig(msg.m, tuple(keys), fingerprint, len(suffixes) == 1, nodes)


def input_weight(multisig: Multisig, script_type: S) -> tuple[int, int]:
    """(script_sig bytes, witness bytes) of a fully signed spend, signatures at their maximum size."""
    script = len(multisig.script)
    pushes = 1 + multisig.m * (1 + 72)  # OP_0 and m signatures with their pushes
    script_push = len(compact_size(script)) + (2 if script > 255 else 1 if script > 75 else 0) + script
    if script_type in (S.SPENDMULTISIG, S.SPENDADDRESS):
        return pushes + script_push, 0
    witness = 1 + pushes + len(compact_size(script)) + script
    return (1 + 34 if script_type == S.SPENDP2SHWITNESS else 0), witness
