"""Bitcoin networks as the wallet layer sees them: address prefixes and BIP44 coin types.

The values match `app.settings.Network` so the app converts by value; the wallet layer
cannot import the app's enum.
"""

from __future__ import annotations

from enum import StrEnum


class ChainNetwork(StrEnum):
    MAINNET = "mainnet"
    TESTNET = "testnet"
    SIGNET = "signet"
    REGTEST = "regtest"

    @property
    def is_test(self) -> bool:
        return self is not ChainNetwork.MAINNET

    @property
    def coin_type(self) -> int:
        """BIP44 coin type (SLIP-44): 0 for bitcoin, 1 for every test network."""
        return 1 if self.is_test else 0

    @property
    def bech32_hrp(self) -> str:
        # BIP173: "bc" mainnet, "tb" testnet and signet; "bcrt" is Bitcoin Core's regtest prefix.
        return {"mainnet": "bc", "testnet": "tb", "signet": "tb", "regtest": "bcrt"}[self.value]

    @property
    def p2pkh_version(self) -> bytes:
        return b"\x00" if not self.is_test else b"\x6f"

    @property
    def p2sh_version(self) -> bytes:
        return b"\x05" if not self.is_test else b"\xc4"

    @classmethod
    def parse(cls, text: str) -> ChainNetwork:
        try:
            return cls(text.strip().lower())
        except ValueError:
            names = ", ".join(n.value for n in cls)
            raise ValueError(f"unknown network {text!r}; choose one of {names}") from None
