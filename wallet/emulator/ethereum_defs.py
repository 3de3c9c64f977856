"""What the device knows about Ethereum networks and tokens, and which key paths it serves.

Facts from trezor-firmware at tag python/v0.20.2:
- built-in networks and tokens: common/defs/ethereum/networks.json and tokens.json, as
  support.json marks them supported on the models (Holesky, 17000, is not built in);
- external definitions: legacy/firmware/ethereum_definitions.c — "trzd1" payloads with a
  Merkle proof and a 2-of-3 CoSi (Ed25519) signature by the production keys, or by the
  development keys in a DebugLink build (as this software device is);
- the path policy: legacy/firmware/ethereum.c `ethereum_path_check` (BIP44 m/44'/coin'/
  account'[/change/index], SEP-5 m/44'/coin'/account', Ledger Live m/44'/coin'/0'/account,
  Casa m/45'/coin/account/change/index) and `check_ethereum_slip44_unhardened`.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass

from trezorlib import cosi, messages, protobuf
from trezorlib import definitions as trezor_definitions

from wallet.emulator.flow import DeviceFailure
from wallet.types import HARDENED

MAX_ACCOUNT = 100
MAX_CHANGE = 1
MAX_ADDRESS_INDEX = 1_000_000
SLIP44_ETHEREUM = 60
SLIP44_TESTNET = 1
CHAIN_ID_UNKNOWN = 0xFFFF_FFFF_FFFF_FFFF  # ethereum.h: UINT64_MAX; chain id 0 is a (bad) chain
Failure = messages.FailureType


@dataclass(frozen=True)
class Network:
    chain_id: int
    slip44: int
    symbol: str
    name: str


@dataclass(frozen=True)
class Token:
    chain_id: int
    address: bytes
    symbol: str
    decimals: int


UNKNOWN_NETWORK = Network(CHAIN_ID_UNKNOWN, 0xFFFF_FFFF, "UNKN", "")
UNKNOWN_TOKEN = Token(CHAIN_ID_UNKNOWN, b"", "UNKN", 0)

# common/defs/ethereum/networks.json, the ones support.json marks supported (python/v0.20.2)
NETWORKS = (
    Network(1, 60, "ETH", "Ethereum"),
    Network(560048, 60, "tHOD", "Hoodi"),
    Network(11155111, 60, "tSEP", "Sepolia"),
    Network(56, 714, "BNB", "BNB Smart Chain"),
    Network(61, 61, "ETC", "Ethereum Classic"),
    Network(137, 966, "POL", "Polygon"),
    Network(42161, 9001, "ETH", "Arbitrum One"),
    Network(8453, 8453, "ETH", "Base"),
    Network(10, 614, "ETH", "Optimism"),
)


def _token(chain_id: int, address: str, symbol: str, decimals: int) -> Token:
    return Token(chain_id, bytes.fromhex(address), symbol, decimals)


# common/defs/ethereum/tokens.json (python/v0.20.2): chain id, contract, symbol, decimals
TOKENS = (
    _token(1, "dac17f958d2ee523a2206206994597c13d831ec7", "USDT", 6),
    _token(1, "a0b86991c6218b36c1d19d4a2e9eb0ce3606eb48", "USDC", 6),
    _token(1, "4fabb145d64652a948d72533023f6e7a623c7c53", "BUSD", 18),
    _token(1, "95ad61b0a150d79219dcf64e1e6cc01f0b64c4ce", "SHIB", 18),
    _token(1, "6b175474e89094c44da98b954eedeac495271d0f", "DAI", 18),
    _token(1, "7d1afa7b718fb893db30a3abc0cfc608aacfebb0", "MATIC", 18),
    _token(1, "ae7ab96520de3a18e5e111b5eaab095312d7fe84", "STETH", 18),
    _token(1, "1f9840a85d5af5bf1d1762f925bdaddc4201f984", "UNI", 18),
    _token(1, "2260fac5e5542a773aa44fbcfedf7c193bc2c599", "WBTC", 8),
    _token(1, "75231f58b43240c9718dd58b4967c5114342a86c", "OKB", 18),
    _token(1, "2af5d2ad76741191d15dfe7bf6ac92d4bd912ca3", "LEO", 18),
    _token(1, "514910771af9ca656af840dff83e8264ecf986ca", "LINK", 18),
    _token(1, "a0b73e1ff0b80914ab6fe0444e65848c4c34450b", "CRO", 8),
    _token(1, "4a220e6096b25eadb88358cb44068a3248254675", "QNT", 18),
    _token(1, "4d224452801aced8b2f0aebe155379bb5d594381", "APE", 18),
    _token(1, "a2cd3d43c775978a96bdbf12d733d5a1ed94fb18", "XCN", 18),
    _token(1, "853d955acef822db058eb8505911ed77f175b99e", "FRAX", 18),
    _token(1, "3845badade8e6dff049820680d1f14bd3903a5d0", "SAND", 18),
    _token(1, "0f5d2fb29fb7d3cfee444a200298f468908cc942", "MANA", 18),
    _token(1, "bb0e17ef65f82ab018d8edd776e8dd940327b28b", "AXS", 18),
    _token(1, "3506424f91fd33084466f402d5d97f05f8e3b4af", "CHZ", 18),
    _token(1, "7fc66500c84a76ad7e9c93437bfc5ac33e2ddae9", "AAVE", 18),
    _token(56, "0eb3a705fc54725037cc9e008bdede697f62f335", "ATOM", 18),
    _token(137, "2c89bbc92bd86f8075d1decc58c7f4e0107f286b", "WAVAX", 18),
)

# legacy/firmware/ethereum_definitions.c DEFS_PUBLIC_KEYS and (DebugLink builds) DEFS_PUBLIC_KEYS_DEV
_SIGNATURE_THRESHOLD = 2
_PRODUCTION_KEYS = tuple(
    bytes.fromhex(key)
    for key in (
        "4334996343623e462f0fc93311fef1484ca23d2ff1eec6df1fa8eb7e3573b3db",
        "a9a22cc265a0cb1d6cb329bc0e60bc45df76b9ab28fb87b61136feaf8d8fdc96",
        "b8d2b21de27124f0511f903ae7e60e07961810a0b8f28ea755fa50367a8a2b8b",
    )
)
_DEVELOPMENT_KEYS = tuple(
    bytes.fromhex(key)
    for key in (
        "68460ebef3b138164ec7fd8610e95800df7598f70f2f2ea7db5172ac74ebc144",
        "8d4abe074fef9229d3b441dfea4f98f805b1a2b3a06ae645810efece77fd5044",
        "97f7135a9a2690e73beb26556f1cb163bea2532affa1e7782430be98c0e56812",
    )
)
# common/defs/ethereum/released-definitions-timestamp.txt is the firmware's MIN_DATA_VERSION;
# the test definitions carry 0xFFFFFFFF, older released ones are refused as outdated.
_MIN_DATA_VERSION = 1780391762  # 2026-06-02T09:16:02Z


def network_by_chain_id(chain_id: int) -> Network:
    return next((n for n in NETWORKS if n.chain_id == chain_id), UNKNOWN_NETWORK)


def network_by_slip44(slip44: int) -> Network:
    return next((n for n in NETWORKS if n.slip44 == slip44), UNKNOWN_NETWORK)


def token_by_address(chain_id: int, address: bytes) -> Token:
    return next((t for t in TOKENS if t.chain_id == chain_id and t.address == address), UNKNOWN_TOKEN)


def _signed_root(definition: trezor_definitions.Definition) -> bytes:
    """The Merkle root the signature covers: sha256(0x00 || payload), then the proof pairs."""
    digest = hashlib.sha256(b"\x00" + definition.payload.build()).digest()
    for sibling in definition.proof:
        low, high = sorted((digest, sibling))
        digest = hashlib.sha256(b"\x01" + low + high).digest()
    return digest


def _signature_valid(definition: trezor_definitions.Definition) -> bool:
    root = _signed_root(definition)
    for keys in (_PRODUCTION_KEYS, _DEVELOPMENT_KEYS):
        try:
            cosi.verify(definition.signature, root, _SIGNATURE_THRESHOLD, keys, definition.sigmask)
        except Exception:  # trezorlib's Ed25519 raises its own mismatch types and ValueError
            continue
        return True
    return False


def decode_definition(encoded: bytes, expected: messages.DefinitionType) -> protobuf.MessageType:
    """A signed network/token definition, checked as the firmware checks it; DataError otherwise."""
    try:
        definition = trezor_definitions.Definition.parse(encoded)
    except Exception:  # construct raises many types for malformed bytes
        raise DeviceFailure(Failure.DataError, "Invalid definition") from None
    proof_and_signature = 1 + 32 * len(definition.proof) + 1 + 64
    if len(encoded) != len(definition.payload.build()) + proof_and_signature:
        raise DeviceFailure(Failure.DataError, "Invalid definition")  # e.g. trailing bytes
    if definition.payload.data_type != expected:
        raise DeviceFailure(Failure.DataError, "Definition type mismatch")
    if definition.payload.timestamp < _MIN_DATA_VERSION:
        raise DeviceFailure(Failure.DataError, "Definition is outdated")
    if not _signature_valid(definition):
        raise DeviceFailure(Failure.DataError, "Invalid definition signature")
    kind = (
        messages.EthereumNetworkInfo
        if expected == messages.DefinitionType.ETHEREUM_NETWORK
        else messages.EthereumTokenInfo
    )
    try:
        return protobuf.load_message(io.BytesIO(definition.payload.data), kind)
    except Exception:
        raise DeviceFailure(Failure.DataError, "Invalid definition") from None


def resolve_network(encoded: bytes | None, chain_id: int, slip44: int | None) -> Network:
    """The network for a request: built in by chain id (or SLIP-44), else the signed definition."""
    if chain_id != CHAIN_ID_UNKNOWN:
        network = network_by_chain_id(chain_id)
    elif slip44 is not None:
        network = network_by_slip44(slip44)
    else:
        return UNKNOWN_NETWORK
    if network is not UNKNOWN_NETWORK or encoded is None:
        return network
    info = decode_definition(encoded, messages.DefinitionType.ETHEREUM_NETWORK)
    assert isinstance(info, messages.EthereumNetworkInfo)
    if chain_id != CHAIN_ID_UNKNOWN and info.chain_id != chain_id:
        raise DeviceFailure(Failure.DataError, "Network definition mismatch")
    if slip44 is not None and info.slip44 != slip44:
        raise DeviceFailure(Failure.DataError, "Network definition mismatch")
    return Network(info.chain_id, info.slip44, info.symbol, info.name)


def resolve_token(encoded: bytes | None, chain_id: int, address: bytes | None) -> Token:
    """The token at `address` on `chain_id`: built in, else a matching signed definition."""
    if address is None:
        return UNKNOWN_TOKEN
    token = token_by_address(chain_id, address)
    if token is not UNKNOWN_TOKEN or encoded is None:
        return token
    info = decode_definition(encoded, messages.DefinitionType.ETHEREUM_TOKEN)
    assert isinstance(info, messages.EthereumTokenInfo)
    if info.chain_id != chain_id or info.address != address:
        return UNKNOWN_TOKEN  # a definition for another token is ignored, not refused
    return Token(info.chain_id, info.address, info.symbol, info.decimals)


def _slip44_allowed(slip44: int, network: Network) -> bool:
    if network.chain_id == CHAIN_ID_UNKNOWN:
        return slip44 in (SLIP44_ETHEREUM, SLIP44_TESTNET)  # Ethereum or testnet paths
    if network.slip44 != SLIP44_ETHEREUM:
        return slip44 in (network.slip44, SLIP44_ETHEREUM)  # cross-signing with Ethereum keys
    return slip44 in (network.slip44, SLIP44_TESTNET)  # legacy testnets use slip44 = 1


def _bip44_ok(path: Sequence[int], network: Network, pubkey_export: bool) -> bool:
    n = len(path)
    valid = n >= 3 and bool(path[1] & HARDENED) and bool(path[2] & HARDENED)
    valid = valid and (path[2] & ~HARDENED) <= MAX_ACCOUNT
    valid = valid and _slip44_allowed(path[1] & ~HARDENED, network)
    if pubkey_export or n == 3:  # SEP-5 m/44'/coin'/account'
        return valid
    if n == 4:  # Ledger Live legacy m/44'/coin'/0'/account
        return valid and path[2] == HARDENED and path[3] <= MAX_ACCOUNT
    return valid and n == 5 and path[3] <= MAX_CHANGE and path[4] <= MAX_ADDRESS_INDEX


def _casa45_ok(path: Sequence[int], network: Network) -> bool:
    valid = len(path) == 5 and path[1] < HARDENED and path[2] <= MAX_ACCOUNT
    valid = valid and path[3] <= MAX_CHANGE and path[4] <= MAX_ADDRESS_INDEX
    return valid and _slip44_allowed(path[1], network)


def path_ok(path: Sequence[int], network: Network, *, pubkey_export: bool = False) -> bool:
    """ethereum_path_check: is `path` a standard Ethereum path for `network`?"""
    if not path:
        return False
    if path[0] == 44 | HARDENED:
        return _bip44_ok(path, network, pubkey_export)
    if path[0] == 45 | HARDENED:
        return _casa45_ok(path, network)
    return False
