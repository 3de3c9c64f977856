"""Words the layers below write as English text, in the user's language.

Ethereum network names, position labels (app.advisor.plan.position_label / loop_label), the fragility signals'
names and readings (app.exchanges.fragility) and the software device's screens
(wallet.emulator) arrive as English strings with figures in them. Each known form is
matched here and rewritten from a translatable template with the same figures; a form
not known here is shown as it came (English), never dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

# ---- portfolio names ColdSplit itself gives ----


def portfolio_name(name: str) -> str:
    """The shipped sample's and the stored accounts' names in the user's language; a name from
    the person's own file is theirs and shown as given."""
    return {
        "Demo portfolio": QCoreApplication.translate("DomainWords", "Demo portfolio"),
        "Stored accounts": QCoreApplication.translate("DomainWords", "Stored accounts"),
        "Exchange accounts": QCoreApplication.translate("DomainWords", "Exchange accounts"),
    }.get(name, name)


# ---- Ethereum networks ----


def eth_network_name(network: str) -> str:
    """An Ethereum network's name (app.eth.networks.EthNetwork's value) as a person reads it."""
    return {
        "mainnet": QCoreApplication.translate("DomainWords", "Ethereum mainnet"),
        "sepolia": QCoreApplication.translate("DomainWords", "Sepolia testnet"),
        "holesky": QCoreApplication.translate("DomainWords", "Holesky testnet"),
        "local": QCoreApplication.translate("DomainWords", "local test chain on this machine"),
    }.get(network, network)


# ---- positions ----

_POSITION = re.compile(
    r"^(?P<account>.+): (?P<asset>\S+) (?P<side>long|short) (?P<size>\S+) \((?P<mode>cross|isolated)\)$"
)
_LOOP = re.compile(r"^(?P<account>.+): (?P<asset>\S+) loop x(?P<cycles>\S+) at LTV (?P<ltv>\S+)$")
_LOOP_SUBJECT = re.compile(r"^(?P<asset>\S+) loop$")


def _side(side: str) -> str:
    return {
        "long": QCoreApplication.translate("DomainWords", "long"),
        "short": QCoreApplication.translate("DomainWords", "short"),
    }.get(side, side)


def _mode(mode: str) -> str:
    return {
        "cross": QCoreApplication.translate("DomainWords", "cross"),
        "isolated": QCoreApplication.translate("DomainWords", "isolated"),
    }.get(mode, mode)


def position_text(label: str) -> str:
    """'Binance: BTC long 0.3 (isolated)' in the user's language (a loop's label too)."""
    if found := _POSITION.match(label):
        return QCoreApplication.translate("DomainWords", "{account}: {asset} {side} {size} ({mode})").format(
            account=found["account"],
            asset=found["asset"],
            side=_side(found["side"]),
            size=found["size"],
            mode=_mode(found["mode"]),
        )
    if found := _LOOP.match(label):
        return QCoreApplication.translate(
            "DomainWords", "{account}: {asset} loop x{cycles} at LTV {ltv}"
        ).format(**found.groupdict())
    if found := _LOOP_SUBJECT.match(label):
        return QCoreApplication.translate("DomainWords", "{asset} loop").format(asset=found["asset"])
    return label


# ---- fragility signals ----


def signal_name(name: str) -> str:
    names = {
        "open interest rising without spot volume": QCoreApplication.translate(
            "DomainWords", "open interest rising without spot volume"
        ),
        "one-sided funding": QCoreApplication.translate("DomainWords", "one-sided funding"),
        "liquidation levels clustered near the price": QCoreApplication.translate(
            "DomainWords", "liquidation levels clustered near the price"
        ),
    }
    if found := re.fullmatch(r"thin depth at ±(\S+)", name):
        return QCoreApplication.translate("DomainWords", "thin depth at ±{0}").format(found[1])
    return names.get(name, name)


def _fixed_readings() -> dict[str, str]:
    return {
        "needs an earlier live snapshot to compare with": QCoreApplication.translate(
            "DomainWords", "needs an earlier live snapshot to compare with"
        ),
        "needs open interest and spot volume in both snapshots": QCoreApplication.translate(
            "DomainWords", "needs open interest and spot volume in both snapshots"
        ),
        "no funding rate in this snapshot": QCoreApplication.translate(
            "DomainWords", "no funding rate in this snapshot"
        ),
        "needs the order book and open interest": QCoreApplication.translate(
            "DomainWords", "needs the order book and open interest"
        ),
    }


