"""Ethereum over JSON-RPC: the node client (web3.py), ERC-20 encodings, transfers and their
unsigned-transaction files, and the local test chain (anvil on loopback) that tests and the
demo run against. Nothing here knows the store, settings or Qt; app.eth builds on it.
"""

import importlib
import sys

# py_ecc (pulled in by web3 and eth-account) raises the interpreter's recursion limit to
# 100,000 when imported, for its own pairing code, which ColdSplit never calls. With that
# limit, deeply nested input overflows the C stack (a segfault) before the RecursionError
# that app code relies on (risk.textio.parse_json) can be raised. Import it once here and
# put the limit back.
_limit = sys.getrecursionlimit()
importlib.import_module("py_ecc")
sys.setrecursionlimit(_limit)
