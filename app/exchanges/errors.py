"""Venue failures translated at the ccxt edge into one-line user errors.

ccxt's messages carry whole URLs and response bodies; the user gets the venue, what
was being read, what went wrong and what to do, on one line. Parsing failures on a
malformed answer (ccxt raising TypeError/KeyError deep in a parser) are reported the
same way, never as a traceback and never as an empty account.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import ccxt

from app.errors import NetworkFailure, UserError
from app.logs import redact


class VenueError(UserError):
    """Reading from an exchange failed; nothing was written. A refusal (a bad key, a bad
    request) is the user's to fix (exit 2); the venue being unreachable, slow, rate-limiting
    or answering garbage is a network error (exit 4)."""


class VenueAuthError(VenueError):
    pass


class VenueRateLimited(VenueError, NetworkFailure):
    pass


class VenueTimeout(VenueError, NetworkFailure):
    pass


class VenueUnavailable(VenueError, NetworkFailure):
    pass


class VenueBadResponse(VenueError, NetworkFailure):
    pass


_QUERY = re.compile(r"\?[^\s]*")  # a URL's query string: Binance puts the request signature there
_PARSE_FAILURES = (TypeError, KeyError, ValueError, AttributeError, IndexError, ArithmeticError)


def _detail(exc: BaseException) -> str:
    # Keep only the venue's own words, short and on one line; never a query string with a signature.
    text = _QUERY.sub("", " ".join(str(exc).split()))
    return redact(text[:200], debug=False)


@contextmanager
def venue_call(venue: str, what: str) -> Iterator[None]:
    """Translate anything ccxt raises while reading `what` from `venue`."""
    try:
        yield
    except VenueError:
        raise
    except ccxt.AuthenticationError as exc:
        raise VenueAuthError(
            f"{venue} refused the API key while reading {what} ({_detail(exc)}); check the key is "
            "current, read-only with 'read' permission enabled, and allowed from this IP"
        ) from None
    except (ccxt.RateLimitExceeded, ccxt.DDoSProtection):
        raise VenueRateLimited(
            f"{venue} is rate-limiting requests (HTTP 429) while reading {what}; "
            "wait a minute and refresh again"
        ) from None
    except ccxt.RequestTimeout:
        raise VenueTimeout(
            f"{venue} did not answer in time while reading {what}; check the connection and try again"
        ) from None
    except ccxt.BadResponse as exc:
        raise VenueBadResponse(f"{venue} sent an unreadable answer for {what} ({_detail(exc)})") from None
    except ccxt.NetworkError as exc:
        raise VenueUnavailable(
            f"{venue} is unreachable or failing while reading {what} ({_detail(exc)}); try again later"
        ) from None
    except ccxt.BaseError as exc:
        raise VenueError(f"{venue} refused the request for {what} ({_detail(exc)})") from None
    except _PARSE_FAILURES as exc:
        raise VenueBadResponse(
            f"{venue} sent an answer for {what} that ColdSplit cannot read "
            f"({type(exc).__name__}: {_detail(exc)})"
        ) from None
