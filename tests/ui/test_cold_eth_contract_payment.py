"""ETH a contract pays to the cold address (an exchange's hot-wallet contract: the forwarder on the
demo's real local chain) shows in the Ethereum tab's history with the contract and how it came,
in the user's language."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.services.ports import GuiServices
from tests.ui.test_cold_eth import _cells, _tx_hashes, _verified_window
from tests.ui.test_cold_eth_arrivals import _chain, _demo_deposits, _sync

ETH_0 = "0x73d0385F4d8E00C5e6504C6030F47BF6212736A8"  # the demo device's verified address


def test_a_contract_payment_is_a_history_row_naming_the_contract(
    qtbot: QtBot, gui_services: GuiServices
) -> None:
    window = _verified_window(qtbot, gui_services)
    box = _demo_deposits(qtbot, window)
    chain = _chain(gui_services)
    forwarder = chain.deploy_forwarder()
    paid = chain.forward_eth(forwarder, ETH_0, 10**18 // 4)
    _sync(qtbot, box)
    rows = zip(_cells(box.history_table), _tx_hashes(box.history_table), strict=True)
    (row,) = [row for row, tx in rows if tx == paid]
    assert row[1] == "+0.25 ETH"
    assert row[2] == f"{forwarder[:10]}…{forwarder[-8:]} (received by a contract call (internal transaction))"
