"""Use cases both front-ends call: one function or object per task, Qt-free.

The command line (`app.cli`) and the desktop GUI (`ui` through `app.services`) only
parse input and present results; what a task *does* lives here once, so the two cannot
drift apart. Today: reviewing a PSBT and signing it behind one safety gate
(`app.usecases.psbt`), creating a cold account from a device and verifying its
addresses on it (`app.usecases.cold_accounts`), and the rule for opening a device
(`app.usecases.devices`).
An import-linter contract keeps `app.cli`, `app.services` and `ui` from calling the
wallet's review or signing modules themselves.
"""
