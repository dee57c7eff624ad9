"""The production recipe behind a real reverse proxy: Debian's nginx with TLS, as docs/deploy.md sets it up.

The app runs as the recipe says (its front end built for the public address, CE_TRUSTED_PROXY_HOPS=1) behind
nginx started from docs/deploy/nginx.conf, with a certificate from a CA this test makes, under a host name
(ce.test) the browser resolves to loopback. A member opens /login without its trailing slash, signs in and
saves a day: every address the browser is sent to stays on https, the websocket is wss, the session cookie is
`__Host-`, HSTS is sent. The front end is the run's build with the public address put in (the bundle names it,
as a build for it would: the first test checks Reflex would name it so).
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import json
import os
import re
import socket
import ssl
import subprocess
import sys
from datetime import timedelta
from types import SimpleNamespace

import pytest
import trustme
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from playwright.sync_api import expect
from sqlmodel import select

from ce_tracker.clock import utcnow
from ce_tracker.db import make_engine
from ce_tracker.models import DayCredit, Member
from ce_tracker.rules import CMI, local_date
from tests.e2e.browser import LAUNCH_ARGS, chromium_path
from tests.e2e.proxy import Nginx, site_config
from tests.e2e.server import ROOT, AppServer, private_web_dir
from tests.utils import factories as f
from tests.utils.db import units_for
from tests.utils.net import free_port

HOST = "ce.test"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """nginx on loopback with a throw-away CA's certificate for ce.test, in front of the app built for it."""
    workdir = tmp_path_factory.mktemp("proxied")
    https_port, http_port = free_port(), free_port()
    public = f"https://{HOST}:{https_port}"
    ca = trustme.CA()
    leaf = ca.issue_cert(HOST)
    app = AppServer(workdir, {"CE_DATABASE_URL": f"sqlite:///{workdir / 'proxied.db'}", "CE_TRUSTED_PROXY_HOPS": "1"},
                    web_dir=private_web_dir(workdir), public_url=public)
    subprocess.run([sys.executable, "-m", "ce_tracker", "migrate"], cwd=ROOT, env=app.env, check=True,
                   capture_output=True)
    app.start()
    nginx = Nginx("")
    chain = nginx.add_file("chain.pem", b"".join(pem.bytes() for pem in leaf.cert_chain_pems))
    key = nginx.add_file("key.pem", leaf.private_key_pem.bytes())
    (nginx.dir / "site.conf").write_text(site_config(host=HOST, https_port=https_port, http_port=http_port,
                                                     app_port=app.port, certificate=chain, private_key=key))
    engine = make_engine(app.env["CE_DATABASE_URL"])
    try:
        nginx.start(https_port)
        yield SimpleNamespace(url=public, port=https_port, http_port=http_port, ca=ca, leaf=leaf,
                              units=units_for(engine))
    finally:
        nginx.stop()
        app.stop()
        engine.dispose()


def test_a_front_end_built_for_the_public_address_opens_its_websocket_there_over_wss():
    """What a build writes into the bundle (env.json) for the recipe's CE_PUBLIC_URL and CE_API_URL: every
    endpoint at the public address, the websocket as wss. The site below serves the run's build with exactly
    these strings put in (tests/e2e/server.py, _reuse_build), instead of building again for it."""
    public = f"https://{HOST}:8443"
    program = ("import json; from reflex_base import constants; "
               "print(json.dumps({e.name: e.get_url() for e in constants.Endpoint}))")
    env = {**os.environ, "CE_PUBLIC_URL": public, "CE_API_URL": public, "CE_DATABASE_URL": "sqlite://"}
    env.pop("REFLEX_API_URL", None)
    found = json.loads(subprocess.run([sys.executable, "-c", program], cwd=ROOT, env=env, check=True,
                                      capture_output=True, text=True).stdout.strip().splitlines()[-1])
    assert found["EVENT"] == f"wss://{HOST}:8443/_event"
    assert found["PING"] == f"{public}/ping" and all(url.startswith(("https://", "wss://")) for url in found.values())


def _get(site, path: str, *, port: int | None = None, tls: bool = True, name: str = HOST, method: str = "GET"):
    """One request to nginx on loopback under ``name`` (SNI and Host), the CA trusted; redirects not followed."""
    port = port or site.port
    if tls:
        context = ssl.create_default_context()
        site.ca.configure_trust(context)
        connection = http.client.HTTPSConnection(name, port, context=context, timeout=10)
    else:
        connection = http.client.HTTPConnection(name, port, timeout=10)
    connection._create_connection = lambda _address, *args: socket.create_connection(("127.0.0.1", port), *args)
    try:
        connection.request(method, path, headers={"Host": f"{name}:{port}"})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}
    finally:
        connection.close()


