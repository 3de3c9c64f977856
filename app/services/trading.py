"""Exchange accounts for the GUI: add, refresh, edit, import and remove them; write the stored holdings.

The stored accounts (CSV, manual or read-only API) and the cold holdings (the synced
watch-only BTC balances, the Ethereum account's ETH and tokens) become one holdings file
under the data dir, written by the use case behind `--portfolio stored`
(app.usecases.holdings), which the Trading, Overview, Risk and Advice pages then read like
any holdings file: the window shows the command line's numbers.
API keys go only to the OS keyring (app.secrets); this service hands the GUI plain data
and English one-line errors. Demo mode has no network, so adding and refreshing API
accounts is refused there.
"""

from __future__ import annotations

from pathlib import Path

from app.errors import UserError
from app.events import NO_EVENTS, Publisher
from app.exchanges.accounts import (
    key_warning,
    remove_account,
    set_entry,
)
from app.exchanges.client import ClientOptions
from app.exchanges.registry import all_venues
from app.exchanges.repository import (
    AccountError,
    VenueAccount,
    find_account,
    get_account,
    list_accounts,
    rename_account,
)
from app.secrets import NO_BACKEND_MESSAGE, ApiCredentials, SecretRef, SecretStore
from app.services.ports import NewAccount, StoredAccount, VenueChoice
from app.store import guard_no_secret, open_store
from app.usecases.holdings import (
    StoredHoldingsFile,
    holds_something,
    refresh_holdings,
    write_stored_holdings,
)
from app.usecases.imports import NewExchangeAccount, add_exchange_account, import_account_csv
from wallet.types import Network

PORTFOLIO_FILE = "exchange_portfolio.json"


class DemoNetworkRefused(UserError):
    pass


