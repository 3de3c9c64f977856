"""ColdSplit application layer: CLI, composition root, services, persistence.

`app.usecases` holds the tasks both front-ends offer, once (signing a PSBT behind the
safety gate first); `app.cli` and the GUI's `app.services` only parse and present.
"""

__version__ = "0.1.0"
