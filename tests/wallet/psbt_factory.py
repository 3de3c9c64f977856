"""PSBTs spending coins of our accounts, built field by field for the review and signing tests.

Each input spends a made-up funding transaction paying one of our receive addresses;
the inputs carry the fields a creator/updater (BIP174) adds: the full previous
transaction, the witness UTXO for segwit, BIP32 derivations (taproot: key-path
derivation and internal key), the redeem script for p2sh-p2wpkh.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

import bdkpython as bdk
from bip_utils import Base58Decoder, Base58Encoder, Bip32Secp256k1, Bip39SeedGenerator
from Crypto.Hash import RIPEMD160

from wallet.addresses import bdk_network, derive_address, script_pubkey_of
from wallet.descriptors import AccountDescriptor, build_account
from wallet.psbt.codec import Transaction, TxIn, TxOut
from wallet.psbt.fields import G, I, O
from wallet.psbt.model import Psbt, PsbtMap, Record
from wallet.types import HARDENED, ExtendedPublicKey, Network, ScriptType

ALL_MNEMONIC = " ".join(["all"] * 12)
ALL_MASTER = Bip32Secp256k1.FromSeed(Bip39SeedGenerator(ALL_MNEMONIC).Generate())
ALL_FINGERPRINT = bytes(ALL_MASTER.PublicKey().FingerPrint().ToBytes())
OTHER_MASTER = Bip32Secp256k1.FromSeed(Bip39SeedGenerator(" ".join(["abandon"] * 11 + ["about"])).Generate())
_TPRV = bytes.fromhex("04358394")


def account_for(kind: ScriptType, network: Network, master: Bip32Secp256k1 = ALL_MASTER) -> AccountDescriptor:
    path = f"m/{kind.purpose}h/{network.coin_type}h/0h"
    xpub = ExtendedPublicKey.parse(master.DerivePath(path).PublicKey().ToExtended())
    fingerprint = bytes(master.PublicKey().FingerPrint().ToBytes()).hex()
    return build_account(xpub.to_base58(test=network.is_test), fingerprint, path, network, kind)


def private_descriptor(account: AccountDescriptor, change: bool, master: Bip32Secp256k1 = ALL_MASTER) -> str:
    """A chain of the account with its tprv/xprv in place of the xpub, for bdk's signer in tests."""
    node = master.DerivePath("m/" + "/".join(f"{n & ~HARDENED}'" for n in account.origin_path))
    secret = node.PrivateKey().ToExtended()
    if account.network.is_test:
        secret = str(Base58Encoder.CheckEncode(_TPRV + bytes(Base58Decoder.CheckDecode(secret))[4:]))
    public = account.xpub.to_base58(test=account.network.is_test)
    return account.descriptor(change=change).split("#")[0].replace(public, secret)


def hash160(data: bytes) -> bytes:
    return bytes(RIPEMD160.new(hashlib.sha256(data).digest()).digest())


def _origin(fingerprint: bytes, path: tuple[int, ...]) -> bytes:
    return fingerprint + b"".join(step.to_bytes(4, "little") for step in path)


@dataclass(frozen=True)
class Spend:
    """One input: which account pays, from which receive index, how much."""

    account: AccountDescriptor
    index: int
    amount: int


def funding_tx(script: bytes, amount: int, salt: int) -> Transaction:
    outpoint = TxIn(hashlib.sha256(salt.to_bytes(8, "little")).digest(), 0, b"", 0xFFFF_FFFD)
    return Transaction(2, (outpoint,), (TxOut(amount, script),), 0)


def input_map_for(spend: Spend, previous: Transaction) -> PsbtMap:
    account = spend.account
    derived = derive_address(account, False, spend.index)
    origin = _origin(account.fingerprint, derived.path)
    records = [Record(I.NON_WITNESS_UTXO, b"", previous.serialize())]
    if account.kind is not ScriptType.PKH:
        records.append(Record(I.WITNESS_UTXO, b"", previous.outputs[0].serialize()))
    if account.kind is ScriptType.SH_WPKH:
        records.append(Record(I.REDEEM_SCRIPT, b"", b"\x00\x14" + hash160(derived.public_key)))
    if account.kind is ScriptType.TR:
        records.append(Record(I.TAP_BIP32_DERIVATION, derived.public_key[1:], b"\x00" + origin))
        records.append(Record(I.TAP_INTERNAL_KEY, b"", derived.public_key[1:]))
    else:
        records.append(Record(I.BIP32_DERIVATION, derived.public_key, origin))
    return PsbtMap(records)


