"""The application layer's sentences in the user's language.

app.messages holds each sentence once: a stable key, its English template with named
fields, and how each parameter is formatted. Here the template is translated (the .ts
files carry it under the context "AppMessages") and filled in with the same parameters;
a position's label is shown in the GUI's own words. A key without a template, or a
translation whose fields do not match, falls back to the English text rather than showing
nothing.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.messages import TEMPLATES, Message, Param, format_param
from ui.domain_words import position_text


def _templates() -> dict[str, str]:
    """Each key's template (app.messages.TEMPLATES, marked there for lupdate) in the current language."""
    return {key: QCoreApplication.translate("AppMessages", template) for key, template in TEMPLATES.items()}


def _format(name: str, value: Param) -> str:
    if isinstance(value, str) and name == "label":
        return position_text(value)  # a position's label in the GUI's own words
    return format_param(name, value)


def template_keys() -> frozenset[str]:
    """The keys this module has a template for (a test checks every MessageKey is among them)."""
    return frozenset(_templates())


def render(message: Message) -> str:
    """The sentence in the current language; the English text when the key or its fields are unknown."""
    template = _templates().get(message.key)
    if template is None:
        return message.text
    fields = {name: _format(name, value) for name, value in message.params}
    try:
        return template.format(**fields)
    except (KeyError, IndexError, ValueError):  # a translation naming a field the message lacks
        return message.text