def _reading_names() -> dict[str, str]:
    return {
        "depth within 1%": QCoreApplication.translate("DomainWords", "depth within 1%"),
        "depth within 5%": QCoreApplication.translate("DomainWords", "depth within 5%"),
        "open interest": QCoreApplication.translate("DomainWords", "open interest"),
        "open interest change": QCoreApplication.translate("DomainWords", "open interest change"),
        "spot volume": QCoreApplication.translate("DomainWords", "spot volume"),
        "spot volume change": QCoreApplication.translate("DomainWords", "spot volume change"),
        "funding": QCoreApplication.translate("DomainWords", "funding"),
    }


def _suffixes() -> list[tuple[str, str]]:
    """Conclusions and notes a reading may end with, longest first."""
    return [
        (
            ": the move is being built with leverage, not spot buying, and can unwind fast",
            QCoreApplication.translate(
                "DomainWords", ": the move is being built with leverage, not spot buying, and can unwind fast"
            ),
        ),
        (
            "; forced orders would move the price further than before the 2025-10-10 crash",
            QCoreApplication.translate(
                "DomainWords", "; forced orders would move the price further than before the 2025-10-10 crash"
            ),
        ),
        (
            ": the move can feed itself",
            QCoreApplication.translate("DomainWords", ": the move can feed itself"),
        ),
        (
            " (the book shown stops short: extrapolated from the depth fit)",
            QCoreApplication.translate(
                "DomainWords", " (the book shown stops short: extrapolated from the depth fit)"
            ),
        ),
    ]


def _reading_forms() -> list[tuple[str, Callable[[re.Match[str]], str]]]:
    """Each reading's form (a pattern over app.exchanges.fragility's wording) and its template."""
    return [
        (
            r"open interest (?P<oi>\S+) since (?P<t>\S+) while spot volume (?P<sv>\S+)",
            lambda m: QCoreApplication.translate(
                "DomainWords", "open interest {oi} since {t} while spot volume {sv}"
            ).format(**m.groupdict()),
        ),
        (
            r"open interest (?P<oi>\S+) and spot volume (?P<sv>\S+) since (?P<t>\S+)",
            lambda m: QCoreApplication.translate(
                "DomainWords", "open interest {oi} and spot volume {sv} since {t}"
            ).format(**m.groupdict()),
        ),
        (
            r"funding (?P<r>\S+) per 8 h: (longs pay shorts|shorts pay longs) heavily; "
            r"the crowd leans (?P<crowd>long|short) and is crowded",
            lambda m: (
                QCoreApplication.translate(
                    "DomainWords",
                    "funding {r} per 8 h: longs pay shorts heavily; the crowd leans long and is crowded",
                )
                if m["crowd"] == "long"
                else QCoreApplication.translate(
                    "DomainWords",
                    "funding {r} per 8 h: shorts pay longs heavily; the crowd leans short and is crowded",
                )
            ).format(r=m["r"]),
        ),
        (
            r"funding (?P<r>\S+) per 8 h",  # a warning's figures without its conclusion (calibrated)
            lambda m: QCoreApplication.translate("DomainWords", "funding {r} per 8 h").format(r=m["r"]),
        ),
        (
            r"funding (?P<r>\S+) per 8 h, near balance",
            lambda m: QCoreApplication.translate("DomainWords", "funding {r} per 8 h, near balance").format(
                r=m["r"]
            ),
        ),
        (
            r"(?P<side>bids|asks) within (?P<d>\S+) hold (?P<usd>\S+), (?P<share>\S+) of open interest",
            lambda m: (
                QCoreApplication.translate(
                    "DomainWords", "bids within {d} hold {usd}, {share} of open interest"
                )
                if m["side"] == "bids"
                else QCoreApplication.translate(
                    "DomainWords", "asks within {d} hold {usd}, {share} of open interest"
                )
            ).format(d=m["d"], usd=m["usd"], share=m["share"]),
        ),
        (
            r"a 5% (?P<way>drop|rally) would force (?P<forced>\S+) of liquidations against (?P<book>\S+) of "
            r"book \(crowd shaped like the (?P<preset>\S+) preset, scaled to today's open interest\)",
            lambda m: (
                QCoreApplication.translate(
                    "DomainWords",
                    "a 5% drop would force {forced} of liquidations against {book} of book (crowd shaped"
                    " like the {preset} preset, scaled to today's open interest)",
                )
                if m["way"] == "drop"
                else QCoreApplication.translate(
                    "DomainWords",
                    "a 5% rally would force {forced} of liquidations against {book} of book (crowd shaped"
                    " like the {preset} preset, scaled to today's open interest)",
                )
            ).format(forced=m["forced"], book=m["book"], preset=m["preset"]),
        ),
        (
            r"needs open interest, the book and a crowd shape for (?P<base>\S+)",
            lambda m: QCoreApplication.translate(
                "DomainWords", "needs open interest, the book and a crowd shape for {base}"
            ).format(base=m["base"]),
        ),
    ]


