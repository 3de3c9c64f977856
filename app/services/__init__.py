"""Qt-free services the desktop GUI calls (the GUI never reaches a library directly).

Each service is a thin adapter: what a task does lives in `app.usecases` (the CLI calls
the same functions); a service turns the GUI's plain arguments into a use case's and its
result into the plain rows of `app.services.ports`. Services that need device, chain or
exchange libraries are built by the composition root (`app.cli.gui_cmd`) as stand-ins
that build the service, and load its libraries, on the first method call from a worker
(`app.services.lazy`), so the window paints first. The device
service is reached only through its queue (`DeviceQueue.run`, `app.services.device_queue`):
work runs on the device thread and comes back as a Future. Every service is handed the
window's `app.events` bus, on which the use cases publish what they changed.
"""
