"""An Ethereum JSON-RPC endpoint through web3.py's HTTP provider, raw results, batched calls.

Only standard methods are used (eth_chainId, eth_getBalance, eth_call, eth_getLogs,
eth_getBlockByNumber, eth_feeHistory, …), so any node or provider works. Native ETH has no
"transfers of an address" call, so its history comes from scanning blocks (batched, a few
hundred per HTTP request) from where the last sync stopped; ERC-20 history comes from the
Transfer logs. Every failure — unreachable, timeout, an error object, garbage instead of
JSON-RPC, a result of the wrong shape — becomes one `EthNodeError` line.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import requests
from web3 import HTTPProvider
from web3.types import RPCEndpoint

from wallet import eth_tx
from wallet.eth_chain import erc20

BLOCKS_PER_BATCH = 200
LOG_BLOCK_SPAN = 50_000  # blocks per eth_getLogs call (public endpoints cap the range)


class EthNodeError(Exception):
    """The endpoint failed or answered something that is not what Ethereum JSON-RPC answers."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class EthMethodMissing(EthNodeError):
    """The endpoint does not offer this method (e.g. no tracing: geth without debug, most providers)."""


METHOD_NOT_FOUND = -32601  # JSON-RPC 2.0's "Method not found"
# How nodes that answer another code say the same (geth: "the method … does not exist/is not
# available"; providers: "… is not supported", "unsupported method").
_MISSING_METHOD_WORDS = ("method not found", "does not exist", "not supported", "unsupported method")


@dataclass(frozen=True)
class NativeTransfer:
    tx_hash: str
    block_number: int | None  # None while pending
    block_hash: str | None
    sender: str
    to: str | None
    value: int
    data: bytes


@dataclass(frozen=True)
class TokenTransfer:
    tx_hash: str
    log_index: int
    block_number: int
    block_hash: str
    token: str
    sender: str
    to: str
    amount: int


@dataclass(frozen=True)
class Receipt:
    tx_hash: str
    block_number: int
    block_hash: str
    succeeded: bool
    fee_wei: int


@dataclass(frozen=True)
class FeeQuote:
    base_fee: int  # of the latest block
    priority_fee: int  # the node's suggestion


def _hex_int(value: object, what: str) -> int:
    if not isinstance(value, str) or not value.startswith("0x"):
        raise EthNodeError(f"the endpoint answered {what} as {value!r}, not a hex quantity")
    try:
        return int(value, 16)
    except ValueError:
        raise EthNodeError(f"the endpoint answered {what} as {value!r}, not a hex quantity") from None


def _hex_bytes(value: object, what: str) -> bytes:
    if not isinstance(value, str) or not value.startswith("0x"):
        raise EthNodeError(f"the endpoint answered {what} as {value!r}, not hex data")
    try:
        return bytes.fromhex(value[2:])
    except ValueError:
        raise EthNodeError(f"the endpoint answered {what} as {value!r}, not hex data") from None


def _address(value: object, what: str) -> str:
    raw = eth_tx.parse_address(value) if isinstance(value, str) else None
    if raw is None:
        raise EthNodeError(f"the endpoint answered {what} as {value!r}, not an address")
    return eth_tx.checksum_address(raw)


