"""Bytewords (BCR-2020-012): one four-letter word per byte, then a CRC-32 of four words.

URs use the minimal style (first and last letter of each word), which fits the QR
alphanumeric mode once upper-cased. The standard (spaces) and URI (hyphens) styles are
here for the specification's vectors and for people reading words aloud.
"""

from __future__ import annotations

from enum import Enum

from wallet.airgap.consensus import crc32
from wallet.airgap.errors import MalformedFrame

# The 256 words, in byte order (BCR-2020-012, "Word List").
_WORD_LIST = (
    "able acid also apex aqua arch atom aunt away axis back bald barn belt beta bias "
    "blue body brag brew bulb buzz calm cash cats chef city claw code cola cook cost "
    "crux curl cusp cyan dark data days deli dice diet door down draw drop drum dull "
    "duty each easy echo edge epic even exam exit eyes fact fair fern figs film fish "
    "fizz flap flew flux foxy free frog fuel fund gala game gear gems gift girl glow "
    "good gray grim guru gush gyro half hang hard hawk heat help high hill holy hope "
    "horn huts iced idea idle inch inky into iris iron item jade jazz join jolt jowl "
    "judo jugs jump junk jury keep keno kept keys kick kiln king kite kiwi knob lamb "
    "lava lazy leaf legs liar limp lion list logo loud love luau luck lung main many "
    "math maze memo menu meow mild mint miss monk nail navy need news next noon note "
    "numb obey oboe omit onyx open oval owls paid part peck play plus poem pool pose "
    "puff puma purr quad quiz race ramp real redo rich road rock roof ruby ruin runs "
    "rust safe saga scar sets silk skew slot soap solo song stub surf swan taco task "
    "taxi tent tied time tiny toil tomb toys trip tuna twin ugly undo unit urge user "
    "vast very veto vial vibe view visa void vows wall wand warm wasp wave waxy webs "
    "what when whiz wolf work yank yawn yell yoga yurt zaps zero zest zinc zone zoom"
)
WORDS = tuple(_WORD_LIST.split())
assert len(WORDS) == 256

_WORD_VALUE = {word: value for value, word in enumerate(WORDS)}
_MINIMAL_VALUE = {word[0] + word[-1]: value for value, word in enumerate(WORDS)}


class Style(Enum):
    STANDARD = " "
    URI = "-"
    MINIMAL = ""


def encode(data: bytes, style: Style = Style.MINIMAL) -> str:
    body = data + crc32(data).to_bytes(4, "big")
    if style is Style.MINIMAL:
        return "".join(WORDS[b][0] + WORDS[b][-1] for b in body)
    separator: str = style.value
    return separator.join(WORDS[b] for b in body)


def decode(text: str, style: Style = Style.MINIMAL) -> bytes:
    """The bytes of a Bytewords string (any letter case); MalformedFrame on an unknown word,
    a missing or wrong checksum."""
    lowered = text.lower()
    if style is Style.MINIMAL:
        if len(lowered) % 2:
            raise MalformedFrame("the Bytewords text has an odd number of letters")
        tokens, table = [lowered[i : i + 2] for i in range(0, len(lowered), 2)], _MINIMAL_VALUE
    else:
        tokens, table = (lowered.split(style.value) if lowered else []), _WORD_VALUE
    try:
        body = bytes(table[token] for token in tokens)
    except KeyError:
        raise MalformedFrame("the text contains a word that is not a Bytewords word") from None
    if len(body) < 5:
        raise MalformedFrame("the Bytewords text is too short to carry data and a checksum")
    data, checksum = body[:-4], body[-4:]
    if crc32(data).to_bytes(4, "big") != checksum:
        raise MalformedFrame("the Bytewords checksum does not match (a misread or corrupted code)")
    return data
