"""Hyperliquid's POST /info endpoint, in Hyperliquid's own JSON shapes (API docs, "Info endpoint").

The info endpoint is public; a user's state is asked for by wallet address in the body.
"""

from __future__ import annotations

from typing import Any

from tests.app.exchanges.books import book_levels
from tests.app.exchanges.loopback import LoopbackVenue, Reply, Request

WALLET = "0x" + "ab" * 20
NOW_MS = 1_764_000_000_000

# Hyperliquid docs, "Margin tiers": BTC 40x up to $150M of notional, 20x beyond; ETH 25x up to $100M, 15x beyond.
MARGIN_TABLES = [
    [
        56,
        {
            "description": "tiered 40x",
            "marginTiers": [
                {"lowerBound": "0.0", "maxLeverage": 40},
                {"lowerBound": "150000000.0", "maxLeverage": 20},
            ],
        },
    ],
    [
        55,
        {
            "description": "tiered 25x",
            "marginTiers": [
                {"lowerBound": "0.0", "maxLeverage": 25},
                {"lowerBound": "100000000.0", "maxLeverage": 15},
            ],
        },
    ],
]

UNIVERSE = [
    {"szDecimals": 5, "name": "BTC", "maxLeverage": 40, "marginTableId": 56},
    {"szDecimals": 4, "name": "ETH", "maxLeverage": 25, "marginTableId": 55},
]


def _asset_ctx(mark: float, oi_coins: float, funding: str, volume: str) -> dict[str, Any]:
    return {
        "funding": funding,
        "openInterest": f"{oi_coins}",
        "prevDayPx": f"{mark * 1.01}",
        "dayNtlVlm": volume,
        "premium": "0.0002",
        "oraclePx": f"{mark - 5}",
        "markPx": f"{mark}",
        "midPx": f"{mark + 0.5}",
        "impactPxs": [f"{mark}", f"{mark + 1}"],
        "dayBaseVlm": "1000.0",
    }


def hyperliquid_venue(
    *, mid: float = 100_000.0, depth1_usd: float = 8e6, gamma: float = 0.5
) -> LoopbackVenue:
    venue = LoopbackVenue()
    perp_state = {
        "marginSummary": {
            "accountValue": "25000.0",
            "totalNtlPos": "30000.0",
            "totalRawUsd": "-5000.0",
            "totalMarginUsed": "3000.0",
        },
        "crossMarginSummary": {
            "accountValue": "24000.0",
            "totalNtlPos": "20000.0",
            "totalRawUsd": "4000.0",
            "totalMarginUsed": "2000.0",
        },
        "crossMaintenanceMarginUsed": "250.0",
        "withdrawable": "21000.0",
        "time": NOW_MS,
        "assetPositions": [
            {
                "type": "oneWay",
                "position": {
                    "coin": "BTC",
                    "szi": "0.2",
                    "leverage": {"type": "cross", "value": 10},
                    "entryPx": "95000.0",
                    "positionValue": "20000.0",
                    "unrealizedPnl": "1000.0",
                    "returnOnEquity": "0.5",
                    "liquidationPx": "52000.5",
                    "marginUsed": "2000.0",
                    "maxLeverage": 40,
                    "cumFunding": {"allTime": "12.0", "sinceOpen": "3.0", "sinceChange": "3.0"},
                },
            },
            {
                "type": "oneWay",
                "position": {
                    "coin": "ETH",
                    "szi": "-4.0",
                    "leverage": {"type": "isolated", "value": 10, "rawUsd": "13000.0"},
                    "entryPx": "3000.0",
                    "positionValue": "12000.0",
                    "unrealizedPnl": "-500.0",
                    "returnOnEquity": "-0.4",
                    "liquidationPx": "3196.1",
                    "marginUsed": "1000.0",
                    "maxLeverage": 25,
                    "cumFunding": {"allTime": "-4.0", "sinceOpen": "-1.0", "sinceChange": "-1.0"},
                },
            },
        ],
    }
    bids, asks = book_levels(mid, depth1_usd, gamma, levels=20, step=0.0025)
    answers: dict[str, Any] = {
        "metaAndAssetCtxs": [
            {"universe": UNIVERSE, "marginTables": MARGIN_TABLES},
            [
                _asset_ctx(mid, 30000.0, "0.0000125", "2500000000.0"),
                _asset_ctx(3000.0, 500000.0, "0.00001", "900000000.0"),
            ],
        ],
        "spotMetaAndAssetCtxs": [
            {
                "tokens": [
                    {
                        "name": "USDC",
                        "szDecimals": 8,
                        "weiDecimals": 8,
                        "index": 0,
                        "tokenId": "0x6d1e7cde53ba9467b783cb7c530ce054",
                        "isCanonical": True,
                        "evmContract": None,
                        "fullName": None,
                    },
                    {
                        "name": "HYPE",
                        "szDecimals": 2,
                        "weiDecimals": 8,
                        "index": 150,
                        "tokenId": "0x0d01dc56dcaaca66ad901c959b4011ec",
                        "isCanonical": False,
                        "evmContract": None,
                        "fullName": "Hyperliquid",
                    },
                ],
                "universe": [{"tokens": [1, 0], "name": "@107", "index": 0, "isCanonical": False}],
            },
            [
                {
                    "dayNtlVlm": "120000000.0",
                    "markPx": "40.0",
                    "midPx": "40.01",
                    "prevDayPx": "39.0",
                    "circulatingSupply": "333000000.0",
                    "coin": "@107",
                }
            ],
        ],
        "meta": {"universe": UNIVERSE, "marginTables": MARGIN_TABLES},
        "userAbstraction": "default",
        "spotMeta": None,  # filled below: the first half of spotMetaAndAssetCtxs
        "spotClearinghouseState": {
            "balances": [
                {"coin": "USDC", "token": 0, "hold": "0.0", "total": "150.5", "entryNtl": "0.0"},
                {"coin": "HYPE", "token": 150, "hold": "0.0", "total": "300.0", "entryNtl": "9000.0"},
            ]
        },
        "clearinghouseState": perp_state,
        "l2Book": {
            "coin": "BTC",
            "time": NOW_MS,
            "levels": [
                [{"px": p, "sz": s, "n": 3} for p, s in bids],
                [{"px": p, "sz": s, "n": 3} for p, s in asks],
            ],
        },
    }
    answers["spotMeta"] = answers["spotMetaAndAssetCtxs"][0]

    def info(request: Request) -> Reply:
        body = request.json()
        kind = body.get("type") if isinstance(body, dict) else None
        if (
            kind in ("clearinghouseState", "spotClearinghouseState", "userAbstraction")
            and body.get("user") != WALLET
        ):
            return 422, {"error": "Failed to deserialize the JSON body into the target type"}
        if kind not in answers:
            return 422, {"error": f"unknown info type {kind}"}
        return 200, answers[kind]

    venue.route("POST", "/info", info)
    return venue
