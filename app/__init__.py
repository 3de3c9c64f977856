"""ColdSplit application layer: use cases, the CLI, the GUI's services, persistence.

`app.usecases` holds every task both front-ends offer, once and Qt-free (signing a PSBT
behind the safety gate, finalizing it, syncing and broadcasting, cold accounts, spends,
imports, the portfolio file, advice, settings); `app.cli` and the GUI's `app.services` only
parse input and present results. A use case that changes something publishes an
`app.events` event; the sentences people read are keyed templates in `app.messages`.
"""

__version__ = "0.1.0"
