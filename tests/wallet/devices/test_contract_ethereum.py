"""The HardwareWallet interface's Ethereum calls, over every device/driver pair of the contract suite.

Vectors are trezor-firmware's published fixtures ("all" seed): sign_tx_eip1559.json
"nodata", sign_tx_eip155.json "Ethereum", signmessage.json #0. Each signature is also checked
independently: coincurve recovers the signer's public key, and its address is derived with
bip-utils (not with the code under test) from the key the device exports.
"""

from __future__ import annotations

import pytest
from bip_utils import Bip39SeedGenerator, Bip44, Bip44Changes, Bip44Coins, EthAddrEncoder
from Crypto.Hash import keccak

from tests.wallet.conftest import ALL_MNEMONIC
from tests.wallet.devices import test_contract
from wallet.devices.base import HardwareWallet
from wallet.devices.errors import BadDeviceRequest, DeviceCancelled, UnsupportedByFirmware
from wallet.devices.eth import EthSignature, EthTransaction, transaction_signer
from wallet.devices.thread import DeviceThread
from wallet.eth_tx import recover_pubkeyhash
from wallet.types import Network

Opener = test_contract.Opener
pair = test_contract.pair  # the contract suite's device/driver pairs and opener, shared
opener = test_contract.opener
ADDRESS_0 = "0x73d0385F4d8E00C5e6504C6030F47BF6212736A8"  # getaddress.json m/44'/60'/0'/0/0
EIP1559_NODATA = EthTransaction(
    chain_id=1, nonce=0, gas_limit=0x14, to="0x1d1c328764a41bda0492b66baa30c4a339ff85ef", value=0xA,
    max_fee_per_gas=0x14, max_priority_fee_per_gas=0x1,
)  # fmt: skip
EIP1559_NODATA_SIG = (
    1,
    "2ceeaabc994fbce2fbd66551f9d48fc711c8db2a12e93779eeddede11e41f636",
    "2db4a9ecc73da91206f84397ae9287a399076fdc01ed7f3c6554b1c57c39bf8c",
)
LEGACY_ETHEREUM = EthTransaction(
    chain_id=1, nonce=0, gas_limit=0x5208, to="0x8eA7a3fccC211ED48b763b4164884DDbcF3b0A98",
    value=0x2540BE400, gas_price=0x4A817C800,
)  # fmt: skip
# trezorctl's serialization of that signed transaction (its own RLP encoder)
LEGACY_ETHEREUM_RAW = (
    "f869808504a817c800825208948ea7a3fccc211ed48b763b4164884ddbcf3b0a988502540be4008026a06a6349bddb5749"
    "bb8b96ce2566a035ef87a09dbf89b5c7e3dfdf9ed725912f24a04ae58ccd3bacee07cdc4a3e8540544fd009c4311af7048"
    "122da60f2054c07ee4"
)
MESSAGE = b"This is an example of a signed message."
MESSAGE_SIG = (
    "af4eac50f21acc6daeb0ab036f616f5d19fccade46e47100642b3dfc798c9b740d5873887bdc2f02502c90777a082d10"
    "dca113bd1ec29d08108396401421c8cc1b"
)


def _independent_address(index: int) -> str:
    """m/44'/60'/0'/0/index of the "all" seed, derived and encoded by bip-utils."""
    seed = Bip39SeedGenerator(ALL_MNEMONIC).Generate()
    node = (
        Bip44.FromSeed(seed, Bip44Coins.ETHEREUM)
        .Purpose()
        .Coin()
        .Account(0)
        .Change(Bip44Changes.CHAIN_EXT)
        .AddressIndex(index)
    )
    return str(EthAddrEncoder.EncodeKey(node.PublicKey().RawCompressed().ToBytes()))


def _supported(pair: tuple[str, str]) -> bool:
    return pair[1] == "trezorlib"  # HWI's CLI has no Ethereum: that driver refuses in its own words


def _open(opener: Opener) -> tuple[HardwareWallet, object]:
    return opener(Network.MAINNET)


@pytest.mark.parametrize("show", [False, True])
def test_eth_address(opener: Opener, pair: tuple[str, str], device_thread: DeviceThread, show: bool) -> None:
    wallet, _user = _open(opener)
    if not _supported(pair):
        with pytest.raises(UnsupportedByFirmware):
            device_thread.call(wallet.get_eth_address, "m/44h/60h/0h/0/0", show)
        return
    assert device_thread.call(wallet.get_eth_address, "m/44h/60h/0h/0/0", show) == ADDRESS_0
    assert device_thread.call(wallet.get_eth_address, "m/44h/60h/0h/0/7", show) == _independent_address(7)


