"""Trading accounts on exchanges: the normalised model, venue mappings over ccxt, CSV, market data."""
