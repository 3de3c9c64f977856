"""The Ethereum cold account: where its endpoint is (networks), which tokens it watches
(tokens), the synced balances and history kept in the store (watch), transfers out of it
(send) and the deposits expected into it (arrivals). Qt-free; app.usecases.eth is the one
way the CLI and the GUI reach it. The wallet layer (wallet.eth_chain) speaks JSON-RPC.
"""
