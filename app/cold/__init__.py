"""The cold-storage account: watch-only descriptors, device-confirmed addresses, BIP329 labels."""
