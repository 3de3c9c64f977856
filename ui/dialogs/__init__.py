"""Dialogs the device asks through: PIN matrix, passphrase, and the confirm-on-device overlay."""
