"""Qt-free services the desktop GUI calls (the GUI never reaches a library directly).

Modules here import only the standard library, numpy, risk and light app modules, so
`ui` may import them. Services that need device, chain or exchange libraries are built
by the composition root (`app.cli.gui_cmd`) and handed to the GUI through the small
interfaces in `app.services.ports`.
"""
