"""ColdSplit application layer: CLI, composition root, services, persistence."""

__version__ = "0.1.0"