def test_behind_nginx_the_apps_redirects_stay_on_https_with_hsts_and_other_names_get_no_handshake(site):
    for method in ("GET", "HEAD"):  # HEAD: what docs/deploy.md's curl -I check sees
        status, headers = _get(site, "/login", method=method)
        assert (status, headers["location"]) == (307, f"{site.url}/login/")  # was http:// behind TLS
        assert headers["strict-transport-security"] == "max-age=31536000; includeSubDomains"
    status, headers = _get(site, "/login/")
    assert status == 200 and "max-age=" in headers["strict-transport-security"]
    assert "wss://" + site.url.removeprefix("https://") in headers["content-security-policy"]
    status, headers = _get(site, "/login", port=site.http_port, tls=False)
    assert status == 301 and headers["location"] == f"https://{HOST}/login"  # port 80 only points to HTTPS
    with pytest.raises(ssl.SSLError):
        _get(site, "/login", name="other.test")


def _member_with_event(units):
    """A member registered for the three days of an event that ended three days ago."""
    today = local_date(CMI, utcnow())
    with units() as session:
        actor = f.person(session, name="Mary Shelley", certified_on=today - timedelta(days=400))
        activity = f.event(session, ends_on=today - timedelta(days=3), title="Proxy Colloquium")
        days = f.event_days(session, activity)
        f.register(session, actor, *days)
        return actor.member_id, session.get(Member, actor.member_id).email, activity.id, days[0]


def _spki_hash(pem: bytes) -> str:
    """What Chromium's --ignore-certificate-errors-spki-list wants: base64 of the SHA-256 of the public key."""
    key = x509.load_pem_x509_certificate(pem).public_key().public_bytes(Encoding.DER,
                                                                        PublicFormat.SubjectPublicKeyInfo)
    return base64.b64encode(hashlib.sha256(key).digest()).decode()


def test_a_member_opens_login_signs_in_over_wss_and_saves_a_day_all_on_https(site, playwright_instance):
    member_id, email, activity_id, day = _member_with_event(site.units)
    label = f"{day.day:%a}, {day.day:%b} {day.day.day}"
    browser = playwright_instance.chromium.launch(executable_path=chromium_path(playwright_instance), args=[
        *LAUNCH_ARGS, f"--host-resolver-rules=MAP {HOST} 127.0.0.1",
        f"--ignore-certificate-errors-spki-list={_spki_hash(site.leaf.cert_chain_pems[0].bytes())}"])
    try:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.set_default_timeout(20_000)
        page = context.new_page()
        requests, sockets, locations = [], [], []
        page.on("request", lambda request: requests.append(request.url))
        page.on("websocket", lambda socket_: sockets.append(socket_.url))
        page.on("response", lambda response: locations.append(response.headers.get("location")))
        first = page.goto(f"{site.url}/login")
        assert page.url == f"{site.url}/login/"
        assert first.request.redirected_from.url == f"{site.url}/login"
        assert first.headers["strict-transport-security"].startswith("max-age=")
        page.get_by_label("Email, member ID or username").fill(email)
        page.get_by_label("Password").fill(f.PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(re.compile(r"/home"))
        page.get_by_role("heading", name="Home").wait_for()
        assert page.url.startswith(f"{site.url}/home")
        [cookie] = [c for c in context.cookies(site.url) if "ce_session" in c["name"]]
        assert cookie["name"] == "__Host-ce_session" and cookie["secure"] and cookie["httpOnly"]
        page.goto(f"{site.url}/cme/{activity_id}")
        page.get_by_role("button", name=f"Edit {label}").click()
        page.get_by_role("textbox", name=f"Credits for {label}").fill("4.75")
        page.get_by_role("button", name=f"Save {label}").click()
        expect(page.get_by_role("button", name=f"Edit {label}")).to_be_visible()
        page.reload()
        expect(page.get_by_label(f"Credits for {label}: 4.75")).to_be_visible()
        context.close()
    finally:
        browser.close()
    with site.units() as session:
        saved = session.exec(select(DayCredit.credits).where(DayCredit.member_id == member_id)).all()
    assert [float(c) for c in saved] == [4.75]
    assert sockets and all(url.startswith(f"wss://{HOST}:{site.port}/_event") for url in sockets), sockets
    assert all(url.startswith((f"{site.url}/", "data:", "blob:")) for url in requests), \
        [u for u in requests if not u.startswith(f"{site.url}/")]
    moved = [where for where in locations if where]
    assert moved and all(where.startswith(f"{site.url}/") for where in moved), moved
