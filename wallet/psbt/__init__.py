"""PSBT: BIP174 (version 0) and BIP370 (version 2) — load, review, convert, combine, finalize.

This is the wallet's one Bitcoin stack (codec, model, sighash, verify). `model.load_psbt`
is the only parser that reads a PSBT a person supplies — file, standard input, QR frames,
the GUI page. Other libraries only ever see our serialisation of a PSBT it accepted:
drivers through `HardwareWallet.sign_psbt(psbt)`, bdk through `operations._bdk_psbt`.
"""
