"""Turn a single-key descriptor into what a device needs to show its address: path + script type.

Parsing and checksum checks come from hwilib's descriptor module; this only picks the
key origin out of pkh(), sh(wpkh()), wpkh() and tr() (key path only).
"""

from __future__ import annotations

from dataclasses import dataclass

from wallet.devices.base import ScriptType
from wallet.devices.errors import BadDeviceRequest


@dataclass(frozen=True)
class AddressTarget:
    fingerprint: bytes
    path: tuple[int, ...]
    script_type: ScriptType


def single_key_target(descriptor: str) -> AddressTarget:
    from hwilib.descriptor import (
        Descriptor,
        PKHDescriptor,
        SHDescriptor,
        TRDescriptor,
        WPKHDescriptor,
        parse_descriptor,
    )

    try:
        parsed = parse_descriptor(descriptor.strip())
    except (ValueError, AssertionError, IndexError, KeyError) as exc:
        raise BadDeviceRequest(f"not a valid descriptor: {exc}") from None
    holder: Descriptor
    if isinstance(parsed, SHDescriptor) and isinstance(parsed.subdescriptors[0], WPKHDescriptor):
        script_type, holder = ScriptType.P2SH_P2WPKH, parsed.subdescriptors[0]
    elif isinstance(parsed, WPKHDescriptor):
        script_type, holder = ScriptType.P2WPKH, parsed
    elif isinstance(parsed, PKHDescriptor):
        script_type, holder = ScriptType.P2PKH, parsed
    elif isinstance(parsed, TRDescriptor) and not parsed.subdescriptors:
        script_type, holder = ScriptType.P2TR, parsed
    else:
        raise BadDeviceRequest("only single-key pkh, sh(wpkh), wpkh and key-path tr descriptors can be shown")
    key = holder.pubkeys[0]
    if key.origin is None:
        raise BadDeviceRequest("the descriptor's key has no [fingerprint/path] origin")
    if key.deriv_path and "*" in key.deriv_path:
        raise BadDeviceRequest("give one address: replace * in the descriptor with an index")
    # the first element is the fingerprint as an int; the rest is the full path
    path = tuple(int(n) for n in key.get_full_derivation_int_list(0)[1:])
    return AddressTarget(bytes(key.origin.fingerprint), path, script_type)
