"""PSBT: BIP174 (version 0) and BIP370 (version 2) — load, review, convert, combine, finalize."""
