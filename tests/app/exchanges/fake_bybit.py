"""Bybit v5 REST in Bybit's own JSON envelope ({"retCode", "retMsg", "result", "time"}).

Private endpoints require X-BAPI-API-KEY, X-BAPI-TIMESTAMP, X-BAPI-RECV-WINDOW and an
X-BAPI-SIGN that is HMAC-SHA256(secret, timestamp + key + recv_window + query) in hex
(Bybit v5 docs, "Integration guidance"); otherwise they answer 401 like Bybit.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from tests.app.exchanges.books import book_levels
from tests.app.exchanges.loopback import LoopbackVenue, Reply, Request

API_KEY = "bybit-read-only-key-0001"
SECRET = "bybit-secret-value-0001"
NOW_MS = 1_764_000_000_000


def _ok(result: Any) -> Reply:
    return 200, {"retCode": 0, "retMsg": "OK", "result": result, "retExtInfo": {}, "time": NOW_MS}


def _signed(handler: Any) -> Any:
    def check(request: Request) -> Reply:
        h = request.headers
        if h.get("x-bapi-api-key") != API_KEY or not h.get("x-bapi-sign"):
            return 401, {"retCode": 10003, "retMsg": "API key is invalid.", "result": {}, "time": NOW_MS}
        payload = (
            h.get("x-bapi-timestamp", "") + API_KEY + h.get("x-bapi-recv-window", "") + request.raw_query
        )
        expected = hmac.new(SECRET.encode(), payload.encode(), hashlib.sha256).hexdigest()
        if not hmac.compare_digest(h["x-bapi-sign"], expected):
            return 401, {
                "retCode": 10004,
                "retMsg": "error sign! origin_string[...]",
                "result": {},
                "time": NOW_MS,
            }
        return handler(request)

    return check


def _instrument(category: str, base: str, quote: str) -> dict[str, Any]:
    if category == "spot":
        return {
            "symbol": base + quote,
            "baseCoin": base,
            "quoteCoin": quote,
            "innovation": "0",
            "status": "Trading",
            "marginTrading": "both",
            "stTag": "0",
            "lotSizeFilter": {
                "basePrecision": "0.000001",
                "quotePrecision": "0.00000001",
                "minOrderQty": "0.000048",
                "maxOrderQty": "71.73956243",
                "minOrderAmt": "1",
                "maxOrderAmt": "2000000",
            },
            "priceFilter": {"tickSize": "0.01"},
            "riskParameters": {"priceLimitRatioX": "0.01", "priceLimitRatioY": "0.02"},
        }
    return {
        "symbol": base + quote,
        "contractType": "LinearPerpetual",
        "status": "Trading",
        "baseCoin": base,
        "quoteCoin": quote,
        "launchTime": "1585526400000",
        "deliveryTime": "0",
        "deliveryFeeRate": "",
        "priceScale": "2",
        "leverageFilter": {"minLeverage": "1", "maxLeverage": "100.00", "leverageStep": "0.01"},
        "priceFilter": {"minPrice": "0.10", "maxPrice": "1999999.80", "tickSize": "0.10"},
        "lotSizeFilter": {
            "maxOrderQty": "1190.000",
            "minOrderQty": "0.001",
            "qtyStep": "0.001",
            "postOnlyMaxOrderQty": "1190.000",
            "maxMktOrderQty": "500.000",
            "minNotionalValue": "5",
        },
        "unifiedMarginTrade": True,
        "fundingInterval": 480,
        "settleCoin": quote,
        "copyTrading": "both",
        "upperFundingRate": "0.00375",
        "lowerFundingRate": "-0.00375",
        "isPreListing": False,
        "preListingInfo": None,
    }


RISK_LIMITS = [
    {
        "id": 1,
        "symbol": "BTCUSDT",
        "riskLimitValue": "2000000",
        "maintenanceMargin": "0.005",
        "initialMargin": "0.01",
        "isLowestRisk": 1,
        "maxLeverage": "100.00",
        "mmDeduction": "0",
    },
    {
        "id": 2,
        "symbol": "BTCUSDT",
        "riskLimitValue": "2600000",
        "maintenanceMargin": "0.0056",
        "initialMargin": "0.0116",
        "isLowestRisk": 0,
        "maxLeverage": "86.20",
        "mmDeduction": "1200",
    },
]


def _coin(coin: str, wallet: str, usd: str, borrow: str = "0") -> dict[str, Any]:
    return {
        "availableToBorrow": "",
        "bonus": "0",
        "accruedInterest": "0",
        "availableToWithdraw": "",
        "totalOrderIM": "0",
        "equity": wallet,
        "totalPositionMM": "0",
        "usdValue": usd,
        "unrealisedPnl": "0",
        "collateralSwitch": True,
        "spotHedgingQty": "0",
        "borrowAmount": borrow,
        "totalPositionIM": "0",
        "walletBalance": wallet,
        "cumRealisedPnl": "0",
        "locked": "0",
        "marginCollateral": True,
        "coin": coin,
    }


def bybit_venue(
    *, mid: float = 100_000.0, depth1_usd: float = 12e6, gamma: float = 0.45, trading_key: bool = False
) -> LoopbackVenue:
    venue = LoopbackVenue()

    def instruments(request: Request) -> Reply:
        category = request.query.get("category", "")
        if request.query.get("status") == "PreLaunch":
            return _ok({"category": category, "list": [], "nextPageCursor": ""})
        pairs = (
            [("BTC", "USDT"), ("ETH", "USDT")]
            if category == "linear"
            else [("BTC", "USDT"), ("USDE", "USDT")]
        )
        return _ok(
            {
                "category": category,
                "list": [_instrument(category, b, q) for b, q in pairs],
                "nextPageCursor": "",
            }
        )

    venue.route("GET", "/v5/market/instruments-info", instruments)
    venue.route(
        "GET",
        "/v5/user/query-api",
        _signed(
            lambda r: _ok(
                {
                    "id": "13770661",
                    "note": "coldsplit",
                    "apiKey": API_KEY,
                    "readOnly": 0 if trading_key else 1,
                    "secret": "",
                    "permissions": {
                        "ContractTrade": [],
                        "Spot": [],
                        "Wallet": [],
                        "Options": [],
                        "Derivatives": [],
                        "CopyTrading": [],
                        "BlockTrade": [],
                        "Exchange": [],
                        "NFT": [],
                        "Affiliate": [],
                    },
                    "ips": ["*"],
                    "type": 1,
                    "deadlineDay": 83,
                    "expiredAt": "2026-12-31T00:00:00Z",
                    "createdAt": "2025-09-01T00:00:00Z",
                    "unified": 0,
                    "uta": 1,
                    "userID": 24617703,
                    "inviterID": 0,
                    "vipLevel": "No VIP",
                    "mktMakerLevel": "0",
                    "affiliateID": 0,
                    "rsaPublicKey": "",
                    "isMaster": True,
                    "parentUid": "0",
                    "kycLevel": "LEVEL_DEFAULT",
                    "kycRegion": "",
                }
            )
        ),
    )
    venue.route(
        "GET",
        "/v5/account/info",
        _signed(
            lambda r: _ok(
                {
                    "marginMode": "REGULAR_MARGIN",
                    "updatedTime": "1697078946000",
                    "unifiedMarginStatus": 6,
                    "dcpStatus": "OFF",
                    "timeWindow": 10,
                    "smpGroup": 0,
                    "isMasterTrader": False,
                    "spotHedgingStatus": "OFF",
                }
            )
        ),
    )
    venue.route(
        "GET",
        "/v5/account/wallet-balance",
        _signed(
            lambda r: _ok(
                {
                    "list": [
                        {
                            "totalEquity": "30100.0",
                            "accountIMRate": "0.05",
                            "totalMarginBalance": "30100.0",
                            "totalInitialMargin": "1500.0",
                            "accountType": "UNIFIED",
                            "totalAvailableBalance": "28600.0",
                            "accountMMRate": "0.01",
                            "totalPerpUPL": "100.0",
                            "totalWalletBalance": "30000.0",
                            "accountLTV": "0",
                            "totalMaintenanceMargin": "300.0",
                            "coin": [
                                _coin("USDT", "20000", "20000"),
                                _coin("BTC", "0.1", "10000"),
                                _coin("USDC", "0", "0", borrow="500"),
                            ],
                        }
                    ]
                }
            )
        ),
    )
    venue.route(
        "GET",
        "/v5/position/list",
        _signed(
            lambda r: _ok(
                {
                    "category": "linear",
                    "nextPageCursor": "",
                    "list": [
                        {
                            "positionIdx": 0,
                            "riskId": 1,
                            "riskLimitValue": "2000000",
                            "symbol": "BTCUSDT",
                            "side": "Buy",
                            "size": "0.150",
                            "avgPrice": "99000",
                            "positionValue": "14850",
                            "tradeMode": 0,
                            "positionStatus": "Normal",
                            "autoAddMargin": 0,
                            "adlRankIndicator": 2,
                            "leverage": "10",
                            "positionBalance": "1485",
                            "markPrice": "100000.00",
                            "liqPrice": "61234.5",
                            "bustPrice": "",
                            "positionMM": "75",
                            "positionMMByMp": "75",
                            "positionIM": "1500",
                            "positionIMByMp": "1500",
                            "tpslMode": "Full",
                            "takeProfit": "",
                            "stopLoss": "",
                            "trailingStop": "0",
                            "unrealisedPnl": "150",
                            "curRealisedPnl": "-8",
                            "cumRealisedPnl": "-8",
                            "seq": 9172072523,
                            "isReduceOnly": False,
                            "mmrSysUpdatedTime": "",
                            "leverageSysUpdatedTime": "",
                            "sessionAvgPrice": "",
                            "createdTime": "1726000000000",
                            "updatedTime": "1764000000000",
                        },
                    ],
                }
            )
        ),
    )
    ratios = {
        "USDT": [{"minQty": "0", "maxQty": "", "collateralRatio": "1"}],
        "BTC": [
            {"minQty": "0", "maxQty": "1000", "collateralRatio": "0.95"},
            {"minQty": "1000", "maxQty": "", "collateralRatio": "0.8"},
        ],
    }
    venue.route(
        "GET",
        "/v5/spot-margin-trade/collateral",
        lambda r: _ok(
            {
                "list": [
                    {
                        "currency": r.query["currency"],
                        "collateralRatioList": ratios.get(r.query["currency"], []),
                    }
                ]
            }
        ),
    )
    venue.route("GET", "/v5/market/risk-limit", lambda r: _ok({"category": "linear", "list": RISK_LIMITS}))
    bids, asks = book_levels(mid, depth1_usd, gamma, levels=200, step=0.0005)
    venue.route(
        "GET",
        "/v5/market/orderbook",
        lambda r: _ok(
            {
                "s": "BTCUSDT",
                "b": bids,
                "a": asks,
                "ts": NOW_MS,
                "u": 230704,
                "seq": 1432604333,
                "cts": NOW_MS,
            }
        ),
    )

    def tickers(request: Request) -> Reply:
        spot = request.query.get("category") == "spot"
        row = {
            "symbol": "BTCUSDT",
            "lastPrice": f"{mid}",
            "indexPrice": f"{mid - 10}",
            "markPrice": f"{mid}",
            "prevPrice24h": f"{mid * 0.99}",
            "price24hPcnt": "0.01",
            "highPrice24h": f"{mid * 1.02}",
            "lowPrice24h": f"{mid * 0.98}",
            "prevPrice1h": f"{mid}",
            "openInterest": "52000.5",
            "openInterestValue": f"{52000.5 * mid}",
            "turnover24h": "900000000" if spot else "9000000000",
            "volume24h": "9000" if spot else "90000",
            "fundingRate": "0.0001",
            "nextFundingTime": str(NOW_MS + 3600000),
            "predictedDeliveryPrice": "",
            "basisRate": "",
            "deliveryFeeRate": "",
            "deliveryTime": "0",
            "ask1Size": "1.0",
            "bid1Price": f"{mid - 0.1}",
            "ask1Price": f"{mid + 0.1}",
            "bid1Size": "1.0",
            "preOpenPrice": "",
            "preQty": "",
            "curPreListingPhase": "",
            "fundingIntervalHour": "8",
            "fundingCap": "0.005",
            "basisRateYear": "",
        }
        return _ok({"category": request.query.get("category"), "list": [row]})

    venue.route("GET", "/v5/market/tickers", tickers)
    venue.route(
        "GET",
        "/v5/market/open-interest",
        lambda r: _ok(
            {
                "symbol": "BTCUSDT",
                "category": "linear",
                "list": [{"openInterest": "52000.5", "timestamp": str(NOW_MS)}],
                "nextPageCursor": "",
            }
        ),
    )
    # The list is per settle coin: the BTCUSDT position above is USDT-settled; there is no USDC one.
    usdt_positions = venue.routes[("GET", "/v5/position/list")]
    no_positions = _signed(lambda r: _ok({"category": "linear", "nextPageCursor": "", "list": []}))

    def positions(request: Request) -> Reply:
        return (usdt_positions if request.query.get("settleCoin") == "USDT" else no_positions)(request)

    venue.route("GET", "/v5/position/list", positions)
    return venue