class TradingService:
    def __init__(
        self,
        db_path: Path,
        demo: bool = False,
        options: ClientOptions | None = None,
        secrets: SecretStore | None = None,
        events: Publisher = NO_EVENTS,
        network: Network = Network.TESTNET,
    ) -> None:
        """`network`: the Bitcoin network in use, whose cold accounts the holdings count (the
        watch-only wallet files are under the store's folder, the data dir)."""
        self._db_path = db_path
        self._network = network
        self._demo = demo
        self._options = options or ClientOptions()
        self._secrets = secrets
        self._events = events

    def _secret_store(self) -> SecretStore:
        # Built on first use: looking up the OS keyring backend can take a moment.
        if self._secrets is None:
            self._secrets = SecretStore()
        return self._secrets

    def _refuse_in_demo(self, what: str) -> None:
        if self._demo:
            raise DemoNetworkRefused(
                f"demo mode has no network, so it cannot {what}; start ColdSplit without --demo "
                "to use your own exchange accounts"
            )

    def venues(self) -> list[VenueChoice]:
        return [
            VenueChoice(v.name, v.display_name, v.needs_secret, v.needs_passphrase, v.needs_wallet_address)
            for v in all_venues().values()
        ]

    def keyring_note(self) -> str | None:
        """Why the key will not outlive the session, when there is no OS keyring; None when there is."""
        return None if self._secret_store().has_backend else NO_BACKEND_MESSAGE

    def accounts(self) -> list[StoredAccount]:
        if not self._db_path.exists():
            return []
        with open_store(self._db_path) as store:
            return [
                StoredAccount(a.name, a.venue, a.source, a.secret_ref is not None)
                for a in list_accounts(store)
            ]

    def add_account(self, request: NewAccount) -> StoredAccount:
        """Store the account (its key in the keyring only); it is read by the next refresh."""
        self._refuse_in_demo("add an exchange account")
        venues = all_venues()
        venue = venues.get(request.venue)
        if venue is None:
            raise UserError(f"unknown venue {request.venue!r}; choose one of {', '.join(venues)}")
        name = request.name.strip() or venue.name
        credentials = None
        if not venue.needs_wallet_address:
            credentials = ApiCredentials(
                request.api_key.strip(), request.secret.strip(), request.passphrase.strip()
            )
        new = NewExchangeAccount(name, venue.name, credentials, request.wallet_address.strip() or None)
        account = add_exchange_account(self._db_path, self._secret_store(), new, self._events)
        return StoredAccount(account.name, account.venue, account.source, account.secret_ref is not None)

    def refresh(self, name: str | None = None) -> Path | None:
        """Read the API accounts (or one) from their venues again; the portfolio file, or None if empty.

        Runs on a worker: it waits for the network. A failed read leaves the stored holdings as they
        were; the others are still read (app.usecases.imports), then the failures are the error.
        """
        self._refuse_in_demo("refresh exchange accounts")
        refreshed = refresh_holdings(
            self._db_path, self._secret_store(), self._options, self._stored_file(), name, self._events
        )
        if refreshed.failures():
            raise UserError("not refreshed: " + "; ".join(refreshed.failures()))
        return refreshed.portfolio

    def key_warnings(self, name: str | None = None) -> list[str]:
        """What the API keys can do beyond reading, one line per key that can (network: on a worker)."""
        self._refuse_in_demo("check exchange API keys")
        warnings = []
        with open_store(self._db_path) as store:
            names = [name] if name else [a.name for a in list_accounts(store) if a.source == "api"]
            for each in names:
                try:
                    warning = key_warning(store, self._secret_store(), each, self._options)
                except UserError as exc:
                    warning = f"could not check what the key of {each!r} may do ({exc.message})"
                if warning:
                    warnings.append(warning)
        return warnings

    def set_entry(self, name: str, fields: dict[str, str], venue: str | None = None) -> Path | None:
        """Add or change one balance, loan or position by hand, as `coldsplit accounts set` does."""
        self._db_path.parent.mkdir(parents=True, exist_ok=True)
        with open_store(self._db_path) as store:
            set_entry(store, name.strip(), fields, venue_name=venue)
        return self.portfolio()

    def remove(self, name: str) -> Path | None:
        """Delete the account, its holdings and its keyring entry."""
        with open_store(self._db_path) as store:
            remove_account(store, self._secret_store(), name)
        return self.portfolio()

    def rename(self, name: str, new_name: str) -> Path | None:
        """Change an account's label; an API key moves to the keyring entry of the new name.

        The key is copied to the new entry before the store changes and the old entry is
        deleted only after the store committed, so a refusal at any step loses no key.
        """
        new_name = new_name.strip()
        guard_no_secret(new_name, "the account name")
        if not new_name or len(new_name) > 80:
            raise AccountError("an account name must be 1 to 80 characters")
        secrets = self._secret_store()
        with open_store(self._db_path) as store:
            account = get_account(store, name)
            if new_name == account.name:
                return self.portfolio()
            if find_account(store, new_name) is not None:
                raise AccountError(f"an account named {new_name!r} already exists; pick another name")
            new_ref = _move_key(secrets, account, new_name)
            try:
                with store.transaction() as db:
                    rename_account(db, account.id, new_name, new_ref.user if new_ref else None)
            except BaseException:
                if new_ref is not None:
                    secrets.delete(new_ref)
                raise
        if account.secret_ref is not None:
            secrets.delete(account.secret_ref)
        return self.portfolio()

    def import_csv(self, path: Path, name: str, venue: str) -> Path:
        import_account_csv(self._db_path, path, name, venue, events=self._events)
        target = self.portfolio()
        if target is None:
            raise UserError(f"{path.name} holds no balances or positions")
        return target

    def _stored_file(self) -> StoredHoldingsFile:
        data_dir = self._db_path.parent
        return StoredHoldingsFile(data_dir / PORTFOLIO_FILE, data_dir, self._network.value)

    def portfolio(self) -> Path | None:
        """Write the stored exchange accounts and the cold holdings as the holdings file (the
        document `coldsplit holdings --portfolio stored` reads); None when no account holds anything."""
        if not holds_something(self._db_path):
            return None
        return write_stored_holdings(self._db_path, self._stored_file())


def _move_key(secrets: SecretStore, account: VenueAccount, new_name: str) -> SecretRef | None:
    """Copy the account's API key to the keyring entry of its new name; None when it has no key."""
    if account.secret_ref is None:
        return None
    credentials = secrets.read(account.secret_ref)
    if credentials is None:
        raise AccountError(
            f"no API key for account {account.name!r} in the keyring; remove the account and add it again"
        )
    new_ref = SecretStore.ref_for(account.venue, new_name)
    secrets.store(new_ref, credentials)
    return new_ref
