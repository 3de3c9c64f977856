"""The cold-storage advisor: what can leave the exchanges, what to deleverage, what is dangerous.

    policy    the stress to plan for (settings "stress_policy": preset, custom shock, buffer)
    bench     engine runs of candidate portfolios along the stress path and a ±10% gap
    accounts  candidate versions of a venue account (collateral taken, positions cut)
    plan      per account: least margin by bisection, cuts, isolated-margin releases, loop repays
    flags     dangerous collateral and leverage, each with one sentence of why
    targets   device-verified cold addresses, the only withdrawal targets
    ethereum  device-verified Ethereum addresses (m/44h/60h/0h/0/i through the device layer)
    advice    `advise(document, stress, targets)`: the whole advice, re-checked with the engine
    report    the advice as JSON (every number explained) or as text

Nothing here moves funds: the advice lists transfers for the user to make.
"""
