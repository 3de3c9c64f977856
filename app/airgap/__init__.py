"""QR codes for air-gapped PSBT transfer: frames to images and images back to a PSBT.

`wallet.airgap` knows the texts (UR, BBQr); this package draws them (segno, Pillow for the
animated GIF) and reads them from images (zxing-cpp), for the CLI, the GUI and the tests.
Qt-free: the GUI hands its camera frames in as images.
"""
