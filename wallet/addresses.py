"""Addresses of an account, each derived by two independent libraries.

bdk (rust-bitcoin + rust-miniscript, from the descriptor text) and bip-utils (its own
BIP32 code and address encoders, from the xpub) must agree on every address; if they
ever disagree the address is never returned — `AddressMismatchError` is raised
instead, because one of the two derivations is wrong and money could be lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import bdkpython as bdk
from bip_utils import Bip32Secp256k1, P2PKHAddrEncoder, P2SHAddrEncoder, P2TRAddrEncoder, P2WPKHAddrEncoder

from wallet.descriptors import AccountDescriptor
from wallet.types import MAX_UNHARDENED, ExtendedPublicKey, KeyPath, Network, ScriptType


class AddressMismatchError(RuntimeError):
    """Two independent derivations of one address disagree: a hard error, never shown."""


@dataclass(frozen=True)
class DerivedAddress:
    address: str
    change: bool
    index: int
    path: KeyPath  # full path from the master key
    public_key: bytes  # 33-byte compressed key at that path

    @property
    def path_text(self) -> str:
        return str(self.path)


def bdk_network(network: Network) -> bdk.Network:
    return {
        Network.MAINNET: bdk.Network.BITCOIN,
        Network.TESTNET: bdk.Network.TESTNET,
        Network.SIGNET: bdk.Network.SIGNET,
        Network.REGTEST: bdk.Network.REGTEST,
    }[network]


@lru_cache(maxsize=64)
def _bdk_descriptor(account: AccountDescriptor, change: bool) -> bdk.Descriptor:
    # Keyed by the (immutable) account, not by the descriptor text: writing the text out computes
    # its BIP380 checksum, which cost more than the derivation when a review derives an address
    # for each of hundreds of inputs.
    kind = bdk.NetworkKind.TEST if account.network.is_test else bdk.NetworkKind.MAIN
    return bdk.Descriptor(account.descriptor(change=change), kind)


def address_by_bdk(account: AccountDescriptor, change: bool, index: int) -> str:
    descriptor = _bdk_descriptor(account, change)
    return str(descriptor.derive_address(index, bdk_network(account.network)))


@lru_cache(maxsize=64)
def _chain_node(xpub: ExtendedPublicKey, chain: int) -> Bip32Secp256k1:
    # Decoding the xpub and deriving the chain node once per chain, not once per address; keyed
    # by the key itself, so no Base58Check encoding per address either.
    return xpub.bip32_node().ChildKey(chain)


def public_key_by_bip_utils(account: AccountDescriptor, change: bool, index: int) -> bytes:
    node = _chain_node(account.xpub, 1 if change else 0).ChildKey(index)
    return bytes(node.PublicKey().RawCompressed().ToBytes())


def address_from_public_key(public_key: bytes, kind: ScriptType, network: Network) -> str:
    """Encode with bip-utils: p2pkh, p2sh-p2wpkh, p2wpkh, or p2tr with the BIP86 tweak."""
    if kind is ScriptType.PKH:
        return str(P2PKHAddrEncoder.EncodeKey(public_key, net_ver=network.p2pkh_version))
    if kind is ScriptType.SH_WPKH:
        return str(P2SHAddrEncoder.EncodeKey(public_key, net_ver=network.p2sh_version))
    if kind is ScriptType.WPKH:
        return str(P2WPKHAddrEncoder.EncodeKey(public_key, hrp=network.bech32_hrp, wit_ver=0))
    return str(P2TRAddrEncoder.EncodeKey(public_key, hrp=network.bech32_hrp))


def derive_address(account: AccountDescriptor, change: bool, index: int) -> DerivedAddress:
    """The address at ``<account>/<change>/<index>``, confirmed by both libraries."""
    if not 0 <= index <= MAX_UNHARDENED:
        raise ValueError(f"address index {index} is out of range 0..{MAX_UNHARDENED}")
    public_key = public_key_by_bip_utils(account, change, index)
    by_bip_utils = address_from_public_key(public_key, account.kind, account.network)
    by_bdk = address_by_bdk(account, change, index)
    if by_bip_utils != by_bdk:
        path = str(account.full_path(change, index))
        raise AddressMismatchError(
            f"address derivation disagrees at {path} (bdk {by_bdk}, bip-utils {by_bip_utils}); "
            "refusing to show it — report this as a bug"
        )
    return DerivedAddress(by_bdk, change, index, account.full_path(change, index), public_key)


def derive_addresses(
    account: AccountDescriptor, change: bool, start: int, count: int
) -> list[DerivedAddress]:
    if count < 0:
        raise ValueError("address count must not be negative")
    return [derive_address(account, change, index) for index in range(start, start + count)]


def script_pubkey_of(address: str, network: Network) -> bytes:
    """The output script for an address, refusing one for another network (bdk parses it)."""
    try:
        parsed = bdk.Address(address, bdk_network(network))
    except Exception as exc:  # bdk raises AddressParseError variants
        raise ValueError(f"{address!r} is not a valid {network.value} address ({exc})") from None
    return bytes(parsed.script_pubkey().to_bytes())


def address_of_script(script: bytes, network: Network) -> str | None:
    """The address form of an output script, or None for scripts with no address (e.g. OP_RETURN)."""
    try:
        return str(bdk.Address.from_script(bdk.Script(script), bdk_network(network)))
    except Exception:  # bdk raises FromScriptError for scripts without an address form
        return None
