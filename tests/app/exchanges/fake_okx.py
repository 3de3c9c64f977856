"""OKX v5 REST in OKX's own JSON envelope ({"code": "0", "msg": "", "data": [...]}).

Private endpoints require OK-ACCESS-KEY, OK-ACCESS-PASSPHRASE, OK-ACCESS-TIMESTAMP and
OK-ACCESS-SIGN = base64(HMAC-SHA256(secret, timestamp + method + path?query + body))
(OKX v5 docs, "REST Authentication"); otherwise 401 with OKX's error code.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Any

from tests.app.exchanges.books import book_levels
from tests.app.exchanges.loopback import LoopbackVenue, Reply, Request

API_KEY = "okx-read-only-key-0001"
SECRET = "okx-secret-value-0001"
PASSPHRASE = "okx-passphrase-0001"
NOW_MS = 1_764_000_000_000


def _ok(data: list[Any]) -> Reply:
    return 200, {"code": "0", "msg": "", "data": data}


def _signed(handler: Any) -> Any:
    def check(request: Request) -> Reply:
        h = request.headers
        if h.get("ok-access-key") != API_KEY or h.get("ok-access-passphrase") != PASSPHRASE:
            return 401, {"code": "50111", "msg": "Invalid OK-ACCESS-KEY", "data": []}
        target = request.path + (f"?{request.raw_query}" if request.raw_query else "")
        prehash = h.get("ok-access-timestamp", "") + request.method + target + request.body.decode()
        expected = base64.b64encode(
            hmac.new(SECRET.encode(), prehash.encode(), hashlib.sha256).digest()
        ).decode()
        if not hmac.compare_digest(h.get("ok-access-sign", ""), expected):
            return 401, {"code": "50113", "msg": "Invalid Sign", "data": []}
        return handler(request)

    return check


def _instrument(inst_type: str, base: str) -> dict[str, Any]:
    common = {"alias": "", "auctionEndTime": "", "category": "1", "expTime": "", "listTime": "1573557408000",
              "maxIcebergSz": "999999999", "maxLmtAmt": "20000000", "maxLmtSz": "999999999", "maxMktAmt": "1000000",
              "maxMktSz": "1000000", "maxStopSz": "1000000", "maxTriggerSz": "999999999", "maxTwapSz": "999999999",
              "optType": "", "state": "live", "stk": "", "ruleType": "normal", "tickSz": "0.1"}  # fmt: skip
    if inst_type == "SPOT":
        return {**common, "instType": "SPOT", "instId": f"{base}-USDT", "baseCcy": base, "quoteCcy": "USDT",
                "settleCcy": "", "ctMult": "", "ctType": "", "ctVal": "", "ctValCcy": "", "instFamily": "",
                "uly": "", "lever": "10", "lotSz": "0.00000001", "minSz": "0.00001"}  # fmt: skip
    return {**common, "instType": "SWAP", "instId": f"{base}-USDT-SWAP", "baseCcy": "", "quoteCcy": "",
            "settleCcy": "USDT", "ctMult": "1", "ctType": "linear", "ctVal": "0.01", "ctValCcy": base,
            "instFamily": f"{base}-USDT", "uly": f"{base}-USDT", "lever": "100", "lotSz": "0.01", "minSz": "0.01"}  # fmt: skip


def _detail(ccy: str, eq: str, liab: str = "0") -> dict[str, Any]:
    return {"availBal": eq, "availEq": eq, "borrowFroz": "0", "cashBal": eq, "ccy": ccy, "crossLiab": liab,
            "disEq": eq, "eq": eq, "eqUsd": eq, "smtSyncEq": "0", "spotCopyTradingEq": "0", "fixedBal": "0",
            "frozenBal": "0", "imr": "", "interest": "0", "isoEq": "0", "isoLiab": "0", "isoUpl": "0", "liab": liab,
            "maxLoan": "0", "mgnRatio": "", "mmr": "", "notionalLever": "", "ordFrozen": "0", "rewardBal": "0",
            "spotInUseAmt": "", "clSpotInUseAmt": "", "maxSpotInUse": "", "spotIsoBal": "0", "stgyEq": "0",
            "twap": "0", "uTime": str(NOW_MS), "upl": "0", "uplLiab": "0", "spotBal": "", "openAvgPx": "",
            "accAvgPx": "", "spotUpl": "", "spotUplRatio": "", "totalPnl": "", "totalPnlRatio": ""}  # fmt: skip


TIERS = [
    {"baseMaxLoan": "", "imr": "0.01", "instFamily": "BTC-USDT", "instId": "", "maxLever": "100", "maxSz": "10000",
     "minSz": "0", "mmr": "0.004", "optMgnFactor": "0", "quoteMaxLoan": "", "tier": "1", "uly": "BTC-USDT"},
    {"baseMaxLoan": "", "imr": "0.0133", "instFamily": "BTC-USDT", "instId": "", "maxLever": "75", "maxSz": "20000",
     "minSz": "10001", "mmr": "0.006", "optMgnFactor": "0", "quoteMaxLoan": "", "tier": "2", "uly": "BTC-USDT"},
]  # fmt: skip


def okx_venue(
    *, mid: float = 100_000.0, depth1_usd: float = 10e6, gamma: float = 0.5, trading_key: bool = False
) -> LoopbackVenue:
    venue = LoopbackVenue()
    perm = "read_only,trade,withdraw" if trading_key else "read_only"
    venue.route(
        "GET",
        "/api/v5/account/config",
        _signed(
            lambda r: _ok(
                [
                    {
                        "acctLv": "2",
                        "autoLoan": False,
                        "ctIsoMode": "automatic",
                        "greeksType": "PA",
                        "level": "Lv1",
                        "levelTmp": "",
                        "mgnIsoMode": "automatic",
                        "posMode": "net_mode",
                        "uid": "44705892343619584",
                        "label": "coldsplit",
                        "roleType": "0",
                        "traderInsts": [],
                        "spotRoleType": "0",
                        "spotTraderInsts": [],
                        "opAuth": "0",
                        "kycLv": "3",
                        "mainUid": "44705892343619584",
                        "ip": "",
                        "perm": perm,
                        "liquidationGear": "-1",
                        "enableSpotBorrow": False,
                        "spotBorrowAutoRepay": False,
                        "type": "0",
                    }
                ]
            )
        ),
    )
    venue.route("GET", "/api/v5/public/instruments",
                lambda r: _ok([] if r.query["instType"] == "FUTURES" else
                              [_instrument(r.query["instType"], b) for b in ("BTC", "ETH")]))  # fmt: skip
    venue.route("GET", "/api/v5/account/balance", _signed(lambda r: _ok([{
        "adjEq": "40000", "borrowFroz": "0", "imr": "2000", "isoEq": "0", "mgnRatio": "25", "mmr": "600",
        "notionalUsd": "20000", "ordFroz": "0", "totalEq": "41000", "uTime": str(NOW_MS), "upl": "200",
        "details": [_detail("USDT", "30000"), _detail("ETH", "3.5"), _detail("USDC", "0", liab="1200")]}])))  # fmt: skip
    venue.route("GET", "/api/v5/account/positions", _signed(lambda r: _ok([{
        "adl": "1", "availPos": "", "avgPx": "98000", "cTime": "1726000000000", "ccy": "USDT", "deltaBS": "",
        "deltaPA": "", "gammaBS": "", "gammaPA": "", "imr": "", "instId": "BTC-USDT-SWAP", "instType": "SWAP",
        "interest": "", "idxPx": f"{mid - 10}", "last": f"{mid}", "usdPx": "", "bePx": "98050", "lever": "5",
        "liab": "", "liabCcy": "", "liqPx": "121500.5", "markPx": f"{mid}", "margin": "2000", "mgnMode": "isolated",
        "mgnRatio": "8.1", "mmr": "40", "notionalUsd": "10000", "optVal": "", "pTime": str(NOW_MS),
        "pendingCloseOrdLiabVal": "", "pos": "-10", "baseBorrowed": "", "baseInterest": "", "quoteBorrowed": "",
        "quoteInterest": "", "posCcy": "", "posId": "307173036051017730", "posSide": "net", "spotInUseAmt": "",
        "clSpotInUseAmt": "", "maxSpotInUseAmt": "", "bizRefId": "", "bizRefType": "", "spotInUseCcy": "",
        "thetaBS": "", "thetaPA": "", "tradeId": "109844", "uTime": str(NOW_MS), "upl": "-200",
        "uplLastPx": "-200", "uplRatio": "-0.1", "uplRatioLastPx": "-0.1", "vegaBS": "", "vegaPA": "",
        "realizedPnl": "0", "pnl": "0", "fee": "-1", "fundingFee": "0", "liqPenalty": "0", "closeOrderAlgo": []}])))  # fmt: skip
    venue.route("GET", "/api/v5/public/position-tiers", lambda r: _ok(TIERS))
    bids, asks = book_levels(mid, depth1_usd, gamma, levels=200, step=0.0005)
    venue.route(
        "GET",
        "/api/v5/market/books",
        lambda r: _ok(
            [
                {
                    "asks": [[p, s, "0", "2"] for p, s in asks],
                    "bids": [[p, s, "0", "2"] for p, s in bids],
                    "ts": str(NOW_MS),
                }
            ]
        ),
    )
    venue.route("GET", "/api/v5/public/open-interest", lambda r: _ok(
        [{"instId": "BTC-USDT-SWAP", "instType": "SWAP", "oi": "4200000", "oiCcy": "42000", "oiUsd": f"{42000 * mid}",
          "ts": str(NOW_MS)}]))  # fmt: skip
    venue.route("GET", "/api/v5/public/funding-rate", lambda r: _ok(
        [{"fundingRate": "0.00012", "fundingTime": str(NOW_MS + 3600000), "instId": "BTC-USDT-SWAP", "instType": "SWAP",
          "method": "current_period", "maxFundingRate": "0.0075", "minFundingRate": "-0.0075",
          "nextFundingRate": "", "nextFundingTime": str(NOW_MS + 32400000), "premium": "0.0001",
          "settFundingRate": "0.0001", "settState": "settled", "ts": str(NOW_MS), "interestRate": "0.0001",
          "impactValue": "20000", "formulaType": "noRate"}]))  # fmt: skip
    venue.route(
        "GET",
        "/api/v5/public/mark-price",
        lambda r: _ok(
            [{"instId": "BTC-USDT-SWAP", "instType": "SWAP", "markPx": f"{mid}", "ts": str(NOW_MS)}]
        ),
    )

    def ticker(request: Request) -> Reply:
        spot = not request.query.get("instId", "").endswith("-SWAP")
        return _ok([{"instType": "SPOT" if spot else "SWAP", "instId": request.query.get("instId"), "last": f"{mid}",
                     "lastSz": "0.1", "askPx": f"{mid + 0.1}", "askSz": "1", "bidPx": f"{mid - 0.1}", "bidSz": "1",
                     "open24h": f"{mid}", "high24h": f"{mid * 1.02}", "low24h": f"{mid * 0.98}",
                     "volCcy24h": "7000000000" if spot else "2000000", "vol24h": "70000" if spot else "200000000",
                     "ts": str(NOW_MS), "sodUtc0": f"{mid}", "sodUtc8": f"{mid}"}])  # fmt: skip

    venue.route("GET", "/api/v5/market/ticker", ticker)
    return venue
