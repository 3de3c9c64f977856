"""The coins the device serves per request (Bitcoin, Testnet, Regtest) and their paths.

Constants from trezor-firmware's coin definitions (common/defs/bitcoin/*.json):
address versions, bech32 prefixes, SLIP-132 xpub magics, SLIP-44 coin types, maxfee_kb.
`path_matches` says whether a path is a standard single-key path of a script type
(BIP44/49/84/86, account 0-100 hardened, change 0 or 1, index 0-1000000), which is
what makes an output change; the full path policy (warnings, refusals) is in paths.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from trezorlib import messages

from wallet.emulator import scripts
from wallet.emulator.flow import DeviceFailure
from wallet.types import HARDENED

ScriptType = messages.InputScriptType

PURPOSE_BY_SCRIPT_TYPE = {
    ScriptType.SPENDADDRESS: 44,
    ScriptType.SPENDP2SHWITNESS: 49,
    ScriptType.SPENDWITNESS: 84,
    ScriptType.SPENDTAPROOT: 86,
}
MAX_ACCOUNT = 100
MAX_ADDRESS_INDEX = 1_000_000


@dataclass(frozen=True)
class Coin:
    name: str
    shortcut: str
    p2pkh_version: int
    p2sh_version: int
    hrp: str
    xpub_magic: int
    xpub_magic_p2sh_segwit: int
    xpub_magic_segwit: int
    slip44: int
    maxfee_kb: int  # satoshi per 1000 vbytes above which the fee gets its own warning
    decimals: int = 8

    def xpub_magic_for(self, script_type: ScriptType | None) -> int:
        """SLIP-132 magic; trezor's GetPublicKey uses the plain xpub/tpub unless asked otherwise."""
        if script_type == ScriptType.SPENDP2SHWITNESS:
            return self.xpub_magic_p2sh_segwit
        if script_type == ScriptType.SPENDWITNESS:
            return self.xpub_magic_segwit
        return self.xpub_magic

    def format_amount(self, satoshi: int) -> str:
        whole, frac = divmod(satoshi, 10**self.decimals)
        text = f"{whole}.{frac:0{self.decimals}d}".rstrip("0").rstrip(".")
        return f"{text} {self.shortcut}"


COINS: dict[str, Coin] = {
    "Bitcoin": Coin("Bitcoin", "BTC", 0x00, 0x05, "bc", 0x0488B21E, 0x049D7CB2, 0x04B24746, 0, 2_000_000),
    "Testnet": Coin("Testnet", "TEST", 0x6F, 0xC4, "tb", 0x043587CF, 0x044A5262, 0x045F1CF6, 1, 10_000_000),
    "Regtest": Coin(
        "Regtest", "REGTEST", 0x6F, 0xC4, "bcrt", 0x043587CF, 0x044A5262, 0x045F1CF6, 1, 10_000_000
    ),
}


def coin_by_name(name: str | None) -> Coin:
    """The coin for SignTx/GetAddress's coin_name (default "Bitcoin", as the firmware)."""
    coin = COINS.get(name if name is not None else "Bitcoin")
    if coin is None:
        raise DeviceFailure(messages.FailureType.DataError, "Invalid coin name")
    return coin


def script_pubkey_for(coin: Coin, script_type: ScriptType, pubkey: bytes) -> bytes:
    """The scriptPubKey a single-key output of `script_type` locks to `pubkey` with."""
    if script_type == ScriptType.SPENDADDRESS:
        return scripts.p2pkh_script(scripts.hash160(pubkey))
    if script_type == ScriptType.SPENDP2SHWITNESS:
        return scripts.p2sh_script(scripts.hash160(scripts.p2sh_p2wpkh_redeem_script(pubkey)))
    if script_type == ScriptType.SPENDWITNESS:
        return scripts.witness_script(0, scripts.hash160(pubkey))
    if script_type == ScriptType.SPENDTAPROOT:
        return scripts.witness_script(1, scripts.taproot_output_key(pubkey))
    raise DeviceFailure(messages.FailureType.DataError, "Invalid script type")


def address_for(coin: Coin, script_type: ScriptType, pubkey: bytes) -> str:
    """The receive address of `pubkey` for `script_type` on `coin`."""
    if script_type == ScriptType.SPENDADDRESS:
        return scripts.base58_address(coin.p2pkh_version, scripts.hash160(pubkey))
    if script_type == ScriptType.SPENDP2SHWITNESS:
        redeem = scripts.p2sh_p2wpkh_redeem_script(pubkey)
        return scripts.base58_address(coin.p2sh_version, scripts.hash160(redeem))
    if script_type == ScriptType.SPENDWITNESS:
        return scripts.segwit_address(coin.hrp, 0, scripts.hash160(pubkey))
    if script_type == ScriptType.SPENDTAPROOT:
        return scripts.segwit_address(coin.hrp, 1, scripts.taproot_output_key(pubkey))
    raise DeviceFailure(messages.FailureType.DataError, "Invalid script type")


def address_to_script_pubkey(coin: Coin, address: str) -> bytes:
    """The scriptPubKey of an output address; DataError("Invalid address") as the firmware."""
    try:
        return scripts.address_to_script(address, coin.p2pkh_version, coin.p2sh_version, coin.hrp)
    except scripts.AddressError as exc:
        raise DeviceFailure(messages.FailureType.DataError, "Invalid address") from exc


def path_matches(coin: Coin, script_type: ScriptType, path: Sequence[int]) -> bool:
    """Whether `path` is m/purpose'/coin'/account'/change/index for the script type."""
    purpose = PURPOSE_BY_SCRIPT_TYPE.get(script_type)
    if purpose is None or len(path) != 5:
        return False
    purpose_n, coin_n, account, change, index = path
    return (
        purpose_n == purpose | HARDENED
        and coin_n == coin.slip44 | HARDENED
        and HARDENED <= account <= MAX_ACCOUNT | HARDENED
        and change in (0, 1)
        and 0 <= index <= MAX_ADDRESS_INDEX
    )
