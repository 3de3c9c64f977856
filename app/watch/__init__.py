"""The cold account's watch-only wallet as the app uses it: backend settings, sync state, transfers."""
