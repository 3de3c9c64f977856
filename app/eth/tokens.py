"""The ERC-20 tokens the Ethereum cold account watches: the stablecoins ColdSplit knows on
each network, and tokens the user adds by contract address (symbol and decimals are read
from the contract itself and kept in the store).

A token that is neither built in nor added is "unknown": the send review warns about it.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.errors import UserError
from app.store.database import Store, utc_now
from wallet import eth_tx
from wallet.eth_chain.node import EthNode, EthNodeError


class TokenError(UserError):
    """A token contract that cannot be added or used."""


@dataclass(frozen=True)
class Token:
    contract: str  # EIP-55
    symbol: str
    decimals: int
    builtin: bool

    def amount_text(self, base_units: int) -> str:
        return format_units(base_units, self.decimals)


# The issuers' own contracts: Tether's USDT and Circle's USDC on mainnet
# (etherscan.io token pages), Circle's USDC on Sepolia (developers.circle.com, "USDC on test
# networks"). Tether publishes no Sepolia or Holesky contract.
BUILTIN_TOKENS: dict[int, tuple[Token, ...]] = {
    1: (
        Token("0xdAC17F958D2ee523a2206206994597C13D831ec7", "USDT", 6, True),
        Token("0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48", "USDC", 6, True),
    ),
    11155111: (Token("0x1c7D4B196Cb0C7B01d743Fbc6116a902379C7238", "USDC", 6, True),),
}


def format_units(amount: int, decimals: int) -> str:
    """`amount` base units as a decimal number with trailing zeros dropped (1500000, 6 → "1.5")."""
    sign = "-" if amount < 0 else ""
    whole, part = divmod(abs(amount), 10**decimals)
    fraction = str(part).rjust(decimals, "0").rstrip("0") if decimals else ""
    return f"{sign}{whole}" + (f".{fraction}" if fraction else "")


def parse_units(text: str, decimals: int) -> int:
    """A decimal amount typed by a person as base units; refuses more digits than the token has."""
    cleaned = text.strip().replace("_", "")
    whole, _, fraction = cleaned.partition(".")
    if not (whole or fraction) or not (whole or "0").isdigit() or (fraction and not fraction.isdigit()):
        raise TokenError(f"{text!r} is not an amount (use digits and one '.')")
    if len(fraction) > decimals:
        raise TokenError(f"{text!r} has more than {decimals} decimal places")
    scaled: int = int(whole or "0") * 10**decimals + int(fraction.ljust(decimals, "0") or "0")
    return scaled


def checksummed(address: str, what: str = "address") -> str:
    raw = eth_tx.parse_address(address.strip())
    if raw is None:
        raise TokenError(f"{address!r} is not an Ethereum {what} (0x and 40 hex digits)")
    return eth_tx.checksum_address(raw)


def watched_tokens(store: Store, chain_id: int) -> list[Token]:
    """Built-in tokens of the chain, then the user's, by symbol."""
    rows = store.query(
        "SELECT contract, symbol, decimals FROM eth_tokens WHERE chain_id = ? ORDER BY symbol, contract",
        (chain_id,),
    )
    builtin = list(BUILTIN_TOKENS.get(chain_id, ()))
    known = {t.contract for t in builtin}
    added = [Token(str(r[0]), str(r[1]), int(r[2]), False) for r in rows if str(r[0]) not in known]
    return builtin + added


def find_token(store: Store, chain_id: int, text: str) -> Token:
    """A watched token by symbol (case-insensitive, must be unique) or contract address."""
    tokens = watched_tokens(store, chain_id)
    if eth_tx.parse_address(text.strip()) is not None:
        wanted = checksummed(text)
        match = [t for t in tokens if t.contract == wanted]
    else:
        match = [t for t in tokens if t.symbol.lower() == text.strip().lower()]
    if len(match) == 1:
        return match[0]
    if not match:
        raise TokenError(f"no watched token {text!r} on chain {chain_id}; add it with `eth tokens add`")
    raise TokenError(f"several tokens are called {text!r}; name it by contract address")


def add_token(store: Store, node: EthNode, chain_id: int, contract: str) -> Token:
    """Read symbol and decimals from the contract and watch it."""
    address = checksummed(contract, "contract address")
    try:
        symbol, decimals = node.token_info(address)
    except EthNodeError as exc:
        raise TokenError(exc.message) from None
    if not 0 <= decimals <= 77 or not symbol.strip():
        raise TokenError(f"{address} reports symbol {symbol!r} and {decimals} decimals; not a usable token")
    with store.transaction() as db:
        db.execute(
            "INSERT INTO eth_tokens(chain_id, contract, symbol, decimals, added_at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(chain_id, contract) DO UPDATE SET symbol = excluded.symbol, "
            "decimals = excluded.decimals",
            (chain_id, address, symbol.strip(), decimals, utc_now()),
        )
    return Token(address, symbol.strip(), decimals, False)
