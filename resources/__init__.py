"""Data files shipped with ColdSplit: scenario presets, demo data, translations, icons.

This is a package only so that the files travel with the wheel and the bundle;
code finds them through `app.resources.resource_path`.
"""
