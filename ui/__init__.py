"""The Qt desktop interface; the only package that imports Qt.

Pages run work as operations (`ui.operations`: success, failure and progress on the GUI
thread; device work on the device thread's own queue) and follow the core's events
(`ui.events`: app.events as Qt signals), refreshing themselves when what they show changes.
"""