def _base_reading(text: str) -> str | None:
    if text in _fixed_readings():
        return _fixed_readings()[text]
    for pattern, render in _reading_forms():
        if found := re.fullmatch(pattern, text):
            return render(found)
    return None


CALIBRATED = " — not assessed: calibrated in this preset, not data: "


def signal_reading(reading: str) -> str:
    """A signal's reading in the user's language; as it came if its form is not known here."""
    text, calibrated = reading, ""
    if CALIBRATED in text:
        text, what = text.split(CALIBRATED, 1)
        names = _reading_names()
        calibrated = QCoreApplication.translate(
            "DomainWords", " — not assessed: calibrated in this preset, not data: {0}"
        ).format(
            QCoreApplication.translate("DomainWords", ", ").join(names.get(n, n) for n in what.split(", "))
        )
    tails: list[str] = []
    for english, translated in _suffixes():
        if text.endswith(english):
            text = text[: -len(english)]
            tails.insert(0, translated)
    for english, translated in _suffixes():  # a note can sit before a conclusion
        if text.endswith(english):
            text = text[: -len(english)]
            tails.insert(0, translated)
    base = _base_reading(text)
    return reading if base is None else base + "".join(tails) + calibrated


# ---- the software device's screens ----


def device_title(title: str) -> str:
    titles = {
        "Confirm address": QCoreApplication.translate("DomainWords", "Confirm address"),
        "Receive address": QCoreApplication.translate("DomainWords", "Receive address"),
        "Confirm sending": QCoreApplication.translate("DomainWords", "Confirm sending"),
        "Amount": QCoreApplication.translate("DomainWords", "Amount"),
        "Confirm transaction": QCoreApplication.translate("DomainWords", "Confirm transaction"),
        "Confirm fee": QCoreApplication.translate("DomainWords", "Confirm fee"),
        "High fee": QCoreApplication.translate("DomainWords", "High fee"),
        "Confirm locktime": QCoreApplication.translate("DomainWords", "Confirm locktime"),
        "Really send": QCoreApplication.translate("DomainWords", "Really send"),
        "Public key": QCoreApplication.translate("DomainWords", "Public key"),
        "Warning": QCoreApplication.translate("DomainWords", "Warning"),
        "Confirm": QCoreApplication.translate("DomainWords", "Confirm"),
        "Continue": QCoreApplication.translate("DomainWords", "Continue"),
        "Summary": QCoreApplication.translate("DomainWords", "Summary"),
        "Recipient": QCoreApplication.translate("DomainWords", "Recipient"),
        "Send": QCoreApplication.translate("DomainWords", "Send"),
        "Enter PIN": QCoreApplication.translate("DomainWords", "Enter PIN"),
        "Enter passphrase": QCoreApplication.translate("DomainWords", "Enter passphrase"),
        "Using different paths": QCoreApplication.translate("DomainWords", "Using different paths"),
        "Modify amount": QCoreApplication.translate("DomainWords", "Modify amount"),
        "Modify fee": QCoreApplication.translate("DomainWords", "Modify fee"),
        "Wipe device": QCoreApplication.translate("DomainWords", "Wipe device"),
        "Address": QCoreApplication.translate("DomainWords", "Address"),
        "Data": QCoreApplication.translate("DomainWords", "Data"),
        "Typed data": QCoreApplication.translate("DomainWords", "Typed data"),
        "Sign message?": QCoreApplication.translate("DomainWords", "Sign message?"),
        "Message hash": QCoreApplication.translate("DomainWords", "Message hash"),
        "Message verified": QCoreApplication.translate("DomainWords", "Message verified"),
        "Settings": QCoreApplication.translate("DomainWords", "Settings"),
        "Entropy": QCoreApplication.translate("DomainWords", "Entropy"),
    }
    return titles.get(title, title)


def device_line(line: str) -> str:
    """A screen line: its 'Label: value' label translated, the value as it is."""
    labels = {
        "Total amount": QCoreApplication.translate("DomainWords", "Total amount"),
        "Including fee": QCoreApplication.translate("DomainWords", "Including fee"),
        "Amount": QCoreApplication.translate("DomainWords", "Amount"),
        "Fee": QCoreApplication.translate("DomainWords", "Fee"),
        "Maximum fee": QCoreApplication.translate("DomainWords", "Maximum fee"),
        "New fee": QCoreApplication.translate("DomainWords", "New fee"),
        "Old fee": QCoreApplication.translate("DomainWords", "Old fee"),
        "Send to": QCoreApplication.translate("DomainWords", "Send to"),
        "Total Amount": QCoreApplication.translate("DomainWords", "Total amount"),
        "Address": QCoreApplication.translate("DomainWords", "Address"),
    }
    label, sep, value = line.partition(": ")
    if sep and label in labels:
        return QCoreApplication.translate("DomainWords", "{0}: {1}").format(labels[label], value)
    return line
