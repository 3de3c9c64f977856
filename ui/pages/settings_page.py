"""Settings: network, chain backend, Ethereum endpoint, language, theme, mode; the data dir is shown.

Reads and writes the typed `Settings` the CLI uses, in the same file, through the same use
case (app.usecases.settings): only what this page edits is changed, on what the file holds
now, and the change is published as `SettingsChanged`. The backend field is the chosen
network's server URL; an unchanged URL keeps what the CLI saved with it (proxy, timeout,
gap limit). The theme applies at once; language, network and mode apply at the next start.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QPushButton

from app.errors import UserError
from app.eth.networks import DEFAULT_ETH_TIMEOUT, EthEndpointSetting, EthNetwork
from app.services.ports import GuiServices
from app.settings import SETTINGS_FILE, Network, backend_from_url
from app.usecases.settings import SettingsChange, change_settings
from ui.domain_words import eth_network_name
from ui.widgets import Page, show_error


class SettingsPage(Page):
    saved = Signal(object)  # Settings

    def __init__(self, services: GuiServices) -> None:
        super().__init__(self.tr("Settings"), services.demo)
        self._services = services
        self.settings = services.settings
        form = QFormLayout()
        self.network_box = QComboBox(self)
        for network in Network:
            self.network_box.addItem(network.value, network.value)
        backend = self.settings.chain_backends.get(self.settings.network)
        self.backend_edit = QLineEdit(backend.url if backend is not None else "", self)
        self.backend_edit.setPlaceholderText(
            self.tr("electrum: ssl://host:50002 or esplora: https://host/api")
        )
        self._build_eth_fields()
        self.language_box = QComboBox(self)
        for value, label in (("system", self.tr("Follow the system")), ("en", "English"), ("ja", "日本語")):
            self.language_box.addItem(label, value)
        self.theme_box = QComboBox(self)
        for value, label in (
            ("system", self.tr("Follow the system")),
            ("light", self.tr("Light")),
            ("dark", self.tr("Dark")),
        ):
            self.theme_box.addItem(label, value)
        self.mode_box = QComboBox(self)
        self.mode_box.addItem(self.tr("Demo (software device, testnet, sample data)"), "demo")
        self.mode_box.addItem(self.tr("Live (your devices and accounts)"), "live")
        form.addRow(self.tr("Network:"), self.network_box)
        form.addRow(self.tr("Chain backend:"), self.backend_edit)
        form.addRow(self.tr("Ethereum endpoint:"), self.eth_edit)
        form.addRow(self.tr("Ethereum network:"), self.eth_network_box)
        form.addRow(self.tr("Language:"), self.language_box)
        form.addRow(self.tr("Theme:"), self.theme_box)
        form.addRow(self.tr("Mode:"), self.mode_box)
        form.addRow(self.tr("Data folder:"), QLabel(str(services.data_dir), self))
        self.body.addLayout(form)
        self.save_button = QPushButton(self.tr("Save"), self)
        self.save_button.clicked.connect(self.save)
        self.body.addWidget(self.save_button)
        self.note = QLabel(self.tr("Language, network and mode take effect at the next start."), self)
        self.body.addWidget(self.note)
        self.body.addStretch(1)
        self._select(self.network_box, self.settings.network.value)
        self.network_box.currentIndexChanged.connect(self._show_backend_of_network)
        self._select(self.language_box, self.settings.language)
        self._select(self.theme_box, self.settings.theme)
        self._select(self.mode_box, "demo" if services.demo else "live")

    def _build_eth_fields(self) -> None:
        """The Ethereum cold account's JSON-RPC endpoint and the network it must serve."""
        endpoint = self.settings.eth_endpoint
        self.eth_edit = QLineEdit(endpoint.url if endpoint is not None else "", self)
        self.eth_edit.setPlaceholderText(
            self.tr("https://host:8545 or http://127.0.0.1:8545 (empty: no Ethereum endpoint)")
        )
        self.eth_network_box = QComboBox(self)
        for network in EthNetwork:
            self.eth_network_box.addItem(eth_network_name(network.value), network.value)
        self._select(self.eth_network_box, endpoint.network.value if endpoint is not None else "mainnet")

    def _chosen_eth(self) -> EthEndpointSetting | None:
        url = self.eth_edit.text().strip()
        if not url:
            return None
        network = EthNetwork.parse(str(self.eth_network_box.currentData()))
        saved = self.settings.eth_endpoint
        if saved is not None and saved.url == url:  # keep what the CLI saved with it
            return EthEndpointSetting(network, url, saved.timeout_seconds, saved.proxy)
        return EthEndpointSetting(network, url, DEFAULT_ETH_TIMEOUT)

    @staticmethod
    def _select(box: QComboBox, value: str) -> None:
        index = box.findData(value)
        box.setCurrentIndex(max(index, 0))

    def _show_backend_of_network(self) -> None:
        backend = self.settings.chain_backends.get(Network.parse(str(self.network_box.currentData())))
        self.backend_edit.setText(backend.url if backend is not None else "")

    def chosen(self) -> SettingsChange:
        """What the page edits, as a change to the saved settings."""
        network = Network.parse(str(self.network_box.currentData()))
        url = self.backend_edit.text().strip()
        saved = self.settings.chain_backends.get(network)
        backend = saved if saved is not None and saved.url == url else backend_from_url(url) if url else None
        return SettingsChange(
            network=network,
            language=str(self.language_box.currentData()),
            theme=str(self.theme_box.currentData()),
            gui_mode=str(self.mode_box.currentData()),
            backend=(network, backend),
            eth_endpoint=(self._chosen_eth(),),
        )

    def save(self) -> None:
        path = self._services.config_dir / SETTINGS_FILE
        try:
            settings = change_settings(path, self.chosen(), self._services.events)
        except (UserError, OSError) as exc:
            show_error(self, str(exc))
            return
        self.settings = settings  # the window applies the theme on the published SettingsChanged
        self.saved.emit(settings)