def change_map_for(account: AccountDescriptor, index: int, *, fingerprint: bytes | None = None) -> PsbtMap:
    derived = derive_address(account, True, index)
    origin = _origin(fingerprint or account.fingerprint, derived.path)
    if account.kind is ScriptType.TR:
        return PsbtMap(
            [
                Record(O.TAP_INTERNAL_KEY, b"", derived.public_key[1:]),
                Record(O.TAP_BIP32_DERIVATION, derived.public_key[1:], b"\x00" + origin),
            ]
        )
    return PsbtMap([Record(O.BIP32_DERIVATION, derived.public_key, origin)])


def build_psbt(
    spends: list[Spend],
    payments: list[tuple[str, int]],
    change: tuple[AccountDescriptor, int, int] | None,
) -> Psbt:
    """A version 0 PSBT paying `payments` (address, sats) with `change` (account, index, sats)."""
    network = spends[0].account.network
    previous = [
        funding_tx(script_pubkey_of(derive_address(s.account, False, s.index).address, network), s.amount, n)
        for n, s in enumerate(spends)
    ]
    txins = tuple(TxIn(p.txid, 0, b"", 0xFFFF_FFFD) for p in previous)
    txouts = [TxOut(amount, script_pubkey_of(address, network)) for address, amount in payments]
    output_maps = [PsbtMap() for _ in payments]
    if change is not None:
        account, index, amount = change
        txouts.append(TxOut(amount, script_pubkey_of(derive_address(account, True, index).address, network)))
        output_maps.append(change_map_for(account, index))
    tx = Transaction(2, txins, tuple(txouts), 0)
    global_map = PsbtMap([Record(G.UNSIGNED_TX, b"", tx.serialize(with_witness=False))])
    inputs = [input_map_for(s, p) for s, p in zip(spends, previous, strict=True)]
    return Psbt(global_map, inputs, output_maps)


def external_address(network: Network) -> str:
    """An address of another wallet (the "abandon … about" seed)."""
    return derive_address(account_for(ScriptType.WPKH, network, OTHER_MASTER), False, 0).address


# The test fixture every PSBT test shares: four accounts of the "all" seed on testnet.
NET = Network.TESTNET
ACCOUNTS = {kind: account_for(kind, NET) for kind in ScriptType}
OURS = tuple(ACCOUNTS.values())
CHANGE_INDEX = 3


def mixed_psbt(payment: int = 250_000, change: int = 140_000) -> Psbt:
    spends = [Spend(ACCOUNTS[kind], n, 100_000 + n) for n, kind in enumerate(ScriptType)]
    return build_psbt(
        spends, [(external_address(NET), payment)], (ACCOUNTS[ScriptType.WPKH], CHANGE_INDEX, change)
    )


def software_sign(psbt: Psbt, account: AccountDescriptor, *, allow_all_sighashes: bool = False) -> Psbt:
    """Sign with bdk's software signer holding the account's private key (tests only)."""
    receive, change = (
        bdk.Descriptor(private_descriptor(account, c), bdk.NetworkKind.TEST) for c in (False, True)
    )
    wallet = bdk.Wallet(receive, change, bdk_network(account.network), bdk.Persister.new_in_memory())
    signed = bdk.Psbt(psbt.to_base64())
    options = bdk.SignOptions(
        trust_witness_utxo=False,
        assume_height=None,
        allow_all_sighashes=allow_all_sighashes,
        try_finalize=False,
        sign_with_tap_internal_key=True,
        allow_grinding=True,
    )
    wallet.sign(signed, options)
    return Psbt.parse(base64.b64decode(signed.serialize()))
