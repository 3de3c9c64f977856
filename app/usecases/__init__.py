"""Use cases both front-ends call: one function or object per task, Qt-free.

The command line (`app.cli`) and the desktop GUI (`ui` through `app.services`) only
parse input and present results; what a task *does* lives here once, so the two cannot
drift apart. Today: reviewing a PSBT and signing it behind one safety gate
(`app.usecases.psbt`), creating a cold account from a device and verifying its
addresses on it (`app.usecases.cold_accounts`), the advice, its destinations and the
prepared transfer (`app.usecases.advice`), reading and changing the settings
(`app.usecases.settings`), building a spend from a cold account (`app.usecases.spend`),
importing holdings and labels and refreshing exchange accounts (`app.usecases.imports`),
the portfolio file of the stored accounts and the refresh that rewrites it
(`app.usecases.holdings`), syncing a cold account's wallet, broadcasting a signed
transaction and the backend's fee estimate (`app.usecases.chain`), finalizing a signed
PSBT (`app.usecases.psbt.finalize_psbt`), and the rule for opening a device
(`app.usecases.devices`).

A use case that changes what the person sees publishes a typed event (app.events) on
the bus it is given: the CLI gives none, the GUI its window's bus, which ui.events turns
into Qt signals so the pages showing the changed thing refresh themselves.
An import-linter contract keeps `app.cli`, `app.services` and `ui` from calling the
wallet's review or signing modules themselves, and tests/test_architecture.py keeps them
from calling the steps a use case is made of.
"""
