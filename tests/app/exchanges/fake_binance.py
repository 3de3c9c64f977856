"""Binance spot + USDⓈ-M REST, in Binance's own JSON shapes, with HMAC-SHA256 checks.

Shapes follow Binance's API docs (exchangeInfo, /api/v3/account, /fapi/v3/account,
/fapi/v3/positionRisk, /fapi/v1/leverageBracket, depth, openInterest, premiumIndex,
24hr tickers). Signed endpoints require the X-MBX-APIKEY header and a valid
`signature` over the query string; otherwise they answer 401 like Binance does.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from tests.app.exchanges.books import book_levels
from tests.app.exchanges.loopback import LoopbackVenue, Reply, Request

API_KEY = "binance-read-only-key-0001"
SECRET = "binance-secret-value-0001"
NOW_MS = 1_764_000_000_000


def _spot_symbol(base: str, quote: str) -> dict[str, Any]:
    return {
        "symbol": base + quote,
        "status": "TRADING",
        "baseAsset": base,
        "baseAssetPrecision": 8,
        "quoteAsset": quote,
        "quotePrecision": 8,
        "quoteAssetPrecision": 8,
        "orderTypes": ["LIMIT", "LIMIT_MAKER", "MARKET"],
        "icebergAllowed": True,
        "ocoAllowed": True,
        "isSpotTradingAllowed": True,
        "isMarginTradingAllowed": True,
        "permissions": [],
        "permissionSets": [["SPOT", "MARGIN"]],
        "filters": [
            {
                "filterType": "PRICE_FILTER",
                "minPrice": "0.01000000",
                "maxPrice": "1000000.00000000",
                "tickSize": "0.01000000",
            },
            {
                "filterType": "LOT_SIZE",
                "minQty": "0.00001000",
                "maxQty": "9000.00000000",
                "stepSize": "0.00001000",
            },
            {
                "filterType": "NOTIONAL",
                "minNotional": "5.00000000",
                "applyMinToMarket": True,
                "maxNotional": "9000000.00000000",
            },
        ],
    }


def _perp_symbol(base: str) -> dict[str, Any]:
    return {
        "symbol": base + "USDT",
        "pair": base + "USDT",
        "contractType": "PERPETUAL",
        "deliveryDate": 4133404800000,
        "onboardDate": 1569398400000,
        "status": "TRADING",
        "maintMarginPercent": "2.5000",
        "requiredMarginPercent": "5.0000",
        "baseAsset": base,
        "quoteAsset": "USDT",
        "marginAsset": "USDT",
        "pricePrecision": 2,
        "quantityPrecision": 3,
        "baseAssetPrecision": 8,
        "quotePrecision": 8,
        "underlyingType": "COIN",
        "underlyingSubType": ["PoW"],
        "triggerProtect": "0.0500",
        "liquidationFee": "0.012500",
        "marketTakeBound": "0.05",
        "filters": [
            {"filterType": "PRICE_FILTER", "minPrice": "556.80", "maxPrice": "4529764", "tickSize": "0.10"},
            {"filterType": "LOT_SIZE", "stepSize": "0.001", "maxQty": "1000", "minQty": "0.001"},
            {"filterType": "MARKET_LOT_SIZE", "stepSize": "0.001", "maxQty": "120", "minQty": "0.001"},
            {"filterType": "MIN_NOTIONAL", "notional": "100"},
        ],
        "orderTypes": ["LIMIT", "MARKET", "STOP"],
        "timeInForce": ["GTC", "IOC", "FOK", "GTX"],
    }


def _signed(handler: Any) -> Any:
    def check(request: Request) -> Reply:
        query = request.raw_query
        if request.headers.get("x-mbx-apikey") != API_KEY or "&signature=" not in query:
            return 401, {"code": -2015, "msg": "Invalid API-key, IP, or permissions for action."}
        payload, signature = query.rsplit("&signature=", 1)
        expected = hmac.new(SECRET.encode(), payload.encode(), hashlib.sha256).hexdigest()
        if not hmac.compare_digest(signature, expected) or "timestamp" not in request.query:
            return 401, {"code": -1022, "msg": "Signature for this request is not valid."}
        return handler(request)

    return check


BRACKETS = [
    {
        "bracket": 1,
        "initialLeverage": 125,
        "notionalCap": 300000,
        "notionalFloor": 0,
        "maintMarginRatio": 0.004,
        "cum": 0.0,
    },
    {
        "bracket": 2,
        "initialLeverage": 100,
        "notionalCap": 800000,
        "notionalFloor": 300000,
        "maintMarginRatio": 0.005,
        "cum": 300.0,
    },
    {
        "bracket": 3,
        "initialLeverage": 50,
        "notionalCap": 3000000,
        "notionalFloor": 800000,
        "maintMarginRatio": 0.01,
        "cum": 4300.0,
    },
]


def binance_venue(
    *, mid: float = 100_000.0, depth1_usd: float = 20e6, gamma: float = 0.4, trading_key: bool = False
) -> LoopbackVenue:
    venue = LoopbackVenue()
    restrictions = {
        "ipRestrict": False,
        "createTime": 1698645219000,
        "enableReading": True,
        "enableWithdrawals": False,
        "enableInternalTransfer": False,
        "enableMargin": False,
        "enableFutures": trading_key,
        "permitsUniversalTransfer": False,
        "enableVanillaOptions": False,
        "enableFixApiTrade": False,
        "enableFixReadOnly": False,
        "enableSpotAndMarginTrading": trading_key,
        "enablePortfolioMarginTrading": False,
    }
    venue.route("GET", "/sapi/v1/account/apiRestrictions", _signed(lambda r: (200, restrictions)))
    venue.route(
        "GET",
        "/api/v3/exchangeInfo",
        {
            "timezone": "UTC",
            "serverTime": NOW_MS,
            "rateLimits": [],
            "exchangeFilters": [],
            "symbols": [
                _spot_symbol("BTC", "USDT"),
                _spot_symbol("ETH", "USDT"),
                _spot_symbol("USDC", "USDT"),
            ],
        },
    )
    venue.route(
        "GET",
        "/fapi/v1/exchangeInfo",
        {
            "timezone": "UTC",
            "serverTime": NOW_MS,
            "futuresType": "U_MARGINED",
            "rateLimits": [],
            "exchangeFilters": [],
            "assets": [{"asset": "USDT", "marginAvailable": True, "autoAssetExchange": "-10000"}],
            "symbols": [_perp_symbol("BTC"), _perp_symbol("ETH")],
        },
    )
    venue.route(
        "GET",
        "/api/v3/account",
        _signed(
            lambda r: (
                200,
                {
                    "makerCommission": 10,
                    "takerCommission": 10,
                    "buyerCommission": 0,
                    "sellerCommission": 0,
                    "canTrade": False,
                    "canWithdraw": False,
                    "canDeposit": True,
                    "brokered": False,
                    "requireSelfTradePrevention": False,
                    "preventSor": False,
                    "updateTime": NOW_MS,
                    "accountType": "SPOT",
                    "balances": [
                        {"asset": "BTC", "free": "0.50000000", "locked": "0.25000000"},
                        {"asset": "ETH", "free": "0.00000000", "locked": "0.00000000"},
                        {"asset": "USDC", "free": "1500.00000000", "locked": "0.00000000"},
                    ],
                    "permissions": ["SPOT"],
                    "uid": 354937868,
                },
            )
        ),
    )
    venue.route(
        "GET",
        "/fapi/v3/account",
        _signed(
            lambda r: (
                200,
                {
                    "totalInitialMargin": "2000.00000000",
                    "totalMaintMargin": "160.00000000",
                    "totalWalletBalance": "10000.00000000",
                    "totalUnrealizedProfit": "-500.00000000",
                    "totalMarginBalance": "9500.00000000",
                    "totalPositionInitialMargin": "2000.00000000",
                    "totalOpenOrderInitialMargin": "0.00000000",
                    "totalCrossWalletBalance": "9000.00000000",
                    "totalCrossUnPnl": "-500.00000000",
                    "availableBalance": "7500.00000000",
                    "maxWithdrawAmount": "7500.00000000",
                    "assets": [
                        {
                            "asset": "USDT",
                            "walletBalance": "10000.00000000",
                            "unrealizedProfit": "-500.00000000",
                            "marginBalance": "9500.00000000",
                            "maintMargin": "160.00000000",
                            "initialMargin": "2000.00000000",
                            "positionInitialMargin": "2000.00000000",
                            "openOrderInitialMargin": "0.00000000",
                            "crossWalletBalance": "9000.00000000",
                            "crossUnPnl": "-500.00000000",
                            "availableBalance": "7500.00000000",
                            "maxWithdrawAmount": "7500.00000000",
                            "updateTime": NOW_MS,
                        },
                        {
                            "asset": "BNB",
                            "walletBalance": "0.00000000",
                            "unrealizedProfit": "0.00000000",
                            "marginBalance": "0.00000000",
                            "maintMargin": "0.00000000",
                            "initialMargin": "0.00000000",
                            "positionInitialMargin": "0.00000000",
                            "openOrderInitialMargin": "0.00000000",
                            "crossWalletBalance": "0.00000000",
                            "crossUnPnl": "0.00000000",
                            "availableBalance": "0.00000000",
                            "maxWithdrawAmount": "0.00000000",
                            "updateTime": 0,
                        },
                    ],
                    "positions": [],
                },
            )
        ),
    )
    venue.route(
        "GET",
        "/fapi/v3/positionRisk",
        _signed(
            lambda r: (
                200,
                [
                    {
                        "symbol": "BTCUSDT",
                        "positionSide": "BOTH",
                        "positionAmt": "0.200",
                        "entryPrice": "102500.0",
                        "breakEvenPrice": "102541.0",
                        "markPrice": "100000.00000000",
                        "unRealizedProfit": "-500.00000000",
                        "liquidationPrice": "52710.84337349",
                        "isolatedMargin": "0",
                        "notional": "20000.00000000",
                        "marginAsset": "USDT",
                        "isolatedWallet": "0",
                        "initialMargin": "2000.00000000",
                        "maintMargin": "80.00000000",
                        "positionInitialMargin": "2000.00000000",
                        "openOrderInitialMargin": "0",
                        "adl": 2,
                        "bidNotional": "0",
                        "askNotional": "0",
                        "updateTime": NOW_MS,
                    },
                    {
                        "symbol": "ETHUSDT",
                        "positionSide": "BOTH",
                        "positionAmt": "-3.000",
                        "entryPrice": "3000.0",
                        "breakEvenPrice": "2998.8",
                        "markPrice": "3100.00000000",
                        "unRealizedProfit": "-300.00000000",
                        "liquidationPrice": "3390.12",
                        "isolatedMargin": "800.00000000",
                        "notional": "-9300.00000000",
                        "marginAsset": "USDT",
                        "isolatedWallet": "1100.00000000",
                        "initialMargin": "930.00000000",
                        "maintMargin": "46.50000000",
                        "positionInitialMargin": "930.00000000",
                        "openOrderInitialMargin": "0",
                        "adl": 1,
                        "bidNotional": "0",
                        "askNotional": "0",
                        "updateTime": NOW_MS,
                    },
                ],
            )
        ),
    )
    venue.route(
        "GET",
        "/fapi/v1/leverageBracket",
        _signed(
            lambda r: (
                200,
                [
                    {"symbol": "BTCUSDT", "notionalCoef": 1.0, "brackets": BRACKETS},
                    {"symbol": "ETHUSDT", "notionalCoef": 1.0, "brackets": BRACKETS[:2]},
                ],
            )
        ),
    )
    # Portfolio Margin (papi): the unified wallet, its UM positions and UM brackets.
    venue.route(
        "GET",
        "/papi/v1/balance",
        _signed(
            lambda r: (
                200,
                [
                    {
                        "asset": "USDT",
                        "totalWalletBalance": "30000.00000000",
                        "crossMarginAsset": "0.00000000",
                        "crossMarginBorrowed": "0.00000000",
                        "crossMarginFree": "0.00000000",
                        "crossMarginInterest": "0.00000000",
                        "crossMarginLocked": "0.00000000",
                        "umWalletBalance": "30000.00000000",
                        "umUnrealizedPNL": "-500.00000000",
                        "cmWalletBalance": "0.00000000",
                        "cmUnrealizedPNL": "0.00000000",
                        "updateTime": NOW_MS,
                        "negativeBalance": "0",
                    },
                    {
                        "asset": "BNB",
                        "totalWalletBalance": "20.00000000",
                        "crossMarginAsset": "20.00000000",
                        "crossMarginBorrowed": "0.00000000",
                        "crossMarginFree": "20.00000000",
                        "crossMarginInterest": "0.00000000",
                        "crossMarginLocked": "0.00000000",
                        "umWalletBalance": "0.00000000",
                        "umUnrealizedPNL": "0.00000000",
                        "cmWalletBalance": "0.00000000",
                        "cmUnrealizedPNL": "0.00000000",
                        "updateTime": NOW_MS,
                        "negativeBalance": "0",
                    },
                    {
                        "asset": "USDC",
                        "totalWalletBalance": "0.00000000",
                        "crossMarginAsset": "0.00000000",
                        "crossMarginBorrowed": "2000.00000000",
                        "crossMarginFree": "0.00000000",
                        "crossMarginInterest": "1.50000000",
                        "crossMarginLocked": "0.00000000",
                        "umWalletBalance": "0.00000000",
                        "umUnrealizedPNL": "0.00000000",
                        "cmWalletBalance": "0.00000000",
                        "cmUnrealizedPNL": "0.00000000",
                        "updateTime": NOW_MS,
                        "negativeBalance": "0",
                    },
                ],
            )
        ),
    )
    venue.route(
        "GET",
        "/papi/v1/um/positionRisk",
        _signed(
            lambda r: (
                200,
                [
                    {
                        "entryPrice": "102500.0",
                        "leverage": "20",
                        "markPrice": "100000.00000000",
                        "maxNotionalValue": "20000000",
                        "positionAmt": "0.500",
                        "notional": "50000.00000000",
                        "symbol": "BTCUSDT",
                        "unRealizedProfit": "-1250.00000000",
                        "liquidationPrice": "0",
                        "positionSide": "BOTH",
                        "updateTime": NOW_MS,
                    },
                ],
            )
        ),
    )
    venue.route(
        "GET",
        "/papi/v1/um/leverageBracket",
        _signed(
            lambda r: (
                200,
                [
                    {"symbol": "BTCUSDT", "notionalCoef": "1.50", "brackets": BRACKETS},
                ],
            )
        ),
    )
    bids, asks = book_levels(mid, depth1_usd, gamma)
    venue.route(
        "GET",
        "/fapi/v1/depth",
        {"lastUpdateId": 1027024, "E": NOW_MS, "T": NOW_MS, "bids": bids, "asks": asks},
    )
    venue.route(
        "GET", "/fapi/v1/openInterest", {"openInterest": "85000.500", "symbol": "BTCUSDT", "time": NOW_MS}
    )
    venue.route(
        "GET",
        "/fapi/v1/premiumIndex",
        {
            "symbol": "BTCUSDT",
            "markPrice": f"{mid:.8f}",
            "indexPrice": f"{mid - 20:.8f}",
            "estimatedSettlePrice": f"{mid:.8f}",
            "lastFundingRate": "0.00038246",
            "interestRate": "0.00010000",
            "nextFundingTime": NOW_MS + 3_600_000,
            "time": NOW_MS,
        },
    )
    ticker = {
        "priceChange": "-94.99",
        "priceChangePercent": "-0.095",
        "weightedAvgPrice": f"{mid:.2f}",
        "lastPrice": f"{mid:.2f}",
        "lastQty": "0.010",
        "openPrice": f"{mid:.2f}",
        "highPrice": f"{mid * 1.01:.2f}",
        "lowPrice": f"{mid * 0.99:.2f}",
        "openTime": NOW_MS - 86_400_000,
        "closeTime": NOW_MS,
        "firstId": 28385,
        "lastId": 28460,
        "count": 76,
    }
    venue.route(
        "GET",
        "/fapi/v1/ticker/24hr",
        {"symbol": "BTCUSDT", **ticker, "volume": "150000.000", "quoteVolume": "15000000000.00"},
    )
    venue.route(
        "GET",
        "/api/v3/ticker/24hr",
        {
            "symbol": "BTCUSDT",
            **ticker,
            "volume": "20000.000",
            "quoteVolume": "2000000000.00",
            "prevClosePrice": f"{mid:.2f}",
            "bidPrice": f"{mid - 1:.2f}",
            "bidQty": "1.0",
            "askPrice": f"{mid + 1:.2f}",
            "askQty": "1.0",
        },
    )
    return venue
