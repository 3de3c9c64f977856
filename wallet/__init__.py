"""Hardware wallets, the software device, descriptors, PSBT and the watch-only wallet.

`wallet.types` is the one home of the values every layer shares (network, script type,
key path, extended key, HARDENED). `wallet.psbt` is the wallet's one Bitcoin stack: its
strict parser is the only one that reads a PSBT a person supplies; hwilib and bdk are
handed only its re-serialisation. `wallet.emulator` (the software device) keeps its own
independent Bitcoin code on purpose, so that tests can check the two against each other.
"""
