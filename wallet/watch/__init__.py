"""The watch-only cold wallet: a bdk wallet per cold account, chain sync, spends as PSBTs."""
