"""The numpy cascade engine: margin rules, liquidation ladder, impact, fixed point."""
