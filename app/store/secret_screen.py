"""Screening text for private keys and seed phrases before it is saved anywhere.

Every text that reaches the store or the settings file passes through `find_secret`:
the domain code calls `guard_no_secret` early (with a name for the field), and the
store's triggers call the same function on every write as a backstop, so a write
path that forgets the early call is still refused.

What is refused (the rule):

- **WIF private keys** — base58check text whose payload is a version byte and 32 bytes,
  optionally followed by 0x01 (compressed); any coin's version byte.
- **Extended private keys** — base58check text of 78 bytes whose key data begins with
  0x00 (BIP32's private marker), whatever the version bytes: xprv, tprv and every
  SLIP-132 form (yprv, zprv, Yprv, Zprv, uprv, vprv, Uprv, Vprv …). Text that starts with
  one of those prefixes and has an extended key's length is refused even when its
  checksum is wrong: a mistyped key still gives most of it away.
- **Raw hex private keys** — 64 hex digits standing alone (``0x`` allowed), in
  free text. A txid (and an x-only public key) is also 64 hex digits and cannot be
  told from a private key by its form, so free text (names, labels, origins, settings,
  holdings typed by a person) refuses it, and a *structured* field whose own format
  validation decides what it holds (BIP329 ``ref``, a pending transfer's txids,
  descriptors, a chain backend's message) allows it: `TextKind.STRUCTURED`. To label a
  transaction, label it by its txid (a BIP329 ``tx`` label) instead of writing the txid
  into the label text.
- **BIP39 phrases** in every official wordlist (english, japanese, korean, spanish,
  chinese simplified and traditional, french, italian, czech, portuguese): 12, 15, 18,
  21 or 24 consecutive words of one list whose checksum is valid. Words match in any
  case, with or without accents, and (Latin lists) by their first four letters;
  anything that is not a letter separates words (spaces, ideographic spaces, commas,
  newlines, numbering such as ``1. abandon``, a prefix such as ``seed:``). Chinese
  characters are words by themselves; a run of them written without separators counts
  only as a whole (so a long Chinese label is not cut into windows that could pass the
  checksum by chance).

Not covered: Latin or Japanese words written without any separator, hex keys split by
spaces, SLIP-39 shares. The checksum (4 bits for 12 words) means one in 16 random
12-word sequences of one list passes; a label made only of wordlist words is therefore
refused now and then, with the reason.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from enum import Enum

from mnemonic import Mnemonic

from app.errors import StoreError

PHRASE_LENGTHS = (12, 15, 18, 21, 24)
_SHORTEST_SECRET = 12  # twelve Chinese characters; every key form is longer
LANGUAGES = (  # the official BIP39 wordlists (bips/bip-0039/bip-0039-wordlists.md)
    "english",
    "japanese",
    "korean",
    "spanish",
    "chinese_simplified",
    "chinese_traditional",
    "french",
    "italian",
    "czech",
    "portuguese",
)
_BASE58_RUN = re.compile(r"[1-9A-HJ-NP-Za-km-z]{51,}")
_WIF_LENGTHS = (51, 52)
_WIF_FIRST_CHARS = frozenset("5KL9c")  # mainnet and testnet, uncompressed and compressed
_PRIVATE_PREFIX = re.compile(r"[xyztuvYZUV]prv[1-9A-HJ-NP-Za-km-z]{100,112}")
_HEX_KEY = re.compile(r"(?<![0-9A-Fa-f])[0-9A-Fa-f]{64}(?![0-9A-Fa-f])")
_HAN = r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]"
_LETTER_RUN = re.compile(r"[^\W\d_]+")
_SCRIPT_PART = re.compile(rf"{_HAN}+|(?:(?!{_HAN})[^\W\d_])+")
_HAN_RUN = re.compile(rf"{_HAN}+")
_BIP32_PAYLOAD = 78
_BIP32_KEY_DATA = 45  # offset of the 33-byte key data: 0x00 + key for a private key


class TextKind(Enum):
    """How a field is screened (see the module docstring for the rule)."""

    FREE = "free"  # typed by a person: every rule, 64 hex digits included
    STRUCTURED = "structured"  # validated by its own format: 64 hex digits allowed


@dataclass(frozen=True)
class _Wordlist:
    language: str
    index: dict[str, int]


def find_secret(text: str, kind: TextKind = TextKind.FREE) -> str | None:
    """What kind of secret `text` holds, in words ("a WIF private key"), or None.

    The answer never repeats the secret itself.
    """
    if len(text) < _SHORTEST_SECRET:
        return None
    found = _extended_or_wif_key(text)
    if found is None and kind is TextKind.FREE and _HEX_KEY.search(text):
        found = "64 hex digits, which may be a raw private key (a txid looks the same)"
    return found if found is not None else _seed_phrase(text)


def guard_no_secret(value: str, what: str, kind: TextKind = TextKind.FREE) -> None:
    """Refuse (StoreError, one line) text that is or contains a private key or seed phrase."""
    found = find_secret(value, kind)
    if found is not None:
        raise StoreError(refusal(what, found))


def refusal(what: str, found: str) -> str:
    return (
        f"refusing to save {what}: it contains {found}; private keys and seed phrases never "
        "belong in ColdSplit (keep them on the device or on paper)"
    )


def _extended_or_wif_key(text: str) -> str | None:
    if _PRIVATE_PREFIX.search(text):
        return "an extended private key"
    for match in _BASE58_RUN.finditer(text):
        found = _decoded_key(match.group())
        if found is not None:
            return found
    return None


def _decoded_key(run: str) -> str | None:
    whole = _base58check(run)
    if whole is not None:  # the run is one base58check string (an xpub, an address …)
        return _classify_payload(whole)
    # A WIF glued to other letters: try the windows that start like a Bitcoin WIF (an
    # extended key glued to text is caught by its prefix, see _PRIVATE_PREFIX).
    for start in (i for i, char in enumerate(run) if char in _WIF_FIRST_CHARS):
        for length in _WIF_LENGTHS:
            payload = _base58check(run[start : start + length]) if start + length <= len(run) else None
            if payload is not None and _classify_payload(payload) is not None:
                return _classify_payload(payload)
    return None


def _base58check(text: str) -> bytes | None:
    # Imported here: bip-utils takes about a second to import, and most text (and every
    # command that never meets a long base58 run) does not need it.
    from bip_utils import Base58ChecksumError, Base58Decoder

    try:
        return bytes(Base58Decoder.CheckDecode(text))
    except (Base58ChecksumError, ValueError, TypeError):
        return None


def _classify_payload(payload: bytes) -> str | None:
    if len(payload) == 33 or (len(payload) == 34 and payload[-1] == 0x01):
        return "a WIF private key"
    if len(payload) == _BIP32_PAYLOAD and payload[_BIP32_KEY_DATA] == 0x00:
        return "an extended private key"
    return None


def _seed_phrase(text: str) -> str | None:
    normal = unicodedata.normalize("NFKC", text)
    words = len(_LETTER_RUN.findall(normal))
    if words < PHRASE_LENGTHS[0] and not _HAN_RUN.search(normal):
        return None  # the common case, decided before the slower tokenising
    tokens = _tokens(normal)
    if len(tokens) < PHRASE_LENGTHS[0]:
        return None
    for wordlist in _wordlists():
        indices = [_lookup(wordlist.index, token) for token, _ in tokens]
        count = _checksum_valid_run(indices, [group for _, group in tokens])
        if count:
            return f"a BIP39 seed phrase ({count} {wordlist.language} words)"
    return None


def _lookup(index: dict[str, int], token: str) -> int | None:
    found = index.get(token)
    return found if found is not None else index.get(_without_marks(token))


def _tokens(text: str) -> list[tuple[str, int]]:
    """Normalised words of NFKC `text` with a group number: the letters run each came from.

    Chinese characters become one token each but keep their run's group, so a window
    over them must start and end at the run's edges.
    """
    tokens: list[tuple[str, int]] = []
    group = 0
    for run in _LETTER_RUN.finditer(text):
        for part in _SCRIPT_PART.findall(run.group()):
            group += 1
            pieces = list(part) if _HAN_RUN.fullmatch(part) else [part]
            tokens.extend((_key(piece), group) for piece in pieces)
    return tokens


def _checksum_valid_run(indices: list[int | None], groups: list[int]) -> int:
    """The length of the first checksum-valid window of wordlist words, or 0."""
    start = 0
    while start < len(indices):
        if indices[start] is None:
            start += 1
            continue
        end = start
        while end < len(indices) and indices[end] is not None:
            end += 1
        for length in PHRASE_LENGTHS:
            for first in range(start, end - length + 1):
                last = first + length - 1
                if _aligned(groups, first, last) and _checksum_ok(indices[first : last + 1]):
                    return length
        start = end
    return 0


def _aligned(groups: list[int], first: int, last: int) -> bool:
    starts_group = first == 0 or groups[first - 1] != groups[first]
    ends_group = last == len(groups) - 1 or groups[last + 1] != groups[last]
    return starts_group and ends_group


def _checksum_ok(indices: list[int | None]) -> bool:
    """BIP39's checksum: the first len/3 bits of SHA-256 of the entropy end the phrase.

    Written out (hashlib for the hash) rather than through bip-utils' validator, which
    is 60 times slower and is called for every window; the property tests check this
    against phrases bip-utils and python-mnemonic generate.
    """
    number = 0
    for index in indices:
        if index is None:
            return False
        number = (number << 11) | index
    checksum_bits = len(indices) * 11 // 33
    entropy = (number >> checksum_bits).to_bytes((len(indices) * 11 - checksum_bits) // 8, "big")
    expected = hashlib.sha256(entropy).digest()[0] >> (8 - checksum_bits)
    return expected == number & ((1 << checksum_bits) - 1)


def _key(word: str) -> str:
    return unicodedata.normalize("NFKD", word.casefold())


def _without_marks(key: str) -> str:
    return "".join(c for c in key if not unicodedata.combining(c))


@functools.cache
def _wordlists() -> tuple[_Wordlist, ...]:
    """The ten official BIP39 wordlists, from python-mnemonic (SatoshiLabs' reference code,
    a trezorlib dependency): bip-utils lacks Japanese and costs a second to import. The tests
    check these lists against bip-utils' for the nine languages it has."""
    return tuple(
        _Wordlist(name.replace("_", " "), _index(tuple(Mnemonic(name).wordlist))) for name in LANGUAGES
    )


def _index(words: tuple[str, ...]) -> dict[str, int]:
    """Each word by its normalised form; also without accents, and (Latin lists) by its first
    four letters — BIP39 makes those unique, and people write seeds that way — wherever the
    shorter form still names one word only."""
    index = {_key(word): i for i, word in enumerate(words)}
    shorter: dict[str, list[int]] = {}
    for key, i in list(index.items()):
        bare = _without_marks(key)
        forms = {bare, bare[:4]} if bare.isascii() and len(bare) > 4 else {bare}
        for form in forms:
            shorter.setdefault(form, []).append(i)
    for form, positions in shorter.items():
        if len(set(positions)) == 1 and form not in index:
            index[form] = positions[0]
    return index
