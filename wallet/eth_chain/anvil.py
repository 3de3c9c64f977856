"""A local Ethereum chain on loopback for tests, benchmarks and the demo: anvil, a real node.

anvil ships inside the npm package @foundry-rs/anvil-linux-amd64; scripts/bootstrap.sh
installs it into .tools/ of the checkout (no network at run time). It listens on
127.0.0.1 with a port the OS picks, mines every transaction at once unless automining is
switched off (a transfer then stays pending until `mine`), and its dev accounts are
unlocked, so the "exchange" side of a test sends with eth_sendTransaction while the
cold account signs on the (software) device. The ERC-20 token deployed here is
TestToken.sol beside this file, compiled once (TestToken.bin).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import threading
import time
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import Any

from eth_abi.abi import encode

from wallet import eth_tx
from wallet.eth_chain import erc20

ANVIL_PACKAGE_BINARY = Path(".tools/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil")
LOCAL_CHAIN_ID = 31337  # anvil's default, also what the "local" Ethereum network expects
_LISTENING = re.compile(r"Listening on 127\.0\.0\.1:(\d+)")
_START_TIMEOUT = 30.0
_HERE = Path(__file__).resolve().parent
_REPO = _HERE.parents[1]


class LocalChainError(RuntimeError):
    """anvil is missing, did not start, or refused a request."""


def anvil_binary() -> Path:
    """$COLDSPLIT_ANVIL, the copy bootstrap installed in .tools/, or `anvil` on PATH."""
    candidates = [os.environ.get("COLDSPLIT_ANVIL", ""), str(_REPO / ANVIL_PACKAGE_BINARY)]
    candidates.append(shutil.which("anvil") or "")
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return Path(candidate)
    raise LocalChainError(
        "the local Ethereum chain needs anvil: run `make bootstrap` (it installs the npm package "
        "@foundry-rs/anvil-linux-amd64 into .tools/) or set COLDSPLIT_ANVIL"
    )


def token_bytecode() -> bytes:
    return bytes.fromhex((_HERE / "TestToken.bin").read_text(encoding="ascii").strip())


# A minimal ETH forwarder, written by hand in EVM assembly (no compiler needed). Called with
# calldata `to` (32-byte word) and `revert` (32-byte word), it does
#   CALL(gas, to, callvalue, 0, 0, 0, 0); if the call failed or revert != 0: REVERT(0, 0); STOP
# Runtime, by byte offset:
#   00 PUSH1 0 ×4 (retSize, retOffset, argsSize, argsOffset)   08 CALLVALUE
#   09 PUSH1 0  0b CALLDATALOAD (to)   0c GAS   0d CALL   0e ISZERO   0f PUSH1 0x19   11 JUMPI
#   12 PUSH1 0x20   14 CALLDATALOAD (revert)   15 PUSH1 0x19   17 JUMPI   18 STOP
#   19 JUMPDEST   1a PUSH1 0   1c PUSH1 0   1e REVERT
FORWARDER_RUNTIME = "6000600060006000346000355af115601957602035601957005b60006000fd"
# Init code: CODECOPY(0, 0x0b, 0x1f) of the runtime that follows these 11 bytes; RETURN(0, 0x1f).
FORWARDER_INIT = "601f80600b6000396000f3"


class LocalEthChain:
    """An anvil process on 127.0.0.1 and the few requests tests and the demo make of it."""

    def __init__(self, chain_id: int = LOCAL_CHAIN_ID, block_base_fee: int = 1_000_000_000) -> None:
        self.chain_id = chain_id
        self._base_fee = block_base_fee
        self._process: subprocess.Popen[str] | None = None
        self.port = 0
        self._next_id = 0
        self._lock = threading.Lock()
        self._automine = True  # as anvil starts; `set_automine` keeps it

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> LocalEthChain:
        command = [str(anvil_binary()), "--host", "127.0.0.1", "--port", "0"]
        command += ["--chain-id", str(self.chain_id), "--accounts", "3", "--balance", "100000"]
        command += ["--block-base-fee-per-gas", str(self._base_fee)]
        self._process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1
        )
        self.port = self._wait_for_port(self._process)
        # Keep reading its output so anvil never blocks on a full pipe.
        threading.Thread(target=self._drain, args=(self._process,), daemon=True).start()
        return self

    def _wait_for_port(self, process: subprocess.Popen[str]) -> int:
        assert process.stdout is not None
        deadline = time.monotonic() + _START_TIMEOUT
        seen: list[str] = []
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            seen.append(line.strip())
            found = _LISTENING.search(line)
            if found:
                return int(found.group(1))
        self.stop()
        tail = " | ".join(s for s in seen[-3:] if s)
        raise LocalChainError(f"anvil did not start listening on 127.0.0.1 ({tail or 'no output'})")

    @staticmethod
    def _drain(process: subprocess.Popen[str]) -> None:
        assert process.stdout is not None
        for _ in process.stdout:
            pass

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def __enter__(self) -> LocalEthChain:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def rpc(self, method: str, params: list[Any] | None = None) -> Any:
        """One JSON-RPC call; a node error becomes LocalChainError."""
        with self._lock:
            self._next_id += 1
            request_id = self._next_id
        body = json.dumps({"jsonrpc": "2.0", "id": request_id, "method": method, "params": params or []})
        request = urllib.request.Request(
            self.url, body.encode(), {"Content-Type": "application/json"}, method="POST"
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            answer = json.loads(response.read())
        if "error" in answer:
            raise LocalChainError(f"{method}: {answer['error'].get('message', answer['error'])}")
        return answer["result"]

    # -- the "exchange" side: dev accounts the node signs for --------------------------------

    @property
    def funder(self) -> str:
        return eth_tx.checksum_address(bytes.fromhex(str(self.rpc("eth_accounts")[0])[2:]))

    def send_eth(self, to: str, wei: int, sender: str | None = None) -> str:
        tx = {"from": sender or self.funder, "to": to, "value": hex(wei)}
        return self._sent(str(self.rpc("eth_sendTransaction", [tx])))

    def _sent(self, tx_hash: str) -> str:
        """With automining the transaction is mined before this returns (anvil mines it in the
        background, so a snapshot or a read right after could otherwise miss it)."""
        if self._automine:
            self.wait_for_receipt(tx_hash)
        return tx_hash

    def deploy_token(self, name: str, symbol: str, decimals: int, supply: int) -> str:
        """Deploy TestToken (the whole supply to the funder); its contract address."""
        arguments = encode(["string", "string", "uint8", "uint256"], [name, symbol, decimals, supply])
        tx = {"from": self.funder, "data": "0x" + (token_bytecode() + arguments).hex(), "gas": hex(3_000_000)}
        tx_hash = self.rpc("eth_sendTransaction", [tx])
        if not self._automine:
            self.mine()
        receipt = self.wait_for_receipt(tx_hash)
        if int(receipt["status"], 16) != 1:
            raise LocalChainError(f"deploying {symbol} failed: {receipt}")
        return eth_tx.checksum_address(bytes.fromhex(str(receipt["contractAddress"])[2:]))

    def wait_for_receipt(self, tx_hash: str, timeout: float = 10.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            receipt = self.rpc("eth_getTransactionReceipt", [tx_hash])
            if receipt is not None:
                return dict(receipt)
            if time.monotonic() > deadline:
                raise LocalChainError(f"{tx_hash} was not mined within {timeout:.0f} s")
            time.sleep(0.05)

    def send_token(self, token: str, to: str, amount: int, sender: str | None = None) -> str:
        data = "0x" + erc20.transfer_calldata(to, amount).hex()
        tx = {"from": sender or self.funder, "to": token, "data": data, "gas": hex(100_000)}
        return self._sent(str(self.rpc("eth_sendTransaction", [tx])))

    def deploy_forwarder(self) -> str:
        """Deploy FORWARDER (see its comment): a contract that pays ETH on, as an exchange's
        hot-wallet contract does, so the recipient is paid by an internal transaction."""
        tx = {"from": self.funder, "data": "0x" + FORWARDER_INIT + FORWARDER_RUNTIME, "gas": hex(200_000)}
        tx_hash = str(self.rpc("eth_sendTransaction", [tx]))
        if not self._automine:
            self.mine()
        receipt = self.wait_for_receipt(tx_hash)
        if int(receipt["status"], 16) != 1:
            raise LocalChainError(f"deploying the forwarder failed: {receipt}")
        return eth_tx.checksum_address(bytes.fromhex(str(receipt["contractAddress"])[2:]))

    def forward_eth(self, forwarder: str, to: str, wei: int, *, then_revert: bool = False) -> str:
        """The funder sends `wei` to the forwarder, which pays it to `to` (and, with `then_revert`,
        reverts afterwards, undoing the payment); the transaction's hash, mined."""
        data = bytes(12) + bytes.fromhex(to[2:]) + (1 if then_revert else 0).to_bytes(32, "big")
        tx = {"from": self.funder, "to": forwarder, "value": hex(wei), "data": "0x" + data.hex()}
        return self._sent(str(self.rpc("eth_sendTransaction", [{**tx, "gas": hex(100_000)}])))

    # -- blocks -----------------------------------------------------------------------------

    @property
    def automine(self) -> bool:
        return bool(self.rpc("anvil_getAutomine"))

    def set_automine(self, on: bool) -> None:
        self.rpc("evm_setAutomine", [on])
        self._automine = on

    def mine(self, blocks: int = 1) -> None:
        self.rpc("anvil_mine", [hex(blocks)])

    def block_number(self) -> int:
        return int(self.rpc("eth_blockNumber"), 16)

    def snapshot(self) -> str:
        return str(self.rpc("evm_snapshot"))

    def revert(self, snapshot: str) -> None:
        if not self.rpc("evm_revert", [snapshot]):
            raise LocalChainError(f"could not revert to snapshot {snapshot}")

    def drop(self, tx_hash: str) -> None:
        """Remove a pending transaction from the pool, as a node that lost it would."""
        self.rpc("anvil_dropTransaction", [tx_hash])