def test_sign_eth_tx_eip1559_is_the_published_signature_from_our_address(
    opener: Opener, pair: tuple[str, str], device_thread: DeviceThread
) -> None:
    wallet, _user = _open(opener)
    if not _supported(pair):
        with pytest.raises(UnsupportedByFirmware):
            device_thread.call(wallet.sign_eth_tx, "m/44h/60h/0h/0/100", EIP1559_NODATA)
        return
    signature = device_thread.call(wallet.sign_eth_tx, "m/44h/60h/0h/0/100", EIP1559_NODATA)
    assert (signature.v, signature.r.hex(), signature.s.hex()) == EIP1559_NODATA_SIG
    assert transaction_signer(EIP1559_NODATA, signature) == _independent_address(100)
    assert signature.raw_transaction(EIP1559_NODATA)[0] == 2  # a type-2 envelope


def test_sign_eth_tx_legacy_eip155(
    opener: Opener, pair: tuple[str, str], device_thread: DeviceThread
) -> None:
    wallet, _user = _open(opener)
    if not _supported(pair):
        return
    signature = device_thread.call(wallet.sign_eth_tx, "m/44h/60h/0h/0/0", LEGACY_ETHEREUM)
    assert signature.v == 38  # 35 + 2·chain_id + parity
    assert signature.raw_transaction(LEGACY_ETHEREUM).hex() == LEGACY_ETHEREUM_RAW


def test_sign_eth_message_recovers_to_the_address(
    opener: Opener, pair: tuple[str, str], device_thread: DeviceThread
) -> None:
    wallet, _user = _open(opener)
    if not _supported(pair):
        with pytest.raises(UnsupportedByFirmware):
            device_thread.call(wallet.sign_eth_message, "m/44h/60h/0h/0/0", MESSAGE)
        return
    signed = device_thread.call(wallet.sign_eth_message, "m/44h/60h/0h/0/0", MESSAGE)
    assert (signed.address, signed.signature.hex()) == (ADDRESS_0, MESSAGE_SIG)
    digest = keccak.new(data=b"\x19Ethereum Signed Message:\n39" + MESSAGE, digest_bits=256).digest()
    signer = recover_pubkeyhash(signed.signature, digest)
    assert signer is not None and "0x" + signer.hex() == _independent_address(0).lower()


def test_a_refused_eth_signature_is_device_cancelled(
    opener: Opener, pair: tuple[str, str], device_thread: DeviceThread
) -> None:
    wallet, user = opener(Network.MAINNET)
    if not _supported(pair):
        return
    user.decisions = [False]  # type: ignore[attr-defined]  # the first screen (recipient) refused
    with pytest.raises(DeviceCancelled):
        device_thread.call(wallet.sign_eth_tx, "m/44h/60h/0h/0/0", LEGACY_ETHEREUM)
    assert device_thread.call(wallet.get_eth_address, "m/44h/60h/0h/0/0") == ADDRESS_0  # still usable


@pytest.mark.parametrize(
    "tx",
    [
        EthTransaction(chain_id=1, nonce=0, gas_limit=21000, to="0x00", value=1, gas_price=1),
        EthTransaction(chain_id=0, nonce=0, gas_limit=21000, to=ADDRESS_0, value=1, gas_price=1),
        EthTransaction(chain_id=1, nonce=0, gas_limit=21000, to=ADDRESS_0, value=1),  # no fees at all
        EthTransaction(
            chain_id=1, nonce=0, gas_limit=21000, to=ADDRESS_0, value=1, gas_price=1, max_fee_per_gas=2
        ),
        EthTransaction(
            chain_id=1, nonce=0, gas_limit=21000, to="", value=1, gas_price=1
        ),  # creation, no data
        EthTransaction(chain_id=1, nonce=-1, gas_limit=21000, to=ADDRESS_0, value=1, gas_price=1),
    ],
)
def test_a_bad_transaction_is_refused_before_the_device_sees_it(
    opener: Opener, device_thread: DeviceThread, tx: EthTransaction
) -> None:
    wallet, user = opener(Network.MAINNET)
    with pytest.raises(BadDeviceRequest):
        device_thread.call(wallet.sign_eth_tx, "m/44h/60h/0h/0/0", tx)
    assert not user.notices  # type: ignore[attr-defined]  # nothing was shown on the device


def test_a_signature_from_another_key_is_caught() -> None:
    """The check sign_eth_tx runs: a signature over another transaction recovers another address."""
    r = bytes.fromhex(EIP1559_NODATA_SIG[1])
    s = bytes.fromhex(EIP1559_NODATA_SIG[2])
    other = EthTransaction(**{**EIP1559_NODATA.__dict__, "value": 0xB})
    assert transaction_signer(EIP1559_NODATA, EthSignature(1, r, s)) == _independent_address(100)
    assert transaction_signer(other, EthSignature(1, r, s)) != _independent_address(100)
