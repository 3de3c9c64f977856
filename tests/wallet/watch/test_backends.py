"""Backend settings, Electrum over a SOCKS5 proxy, Electrum over TLS, and a refused broadcast."""

from __future__ import annotations

import datetime
import ipaddress
import ssl
from collections.abc import Iterator
from pathlib import Path

import bdkpython as bdk
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.wallet.psbt_factory import account_for, external_address, software_sign
from tests.wallet.watch.electrum_server import ElectrumServer
from tests.wallet.watch.regtest_chain import RegtestChain
from tests.wallet.watch.socks5_proxy import Socks5Proxy
from wallet.addresses import derive_address, script_pubkey_of
from wallet.psbt.operations import extract, finalize
from wallet.types import Network, ScriptType
from wallet.watch.backends import BackendConfig, BackendKind, connect
from wallet.watch.errors import BackendProtocolError, WatchError
from wallet.watch.spend import Recipient, SpendRequest, build_spend
from wallet.watch.sync import sync_wallet
from wallet.watch.watch_wallet import WatchWallet

NET = Network.REGTEST
ACCOUNT = account_for(ScriptType.SH_WPKH, NET)


@pytest.fixture
def chain() -> RegtestChain:
    chain = RegtestChain()
    chain.fund(script_pubkey_of(derive_address(ACCOUNT, False, 0).address, NET), 100_000)
    return chain


@pytest.fixture
def electrum(chain: RegtestChain) -> Iterator[ElectrumServer]:
    server = ElectrumServer(chain).start()
    yield server
    server.stop()


@pytest.mark.parametrize(
    ("kind", "url", "options", "message"),
    [
        (BackendKind.ELECTRUM, "http://example.org", {}, "starts with tcp:// or ssl://"),
        (BackendKind.ESPLORA, "tcp://example.org:50001", {}, "starts with http:// or https://"),
        (
            BackendKind.ESPLORA,
            "https://example.org/api",
            {"proxy": "127.0.0.1:9050"},
            "cannot go through a SOCKS5",
        ),
        (BackendKind.ELECTRUM, "ssl://example.org:50002", {"proxy": "tor"}, "must be host:port"),
        (
            BackendKind.ELECTRUM,
            "ssl://example.org:50002",
            {"timeout_seconds": 0},
            "between 1 and 255 seconds",
        ),
        (BackendKind.ELECTRUM, "ssl://example.org:50002", {"gap_limit": 0}, "gap limit must be between"),
    ],
)
def test_bad_backend_settings_are_refused(
    kind: BackendKind, url: str, options: dict[str, object], message: str
) -> None:
    with pytest.raises(WatchError, match=message):
        BackendConfig(kind, url, **options)  # type: ignore[arg-type]


def test_electrum_through_a_socks5_proxy(electrum: ElectrumServer) -> None:
    proxy = Socks5Proxy().start()
    try:
        config = BackendConfig(BackendKind.ELECTRUM, electrum.url, proxy=f"socks5://{proxy.address}")
        assert config.describe() == f"electrum {electrum.url} via SOCKS5 {proxy.address}"
        wallet = WatchWallet.open(ACCOUNT, None)
        sync_wallet(wallet, connect(config), full_scan=True)
    finally:
        proxy.stop()
    assert wallet.balances().confirmed == 100_000
    port = int(electrum.url.rsplit(":", 1)[1])
    assert proxy.targets and set(proxy.targets) == {("127.0.0.1", port)}


def _self_signed(tmp_path: Path) -> ssl.SSLContext:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    san = x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(san, critical=False)
        .sign(key, hashes.SHA256())
    )
    (tmp_path / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    pkcs8 = serialization.PrivateFormat.PKCS8
    key_pem = key.private_bytes(serialization.Encoding.PEM, pkcs8, serialization.NoEncryption())
    (tmp_path / "key.pem").write_bytes(key_pem)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tmp_path / "cert.pem", tmp_path / "key.pem")
    return context


def test_electrum_over_tls_refuses_a_certificate_nobody_vouches_for(
    chain: RegtestChain, tmp_path: Path
) -> None:
    server = ElectrumServer(chain, tls=_self_signed(tmp_path)).start()
    try:
        assert server.url.startswith("ssl://127.0.0.1:")
        wallet = WatchWallet.open(ACCOUNT, tmp_path / "cold.sqlite3")
        with pytest.raises(BackendProtocolError, match=r"TLS certificate is not trusted .*UnknownIssuer"):
            sync_wallet(wallet, connect(BackendConfig(BackendKind.ELECTRUM, server.url)), full_scan=True)
        # The same server is reachable over TLS: a client that skips verification gets the chain.
        insecure = bdk.ElectrumClient(server.url, timeout=5, validate_domain=False)
        assert insecure.block_headers_subscribe().height == chain.tip.height
    finally:
        server.stop()
    assert wallet.balances().total == 0 and wallet.tip_height == 0


def test_a_refused_broadcast_says_why(electrum: ElectrumServer) -> None:
    wallet = WatchWallet.open(ACCOUNT, None)
    backend = connect(BackendConfig(BackendKind.ELECTRUM, electrum.url))
    sync_wallet(wallet, backend, full_scan=True)
    built = build_spend(wallet, SpendRequest((Recipient(external_address(NET), 40_000),), 2))
    raw = extract(finalize(software_sign(built.psbt, ACCOUNT)))
    electrum.reject_broadcast = "min relay fee not met, 200 < 1000"
    with pytest.raises(BackendProtocolError, match=r"refused the transaction.*min relay fee not met"):
        backend.broadcast(bdk.Transaction(raw))
    assert electrum.chain.mempool == []
