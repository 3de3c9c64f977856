"""Hardware wallets: one interface, a trezorlib driver (Trezor, OneKey), an HWI driver, one device thread.

`HardwareWallet.sign_psbt` takes a PSBT our parser (`wallet.psbt`) accepted and hands the
driver only our serialisation of it, so hwilib's and trezorlib's own PSBT handling never
reads what a person supplied. Paths, script types and networks are `wallet.types` values.
"""