def _dict(value: object, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise EthNodeError(f"the endpoint answered {what} with {type(value).__name__}, not an object")
    return value


class EthNode:
    """One endpoint; `timeout` in seconds per HTTP request; `proxy` a SOCKS5 host:port (e.g.
    Tor's 127.0.0.1:9050), through which names are resolved too (socks5h: no DNS leak)."""

    def __init__(self, url: str, timeout: float = 10.0, proxy: str | None = None) -> None:
        self.url = url
        kwargs: dict[str, Any] = {"timeout": timeout}
        if proxy:
            kwargs["proxies"] = {"http": f"socks5h://{proxy}", "https": f"socks5h://{proxy}"}
        self._provider = HTTPProvider(url, request_kwargs=kwargs, exception_retry_configuration=None)

    # -- plumbing -----------------------------------------------------------------------------

    def call(self, method: str, params: Sequence[Any] = ()) -> Any:
        try:
            response = self._provider.make_request(RPCEndpoint(method), list(params))
        except (requests.RequestException, OSError) as exc:
            raise EthNodeError(
                f"Ethereum endpoint {self.url} is unreachable ({type(exc).__name__})"
            ) from None
        except ValueError as exc:  # the body was not JSON
            raise EthNodeError(f"Ethereum endpoint {self.url} did not answer JSON-RPC ({exc})") from None
        return self._result(_dict(response, method), method)

    def batch(self, calls: Sequence[tuple[str, Sequence[Any]]]) -> list[Any]:
        """Several calls in one HTTP request; results in the calls' order."""
        if not calls:
            return []
        requests_ = [(RPCEndpoint(method), list(params)) for method, params in calls]
        try:
            responses = self._provider.make_batch_request(requests_)
        except (requests.RequestException, OSError) as exc:
            raise EthNodeError(
                f"Ethereum endpoint {self.url} is unreachable ({type(exc).__name__})"
            ) from None
        except ValueError as exc:
            raise EthNodeError(f"Ethereum endpoint {self.url} did not answer JSON-RPC ({exc})") from None
        if not isinstance(responses, list) or len(responses) != len(calls):
            self._result(_dict(responses, "a batch"), calls[0][0])  # an error object for the whole batch
            raise EthNodeError(f"Ethereum endpoint {self.url} answered a batch of {len(calls)} wrongly")
        return [self._result(_dict(r, m), m) for r, (m, _) in zip(responses, calls, strict=True)]

    def _result(self, response: dict[str, Any], method: str) -> Any:
        if "error" in response:
            error = response["error"]
            message = error.get("message", error) if isinstance(error, dict) else error
            text = f"Ethereum endpoint {self.url} refused {method}: {message}"
            code = error.get("code") if isinstance(error, dict) else None
            if code == METHOD_NOT_FOUND or any(w in str(message).lower() for w in _MISSING_METHOD_WORDS):
                raise EthMethodMissing(text)
            raise EthNodeError(text)
        if "result" not in response:
            raise EthNodeError(f"Ethereum endpoint {self.url} answered {method} without a result")
        return response["result"]

    # -- reading --------------------------------------------------------------------------------

    def chain_id(self) -> int:
        return _hex_int(self.call("eth_chainId"), "eth_chainId")

    def block_number(self) -> int:
        return _hex_int(self.call("eth_blockNumber"), "eth_blockNumber")

    def balances(self, owner: str, tokens: Sequence[str], block: int) -> tuple[int, list[int]]:
        """ETH and each token's balance of `owner` at `block`, in one request."""
        tag = hex(block)
        calls: list[tuple[str, Sequence[Any]]] = [("eth_getBalance", [owner, tag])]
        data = "0x" + erc20.balance_of_calldata(owner).hex()
        calls += [("eth_call", [{"to": token, "data": data}, tag]) for token in tokens]
        results = self.batch(calls)
        eth = _hex_int(results[0], "eth_getBalance")
        token_balances = [
            erc20.decode_uint(_hex_bytes(r, "balanceOf")) if r not in ("0x", None) else 0 for r in results[1:]
        ]
        return eth, token_balances

    def token_info(self, token: str) -> tuple[str, int]:
        """(symbol, decimals) of an ERC-20 contract; EthNodeError if it does not answer them."""
        symbol_data, decimals_data, code = self.batch(
            [
                ("eth_call", [{"to": token, "data": "0x" + erc20.SYMBOL_SELECTOR.hex()}, "latest"]),
                ("eth_call", [{"to": token, "data": "0x" + erc20.DECIMALS_SELECTOR.hex()}, "latest"]),
                ("eth_getCode", [token, "latest"]),
            ]
        )
        if _hex_bytes(code, "eth_getCode") == b"":
            raise EthNodeError(f"{token} is not a contract on this chain")
        try:
            return (
                erc20.decode_symbol(_hex_bytes(symbol_data, "symbol()")),
                erc20.decode_uint(_hex_bytes(decimals_data, "decimals()")),
            )
        except Exception:  # eth-abi's decoding errors: not an ERC-20 contract
            raise EthNodeError(f"{token} does not answer ERC-20 symbol() and decimals()") from None

    def is_contract(self, address: str) -> bool:
        return _hex_bytes(self.call("eth_getCode", [address, "latest"]), "eth_getCode") != b""

    def scan_native(self, owner: str, first: int, last: int) -> tuple[list[NativeTransfer], dict[int, str]]:
        """Transactions from or to `owner` in blocks first..last, and each scanned block's hash."""
        found: list[NativeTransfer] = []
        hashes: dict[int, str] = {}
        wanted = owner.lower()
        for start in range(first, last + 1, BLOCKS_PER_BATCH):
            numbers = range(start, min(start + BLOCKS_PER_BATCH, last + 1))
            blocks = self.batch([("eth_getBlockByNumber", [hex(n), True]) for n in numbers])
            for number, block in zip(numbers, blocks, strict=True):
                body = _dict(block, f"block {number}")
                hashes[number] = str(body.get("hash"))
                found.extend(_transfers_of(body.get("transactions", []), wanted, number, hashes[number]))
        return found, hashes

    def pending_transactions(self) -> list[NativeTransfer]:
        """Every transaction the node holds but has not mined (its "pending" block)."""
        block = self.call("eth_getBlockByNumber", ["pending", True])
        if block is None:
            return []
        body = _dict(block, "the pending block")
        return list(_transfers_of(body.get("transactions", []), None, None, None))

    def pending_native(self, owner: str) -> list[NativeTransfer]:
        """Pending transactions from or to `owner`."""
        mine = owner.lower()
        return [t for t in self.pending_transactions() if mine in (t.sender.lower(), (t.to or "").lower())]

    def token_transfers(
        self, owner: str, tokens: Sequence[str], first: int, last: int
    ) -> list[TokenTransfer]:
        """The tokens' Transfer logs from or to `owner` in blocks first..last."""
        if not tokens or first > last:
            return []
        topic = "0x" + erc20.TRANSFER_TOPIC.hex()
        me = erc20.address_topic(owner)
        calls: list[tuple[str, Sequence[Any]]] = []
        for start in range(first, last + 1, LOG_BLOCK_SPAN):
            span = {"fromBlock": hex(start), "toBlock": hex(min(start + LOG_BLOCK_SPAN - 1, last))}
            span["address"] = list(tokens)  # type: ignore[assignment]
            calls.append(("eth_getLogs", [{**span, "topics": [topic, me]}]))
            calls.append(("eth_getLogs", [{**span, "topics": [topic, None, me]}]))
        seen: dict[tuple[str, int], TokenTransfer] = {}
        for logs in self.batch(calls):
            if not isinstance(logs, list):
                raise EthNodeError("the endpoint answered eth_getLogs with something other than a list")
            for log in logs:
                transfer = _token_transfer(_dict(log, "a log"))
                seen[(transfer.tx_hash, transfer.log_index)] = transfer  # a self-transfer matches twice
        return sorted(seen.values(), key=lambda t: (t.block_number, t.log_index))

    def receipts(self, tx_hashes: Iterable[str]) -> dict[str, Receipt | None]:
        hashes = list(tx_hashes)
        answers = self.batch([("eth_getTransactionReceipt", [h]) for h in hashes])
        return {
            h: None if a is None else _receipt(_dict(a, "a receipt"))
            for h, a in zip(hashes, answers, strict=True)
        }

    # -- sending ----------------------------------------------------------------------------------

    def next_nonce(self, owner: str) -> int:
        return _hex_int(self.call("eth_getTransactionCount", [owner, "pending"]), "eth_getTransactionCount")

    def fee_quote(self) -> FeeQuote:
        block, tip = self.batch(
            [("eth_getBlockByNumber", ["latest", False]), ("eth_maxPriorityFeePerGas", [])]
        )
        base = _hex_int(_dict(block, "the latest block").get("baseFeePerGas"), "baseFeePerGas")
        return FeeQuote(base, _hex_int(tip, "eth_maxPriorityFeePerGas"))

    def gas_price(self) -> int:
        """The node's gas price for a legacy transaction (eth_gasPrice: base fee + a tip)."""
        return _hex_int(self.call("eth_gasPrice"), "eth_gasPrice")

    def estimate_gas(self, sender: str, to: str, value: int, data: bytes) -> int:
        tx = {"from": sender, "to": to, "value": hex(value), "data": "0x" + data.hex()}
        return _hex_int(self.call("eth_estimateGas", [tx]), "eth_estimateGas")

    def send_raw(self, raw: bytes) -> str:
        answer = self.call("eth_sendRawTransaction", ["0x" + raw.hex()])
        return "0x" + _hex_bytes(answer, "eth_sendRawTransaction").hex()


def _transfers_of(
    transactions: object, wanted: str | None, number: int | None, block_hash: str | None
) -> Iterable[NativeTransfer]:
    """The block's transactions from or to `wanted` (lower case), or all of them for None."""
    if not isinstance(transactions, list):
        raise EthNodeError("the endpoint answered a block whose transactions are not a list")
    for tx in transactions:
        body = _dict(tx, "a transaction")
        sender = str(body.get("from", "")).lower()
        to = body.get("to")
        mine = wanted is None or sender == wanted or (isinstance(to, str) and to.lower() == wanted)
        if not mine:
            continue
        yield NativeTransfer(
            tx_hash=str(body.get("hash")),
            block_number=number,
            block_hash=block_hash,
            sender=_address(body.get("from"), "a transaction's sender"),
            to=None if to is None else _address(to, "a transaction's recipient"),
            value=_hex_int(body.get("value"), "a transaction's value"),
            data=_hex_bytes(body.get("input", "0x"), "a transaction's input"),
        )


def _token_transfer(log: dict[str, Any]) -> TokenTransfer:
    topics = log.get("topics")
    if not isinstance(topics, list) or len(topics) != 3:
        raise EthNodeError("the endpoint answered a Transfer log without its three topics")
    return TokenTransfer(
        tx_hash=str(log.get("transactionHash")),
        log_index=_hex_int(log.get("logIndex"), "a log's index"),
        block_number=_hex_int(log.get("blockNumber"), "a log's block"),
        block_hash=str(log.get("blockHash")),
        token=_address(log.get("address"), "a log's contract"),
        sender=erc20.topic_address(_hex_bytes(topics[1], "a log topic")),
        to=erc20.topic_address(_hex_bytes(topics[2], "a log topic")),
        amount=erc20.decode_uint(_hex_bytes(log.get("data"), "a log's data")),
    )


def _receipt(body: dict[str, Any]) -> Receipt:
    gas_used = _hex_int(body.get("gasUsed"), "a receipt's gas used")
    price = _hex_int(body.get("effectiveGasPrice"), "a receipt's gas price")
    return Receipt(
        tx_hash=str(body.get("transactionHash")),
        block_number=_hex_int(body.get("blockNumber"), "a receipt's block"),
        block_hash=str(body.get("blockHash")),
        succeeded=_hex_int(body.get("status"), "a receipt's status") == 1,
        fee_wei=gas_used * price,
    )
