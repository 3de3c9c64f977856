"""The demo's software device, drawn on screen: what its display shows, and its two buttons.

Every confirmation the firmware would ask for appears here and waits for the person:
nothing is approved behind their back, even in the demo.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.services.device_ports import DeviceScreen
from ui.device_bridge import ScreenBridge
from ui.domain_words import device_line, device_title

LONG_TOKEN = re.compile(r"\S{20,}")


def chunked(line: str) -> str:
    """Long unbroken runs (addresses, xpubs) in groups of four, as hardware screens show them,
    so they wrap on the narrow panel and are easier to compare by eye."""
    return LONG_TOKEN.sub(lambda m: " ".join(re.findall(".{1,4}", m.group(0))), line)


def presented_line(line: str) -> str:
    """A row of the device's screen text as the panel presents it: the same characters, long
    runs grouped by four, a known label translated. The text itself is the device's own
    (wallet/emulator/screen_text.py, what its DebugLink reads); nothing else is rephrased."""
    return chunked(device_line(line))


class SoftwareDevicePanel(QFrame):
    def __init__(self, bridge: ScreenBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("softwareDevice")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#softwareDevice { background: #111827; border-radius: 14px; }"
            "#softwareDevice QLabel { color: #f9fafb; }"
        )
        self._bridge = bridge
        layout = QVBoxLayout(self)
        caption = QLabel(self.tr("Software device (demo, testnet)"), self)
        caption.setStyleSheet("color: #9ca3af; font-size: 9pt;")
        caption.setWordWrap(True)
        layout.addWidget(caption)
        self.title = QLabel(self.tr("Idle"), self)
        self.title.setStyleSheet("font-weight: bold; font-size: 12pt;")
        self.title.setWordWrap(True)
        self.lines = QLabel("", self)
        self.lines.setWordWrap(True)
        self.lines.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.entry = QLineEdit(self)
        self.entry.hide()
        layout.addWidget(self.title)
        layout.addWidget(self.lines, 1)
        layout.addWidget(self.entry)
        buttons = QHBoxLayout()
        self.reject_button = QPushButton(self.tr("Reject"), self)
        self.approve_button = QPushButton(self.tr("Approve"), self)
        self.approve_button.setStyleSheet(
            "QPushButton:enabled { background: #16a34a; color: white; font-weight: bold; }"
        )
        buttons.addWidget(self.reject_button)
        buttons.addWidget(self.approve_button)
        layout.addLayout(buttons)
        self.reject_button.clicked.connect(self._reject)
        self.approve_button.clicked.connect(self._approve)
        bridge.screen_shown.connect(self.show_screen)
        bridge.screen_cleared.connect(self.clear_screen)
        self.current_screen: DeviceScreen | None = None
        self.clear_screen()

    def show_screen(self, screen: DeviceScreen) -> None:
        self.current_screen = screen
        self.title.setText(device_title(screen.title))
        self.lines.setText("\n".join(presented_line(line) for line in screen.lines))
        self.entry.setVisible(screen.is_entry)
        self.entry.setEchoMode(QLineEdit.EchoMode.Password if screen.secret else QLineEdit.EchoMode.Normal)
        self.entry.setText(screen.default)
        self._enable_buttons(True)
        self.approve_button.setFocus()

    def clear_screen(self) -> None:
        self.current_screen = None
        self.title.setText(self.tr("Idle"))
        self.lines.setText(self.tr("Nothing to confirm."))
        self.entry.hide()
        self._enable_buttons(False)

    def _enable_buttons(self, enabled: bool) -> None:
        self.approve_button.setEnabled(enabled)
        self.reject_button.setEnabled(enabled)

    def _approve(self) -> None:
        screen = self.current_screen
        if screen is not None:
            self._enable_buttons(False)  # one press per screen; the device clears or replaces it
            self._bridge.press_for(screen.request_id, True, self.entry.text() if screen.is_entry else None)

    def _reject(self) -> None:
        screen = self.current_screen
        if screen is not None:
            self._enable_buttons(False)
            self._bridge.press_for(screen.request_id, False)
