"""The deposit a prepared transfer will make, expected in the Ethereum cold account.

"Prepare transfer" (the Advice page) gives the person a device-verified address and the
amount to withdraw from the exchange. For ETH and the ERC-20 stablecoins that deposit is
then expected here, as `coldsplit eth expect` would record it, so each sync moves it
waiting → received → confirmed (app.eth.arrivals). The arrival waits for the amount the
person was shown (`PreparedTransfer.amount_text`), cut to the places the asset has. A
Bitcoin transfer is not expected here: its arrivals belong to the Bitcoin cold account.
"""

from __future__ import annotations

from pathlib import Path

from app.advisor.targets import ColdChain
from app.eth.arrivals import ArrivalError, EthArrival
from app.settings import Settings
from app.usecases.advice import PreparedTransfer
from app.usecases.eth import DEFAULT_CONFIRMATIONS, expect_eth_arrival


def expect_prepared_transfer(
    db_path: Path, settings: Settings, prepared: PreparedTransfer, confirmations: int = DEFAULT_CONFIRMATIONS
) -> EthArrival:
    """The expected arrival of `prepared` (the one already open if it was prepared before)."""
    if prepared.chain != ColdChain.ETHEREUM.value:
        raise ArrivalError(f"{prepared.asset} does not go to the Ethereum cold account")
    return expect_eth_arrival(
        db_path,
        settings,
        prepared.address,
        prepared.amount_text,
        prepared.asset,
        confirmations,
        cut_places=True,
    )
