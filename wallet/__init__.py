"""Hardware wallets, the software device, descriptors, PSBT and the watch-only wallet."""
