"""The Ethereum cold account for the GUI, through the same use cases as `coldsplit eth`.

Live: the endpoint comes from the settings file, read again for each action so a change on
the Settings page applies at once. Demo: a local chain (anvil on 127.0.0.1, started on the
first action, stopped on close) stands in for the network: "Receive demo ETH" has it pay
the device-verified address 2 ETH and 1,000 USDC, then leaves a 0.5 ETH deposit pending;
each demo sync mines one block, as time passing would. A sync that read different balances
publishes `ColdBalancesChanged`, so the pages showing the holdings split read it again.
Expected deposits (the form, and the Advice page's prepared transfers) are confirmed 3 blocks
deep in the demo, 12 otherwise. The Ethereum libraries load on the first call (on a worker
thread), not when the window opens.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.errors import UserError
from app.events import NO_EVENTS, ColdBalancesChanged, Publisher
from app.services.eth_ports import (
    EthAccountRow,
    EthArrivalRow,
    EthExpected,
    EthHistoryRow,
    EthPanelView,
    EthSendReview,
    NewEthAccountRow,
)
from app.services.ports import PreparedTransferView
from app.settings import Settings, load_settings

if TYPE_CHECKING:
    from wallet.eth_chain.anvil import LocalEthChain

ETHER = 10**18
DEMO_USDC = 1_000 * 10**6
DEMO_CONFIRMATIONS = 3  # the demo's chain moves a block per sync: confirmed after three syncs


class EthWalletError(UserError):
    """The Ethereum panel cannot do what was asked; the message says why."""


class EthWalletService:
    def __init__(self, db_path: Path, settings_path: Path, demo: bool, events: Publisher = NO_EVENTS) -> None:
        self._db_path = db_path
        self._events = events
        self._settings_path = settings_path
        self._demo = demo
        self._chain: LocalEthChain | None = None
        self._lock = threading.RLock()

    def _settings(self) -> Settings:
        if not self._demo:
            return load_settings(self._settings_path)
        from app.eth.networks import EthEndpointSetting, EthNetwork
        from wallet.eth_chain.anvil import LocalChainError, LocalEthChain

        if self._chain is None:
            try:
                self._chain = LocalEthChain().start()
            except LocalChainError as exc:
                raise EthWalletError(f"the demo's local Ethereum chain did not start: {exc}") from None
        return replace(Settings(), eth_endpoint=EthEndpointSetting(EthNetwork.LOCAL, self._chain.url, 10))

    @property
    def demo_chain(self) -> LocalEthChain | None:
        """The demo's local chain once started: the network the demo's deposits come over (a
        test plays the exchange on it). None outside the demo or before the first action."""
        with self._lock:
            return self._chain

    def view(self) -> EthPanelView:
        with self._lock:
            return self._view(self._settings())

    def _view(self, settings: Settings) -> EthPanelView:
        from app.usecases.eth import EthNotConfigured, eth_accounts_view, eth_arrivals, eth_tokens

        try:
            views = eth_accounts_view(self._db_path, settings, history_limit=200)
        except EthNotConfigured as exc:
            return EthPanelView(str(exc), "", (), (), ())
        assert settings.eth_endpoint is not None
        network = settings.eth_endpoint.network.value
        tokens = eth_tokens(self._db_path, settings) if self._db_path.exists() else []
        units = {t.contract: (t.symbol, t.decimals) for t in tokens}
        arrivals = tuple(_arrival_row(a, units) for a in eth_arrivals(self._db_path, settings))
        notice = None if views else "no device-verified Ethereum address yet: verify one on the device first"
        rows = tuple(_row(v) for v in views)
        symbols = tuple(t.symbol for t in tokens)
        return EthPanelView(notice, network, rows, symbols, arrivals, self._confirmations())

    def _confirmations(self) -> int:
        """Blocks deep before an expected deposit is confirmed: the demo's chain moves one block per
        sync, so it asks for a few; otherwise `coldsplit eth expect`'s default."""
        from app.usecases.eth import DEFAULT_CONFIRMATIONS

        return DEMO_CONFIRMATIONS if self._demo else DEFAULT_CONFIRMATIONS

    def sync(self) -> EthPanelView:
        from app.usecases.eth import sync_eth

        with self._lock:
            settings = self._settings()
            before = self._view(settings)
            if self._chain is not None:
                self._chain.mine()  # the demo's time passing: one block per sync
            sync_eth(self._db_path, settings)
            return self._told(before, self._view(settings))

    def receive_demo(self) -> EthPanelView:
        if not self._demo:
            raise EthWalletError("demo deposits exist only in demo mode")
        from app.advisor.ethereum import eth_withdrawal_targets
        from app.store import open_store
        from app.usecases.eth import add_eth_token, eth_tokens, sync_eth

        with self._lock:
            settings = self._settings()
            chain = self._chain
            assert chain is not None
            targets = []
            if self._db_path.exists():
                with open_store(self._db_path) as store:
                    targets = eth_withdrawal_targets(store)
            if not targets:
                raise EthWalletError("verify the Ethereum address on the device first")
            chain.set_automine(True)
            usdc = next((t.contract for t in eth_tokens(self._db_path, settings) if t.symbol == "USDC"), None)
            if usdc is None:
                usdc = add_eth_token(
                    self._db_path, settings, chain.deploy_token("USD Coin", "USDC", 6, 10**15)
                ).contract
            address = targets[0].address
            chain.send_eth(address, 2 * ETHER)
            chain.send_token(usdc, address, DEMO_USDC)
            chain.set_automine(False)  # the next one stays in the pool until a sync mines a block
            chain.send_eth(address, ETHER // 2)
            before = self._view(settings)
            sync_eth(self._db_path, settings)
            return self._told(before, self._view(settings))

    def _told(self, before: EthPanelView, after: EthPanelView) -> EthPanelView:
        """`after`, once the pages that show the holdings split were told of changed balances."""
        was = {row.account: row.balances for row in before.accounts}
        changed = tuple(row.account for row in after.accounts if was.get(row.account) != row.balances)
        if changed:
            self._events.publish(ColdBalancesChanged(changed))
        return after

    def expect_arrival(self, address: str, amount: str, asset: str, confirmations: int) -> EthExpected:
        from app.usecases.eth import expect_eth_arrival

        with self._lock:
            settings = self._settings()
            arrival = expect_eth_arrival(self._db_path, settings, address, amount, asset, confirmations)
            return self._expected(settings, arrival.id)

    def expect_transfer(self, prepared: PreparedTransferView) -> EthExpected:
        from app.usecases.advice import PreparedTransfer
        from app.usecases.eth_arrivals import expect_prepared_transfer

        transfer = PreparedTransfer(
            prepared.asset,
            prepared.amount,
            prepared.address,
            prepared.uri,
            prepared.amount_text,
            prepared.chain,
        )
        with self._lock:
            settings = self._settings()
            arrival = expect_prepared_transfer(self._db_path, settings, transfer, self._confirmations())
            return self._expected(settings, arrival.id)

    def _expected(self, settings: Settings, arrival_id: int) -> EthExpected:
        view = self._view(settings)
        return EthExpected(next(row for row in view.arrivals if row.id == arrival_id), view)

    def check_new_account(self, name: str, number: str, layout: str) -> NewEthAccountRow:
        from app.usecases.eth_accounts import check_new_eth_account, read_new_eth_account

        asked = read_new_eth_account(name, number, layout)
        check_new_eth_account(self._db_path, asked.name, asked.number, asked.layout)  # the name is free
        return NewEthAccountRow(asked.name, asked.number, asked.layout)

    def prepare_send(self, account: str, to: str, amount: str, asset: str) -> EthSendReview:
        from app.usecases.eth_send import prepare_eth_send

        with self._lock:
            review = prepare_eth_send(self._db_path, self._settings(), account, to, amount, asset)
        return EthSendReview(tuple(review.lines()), tuple(review.warnings), review)

    def broadcast(self, signed: Any) -> str:
        from app.usecases.eth_send import broadcast_eth

        with self._lock:
            return broadcast_eth(self._db_path, self._settings(), signed)

    # ---- air-gapped, by QR (ERC-4527; app.usecases.eth_qr) ----

    def qr_request(self, review: EthSendReview) -> bytes:
        from app.usecases.eth_qr import request_for_sender

        return request_for_sender(self._db_path, _reviewed(review).transfer)

    def review_qr_request(self, message: bytes) -> EthSendReview:
        """The offline side: no endpoint is read, only what the local store knows."""
        from app.usecases.eth_qr import review_eth_request

        review = review_eth_request(self._db_path, message)
        return EthSendReview(tuple(review.lines()), tuple(review.warnings), review)

    def qr_answer(self, request: bytes, signed: Any) -> bytes:
        from app.usecases.eth_qr import signature_answer

        return signature_answer(request, signed)

    def broadcast_qr_answer(self, review: EthSendReview, answer: bytes) -> str:
        from app.usecases.eth_qr import signed_from_answer

        return self.broadcast(signed_from_answer(_reviewed(review).transfer, answer))

    def close(self) -> None:
        with self._lock:
            chain, self._chain = self._chain, None
        if chain is not None:
            chain.stop()


def _arrival_row(arrival: Any, units: dict[str, tuple[str, int]]) -> EthArrivalRow:
    from app.eth.tokens import format_units

    symbol, decimals = units.get(arrival.asset, ("ETH", 18))
    return EthArrivalRow(
        arrival.id,
        arrival.status,
        format_units(arrival.received, decimals),
        format_units(arrival.expected, decimals),
        symbol,
        arrival.address,
        arrival.confirmations_required,
    )


def _reviewed(review: EthSendReview) -> Any:
    from app.eth.send import Review

    if not isinstance(review.handle, Review):
        raise EthWalletError("not a reviewed Ethereum transfer")
    return review.handle


def _row(view: Any) -> EthAccountRow:
    from app.eth.tokens import format_units

    state = view.state
    history = tuple(
        EthHistoryRow(
            h.status, h.direction, format_units(h.amount, h.decimals), h.symbol, h.counterparty, h.tx_hash,
            h.confirmations, h.note,
        )
        for h in view.history
    )  # fmt: skip
    return EthAccountRow(
        view.account,
        view.address,
        tuple((b.symbol, format_units(b.amount, b.decimals)) for b in view.balances),
        history,
        None if state is None else state.synced_at,
        state.message if state is not None and state.state == "unreachable" else None,
    )
