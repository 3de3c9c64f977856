"""The software device: a Trezor/OneKey-compatible emulator speaking the v1 wire protocol over UDP.

Start it in-process with `wallet.emulator.emulator.Emulator` (start/stop or a `with`
block) or from the command line with `coldsplit emulator`. It is NOT secure storage.

Layout: framing (64-byte packets, protobuf via trezorlib) → server (UDP port P and the
DebugLink on P+1) → device (one flow at a time) → requests_device, requests_coin and
signtx (the SignTx stream), requests_ethereum (Ethereum: ethereum_signing for transactions,
ethereum_typed_data for EIP-712, ethereum_screens, ethereum_defs for networks, definitions
and paths), with guards (PIN, passphrase), state, identities, confirm and faults.

Its Bitcoin code (sighash.py: legacy/BIP143/BIP341 messages; scripts.py: scripts and
addresses; signtx*: the transaction it rebuilds from the SignTx stream) is a deliberate
second implementation, written apart from the wallet's (wallet.psbt, wallet.addresses).
The tests sign on this device and verify with the wallet's code, so the two check each
other; if the emulator borrowed the wallet's code, a shared bug would pass unseen. An
import-linter contract (pyproject.toml) forbids it to import the wallet's PSBT, sighash,
address or descriptor modules; only plain values (wallet.types) are shared.
"""
