"""PSBTs for the GUI: load (file, paste, drop), review against the cold accounts, save, finalize,
broadcast (finalize and broadcast through the CLI's use cases: app.usecases.psbt, app.usecases.chain).

In demo mode there is no chain to sync, so `demo_spend` gives an in-memory watch-only
wallet demo coins (app.services.demo_coins) on the account's first receive addresses
and spends exactly those; the spend itself is built by the real watch-only wallet.
"""

from __future__ import annotations

import time
from pathlib import Path

from app.errors import UserError
from app.psbt_files import PsbtFileError, psbt_bytes, read_psbt
from app.services.chain import ChainUnreachable, backend_config, saved_backend
from app.services.demo_coins import demo_funding
from app.services.ports import FinalTransaction, PsbtDocument, PsbtLine
from app.settings import ChainBackendSetting
from app.usecases.chain import broadcast_transaction
from app.usecases.psbt import accounts_in_use, finalize_psbt, review
from app.usecases.spend import SpendOrder, build_wallet_spend
from wallet.descriptors import AccountDescriptor
from wallet.psbt.errors import PsbtError
from wallet.psbt.model import Psbt, load_psbt
from wallet.psbt.operations import is_finalized
from wallet.psbt.review_model import PsbtReview
from wallet.types import Network
from wallet.watch.errors import BackendError, WatchError
from wallet.watch.spend import Recipient
from wallet.watch.watch_wallet import WatchWallet

DEMO_FEE_RATE = 2.0  # sat/vB


class PsbtServiceError(UserError):
    """A PSBT cannot be read, reviewed, finalized or saved; the message says why."""


def _document(psbt: Psbt, review: PsbtReview) -> PsbtDocument:
    lines = [
        PsbtLine(
            "input",
            i.index,
            i.address or i.outpoint,
            i.amount,
            i.ownership.value,
            " ".join(
                p for p in (i.path or "", "final" if i.finalized else "signed" if i.signed else "") if p
            ),
        )
        for i in review.inputs
    ]
    lines += [
        PsbtLine("output", o.index, o.address or o.script_hex, o.amount, o.ownership.value, o.role)
        for o in review.outputs
    ]
    return PsbtDocument(
        base64=psbt.to_base64(),
        txid=review.txid,
        network=review.network,
        lines=tuple(lines),
        fee_sat=review.fee,
        fee_rate=review.fee_rate,
        warnings=tuple(w.message for w in review.warnings),
        blocking=bool(review.blocking),
        signed_inputs=sum(1 for i in review.inputs if i.signed or i.finalized),
        input_count=len(review.inputs),
        finalized=is_finalized(psbt),
    )


class PsbtService:
    def __init__(
        self,
        db_path: Path,
        network: Network,
        backend: ChainBackendSetting | None = None,
        demo: bool = True,
        data_dir: Path | None = None,
        settings_path: Path | None = None,
    ) -> None:
        self._db_path = db_path
        self._data_dir = data_dir or db_path.parent  # where the wallet files are
        self._network = network
        self._backend = backend
        self._settings_path = settings_path  # the backend is read from it at each broadcast
        self._demo = demo

    def _accounts(self) -> tuple[AccountDescriptor, ...]:
        return accounts_in_use(self._db_path, self._network)

    def _reviewed(self, psbt: Psbt) -> PsbtDocument:
        try:
            reviewed = review(psbt, self._accounts(), network=self._network, default_network=self._network)
            return _document(psbt, reviewed)
        except PsbtError as exc:
            raise PsbtServiceError(str(exc)) from None

    def load_text(self, text: str) -> PsbtDocument:
        try:
            return self._reviewed(load_psbt(text.strip()))
        except PsbtError as exc:
            raise PsbtServiceError(f"not a PSBT: {exc}") from None

    def load_file(self, path: Path) -> PsbtDocument:
        return self._reviewed(read_psbt(str(path)))

    def review(self, psbt_base64: str) -> PsbtDocument:
        return self.load_text(psbt_base64)

    def save(self, psbt_base64: str, path: Path, *, binary: bool) -> None:
        from app.fsutil import atomic_write_bytes

        try:
            atomic_write_bytes(path, psbt_bytes(load_psbt(psbt_base64), binary=binary))
        except OSError as exc:
            raise PsbtFileError(f"cannot write {path}: {exc.strerror or exc}") from None

    def finalize(self, psbt_base64: str) -> FinalTransaction:
        try:
            final = finalize_psbt(load_psbt(psbt_base64))
        except PsbtError as exc:
            raise PsbtServiceError(str(exc)) from None
        return FinalTransaction(self._reviewed(final.psbt), final.raw.hex())

    def broadcast(self, raw_hex: str) -> str:
        """Send through the CLI's use case: only a transaction spending a cold account's coins."""
        backend = saved_backend(self._backend, self._settings_path, self._network, self._demo)
        config = backend_config(backend, self._demo)  # refuses first: demo, or no backend
        try:
            raw = bytes.fromhex(raw_hex)
        except ValueError as exc:
            raise PsbtServiceError(f"not a transaction: {exc}") from None
        try:
            sent = broadcast_transaction(self._db_path, self._data_dir, self._network, config, raw)
        except BackendError as exc:
            raise ChainUnreachable(f"{config.describe()} refused the transaction: {exc}") from None
        except WatchError as exc:
            raise PsbtServiceError(str(exc)) from None
        return sent.txid

    def demo_spend(self, address: str, amount_sat: int, coins: int) -> PsbtDocument:
        accounts = self._accounts()
        if not accounts:
            raise PsbtServiceError("create a cold account first")
        account = accounts[0]
        wallet = WatchWallet.open(account, None)
        funding = demo_funding(account, 0, coins)
        try:
            wallet.add_unconfirmed([funding.serialize()], seen_at=int(time.time()))
            outpoints = tuple(f"{funding.txid_hex}:{n}" for n in range(coins))
            order = SpendOrder((Recipient(address, amount_sat),), DEMO_FEE_RATE, utxos=outpoints)
            built = build_wallet_spend(wallet, order)
        except (WatchError, ValueError) as exc:
            raise PsbtServiceError(str(exc)) from None
        return self._reviewed(built.psbt)
