"""Serving the app: address, start-up errors, request-size limit, no uploads, no monitoring."""
from __future__ import annotations

import http.client
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import _free_port
from qa import server

ROOT = Path(__file__).resolve().parent.parent


def _start(port: int, **env_extra: str):
    env = {k: v for k, v in os.environ.items() if k not in ("GRADIO_SERVER_NAME", "SPACE_ID")}
    env.update({"HF_HUB_OFFLINE": "1", "GRADIO_SERVER_PORT": str(port), "GRADIO_ANALYTICS_ENABLED": "False",
                "PYTHONPATH": str(ROOT), **env_extra})
    log = tempfile.NamedTemporaryFile(delete=False)
    proc = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    return proc, Path(log.name)


def _wait(proc, url: str) -> None:
    for _ in range(240):
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError("app exited")
            time.sleep(0.25)
    raise RuntimeError("app did not start")


@pytest.fixture(scope="module")
def app():
    port = _free_port()
    proc, log = _start(port)  # GRADIO_SERVER_NAME unset: the local default
    try:
        _wait(proc, f"http://127.0.0.1:{port}/")
        yield proc, port, log
    finally:
        proc.terminate()
        proc.wait(20)
        log.unlink()


def _rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as fh:
        return int(re.search(r"VmRSS:\s+(\d+)", fh.read()).group(1)) / 1024


def test_default_address_is_local_and_the_printed_url_is_clickable(app):
    proc, port, log = app
    for _ in range(100):  # printed once the server is up
        printed = log.read_text()
        if "Running on" in printed:
            break
        time.sleep(0.1)
    assert f"Running on local URL:  http://127.0.0.1:{port}" in printed
    assert "0.0.0.0" not in printed
    assert server.server_name() in ("127.0.0.1", os.environ.get("GRADIO_SERVER_NAME", "127.0.0.1"))


def test_spaces_and_explicit_settings_choose_the_address(monkeypatch):
    monkeypatch.delenv("GRADIO_SERVER_NAME", raising=False)
    monkeypatch.delenv("SPACE_ID", raising=False)
    assert server.server_name() == "127.0.0.1"
    monkeypatch.setenv("SPACE_ID", "user/qa")
    assert server.server_name() == "0.0.0.0"
    monkeypatch.setenv("GRADIO_SERVER_NAME", "0.0.0.0")
    assert server.local_url(server.server_name(), 7860) == "http://127.0.0.1:7860"


def test_a_busy_port_is_one_line(app):
    _, port, _ = app
    proc, log = _start(port)
    try:
        assert proc.wait(120) == 1
        text = log.read_text().strip()
        assert text.splitlines()[-1].startswith("qa: cannot start the app: port") and "Traceback" not in text
        assert len([ln for ln in text.splitlines() if ln.strip()]) == 1, text
    finally:
        log.unlink()


def test_monitoring_and_uploads_are_refused(app):
    _, port, _ = app
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/monitoring/summary")
    assert conn.getresponse().status == 403
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    body = b'--b\r\nContent-Disposition: form-data; name="files"; filename="x.txt"\r\n\r\nhello\r\n--b--\r\n'
    conn.request("POST", "/gradio_api/upload", body=body, headers={"Content-Type": "multipart/form-data; boundary=b"})
    resp = conn.getresponse()
    reply = resp.read().decode()
    assert resp.status == 403 and "/tmp" not in reply and "gradio" not in reply.lower()


def _post_big(port: int, size: int, chunked: bool, results: list) -> None:
    """Stream a ``size``-byte body; record the status, or "closed" if the server hung up
    mid-body (a refusal too: it stopped reading)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.putrequest("POST", "/gradio_api/call/answer")
        conn.putheader("Content-Type", "application/json")
        if chunked:
            conn.putheader("Transfer-Encoding", "chunked")
        else:
            conn.putheader("Content-Length", str(size))
        conn.endheaders()
        block = b"a" * (1 << 20)
        try:
            for _ in range(size // len(block)):
                conn.send(b"%x\r\n%s\r\n" % (len(block), block) if chunked else block)
            if chunked:
                conn.send(b"0\r\n\r\n")
        except OSError:
            pass
        results.append(conn.getresponse().status)
    except OSError:
        results.append("closed")
    finally:
        conn.close()


def test_oversized_requests_are_refused_and_memory_stays_flat(app):
    proc, port, _ = app
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.putrequest("POST", "/gradio_api/call/answer")
    conn.putheader("Content-Type", "application/json")
    conn.putheader("Content-Length", str(100 << 20))
    conn.endheaders()
    conn.send(b'{"data": ["')
    assert conn.getresponse().status == 413  # refused on the header, before any body is read
    conn.close()
    before = _rss_mb(proc.pid)
    results: list = []
    threads = [threading.Thread(target=_post_big, args=(port, 40 << 20, i % 2 == 0, results)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(180)
    after = _rss_mb(proc.pid)
    print(f"RSS {before:.0f} -> {after:.0f} MB after 8 concurrent 40 MB POSTs: {results}")
    assert len(results) == 8 and all(r in (413, "closed") for r in results)
    assert after - before < 40
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)  # and a normal request still works
    conn.request("POST", "/gradio_api/call/answer", body=b'{"data": ["What does a CIO do?", 3, "hybrid"]}',
                 headers={"Content-Type": "application/json"})
    assert conn.getresponse().status == 200


def test_a_chunked_body_over_the_limit_is_cut_off_after_the_limit():
    import asyncio

    seen = []

    async def app(scope, receive, send):
        seen.append(await receive())

    sent = []

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request", "body": b"a" * 4096, "more_body": True}  # endless

    scope = {"type": "http", "method": "POST", "path": "/gradio_api/call/answer", "headers": []}
    asyncio.run(server.RequestLimit(app, max_bytes=1 << 20)(scope, receive, send))
    assert not seen and sent[0]["status"] == 413
    scope["headers"] = []
    ok = [{"type": "http.request", "body": b'{"data": []}', "more_body": False}]

    async def receive_small():
        return ok.pop(0) if ok else {"type": "http.disconnect"}

    asyncio.run(server.RequestLimit(app, max_bytes=1 << 20)(scope, receive_small, send))
    assert seen[0]["body"] == b'{"data": []}'
