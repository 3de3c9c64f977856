"""The software device: a Trezor/OneKey-compatible emulator speaking the v1 wire protocol over UDP."""
