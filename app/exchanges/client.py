"""Building the ccxt client for a venue: strict JSON, a timeout, and an optional base URL.

`api_base_url` points every REST endpoint of the client at another host (the tests'
loopback server, or a user's own proxy) by rewriting `exchange.urls['api']`, the
override ccxt itself documents for testnets; nothing in ccxt is patched.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import ccxt

DEFAULT_TIMEOUT_MS = 15_000


@dataclass(frozen=True)
class ClientOptions:
    api_base_url: str | None = None
    timeout_ms: int = DEFAULT_TIMEOUT_MS
    # ccxt spaces requests to stay under the venue's published limits; a loopback server has none.
    throttle: bool = True


class StrictJsonMixin:
    """Refuse a successful HTTP answer whose body is not JSON.

    ccxt hands a non-JSON 200 body on as text, and some parsers then produce an empty
    balance; an empty account must never be mistaken for a real one.
    """

    id: str

    def on_rest_response(
        self,
        code: int,
        reason: str,
        url: str,
        method: str,
        response_headers: Any,
        response_body: str,
        request_headers: Any,
        request_body: Any,
    ) -> str:
        if 200 <= int(code) < 300:
            body = response_body.strip()
            try:
                json.loads(body)
            except ValueError:
                raise ccxt.BadResponse(f"{self.id} answered {method} with a body that is not JSON") from None
        return response_body.strip()


def rewrite_api_urls(urls: Any, base_url: str) -> Any:
    """Every URL in ccxt's `urls['api']` tree, re-homed on `base_url` with its path kept."""
    if isinstance(urls, dict):
        return {key: rewrite_api_urls(value, base_url) for key, value in urls.items()}
    if isinstance(urls, str):
        path = urlsplit(urls.replace("{hostname}", "host")).path
        return base_url.rstrip("/") + path
    return urls


def configure_client(exchange: ccxt.Exchange, options: ClientOptions) -> ccxt.Exchange:
    exchange.timeout = options.timeout_ms
    exchange.enableRateLimit = options.throttle
    # Kept so each venue can check the raw shape of an answer: ccxt turns a wrong shape into "nothing".
    exchange.enableLastJsonResponse = True
    if options.api_base_url is not None:
        exchange.urls["api"] = rewrite_api_urls(exchange.urls["api"], options.api_base_url)
    return exchange
