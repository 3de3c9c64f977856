"""Hardware wallets: one interface, a trezorlib driver (Trezor, OneKey), an HWI driver, one device thread."""
