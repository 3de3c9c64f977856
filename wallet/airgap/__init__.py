"""Air-gapped transport of PSBTs as QR codes: the community's text encodings, Qt-free.

- `ur`: Uniform Resources (BCR-2020-005) of type ``crypto-psbt`` (BCR-2020-006), Bytewords
  (BCR-2020-012) and the multi-part fountain code (BCR-2024-001, "MUR");
- `bbqr`: Coinkite's BBQr (hex, Base32 and Zlib+Base32 split files);
- `scan`: one scan session that accepts whichever of them (or a bare base64/hex PSBT) the
  camera sees, frame by frame, and reports progress.

Only the text of each QR code is handled here; drawing and reading images lives in
`app.airgap`. What a scan yields is raw bytes: the caller must run them through the strict
PSBT parser (`wallet.psbt.model.load_psbt`) like any file.
"""
