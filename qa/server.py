"""Serve the Gradio app with safe defaults.

* Binds 127.0.0.1 unless ``GRADIO_SERVER_NAME`` says otherwise (Hugging Face Spaces sets
  it to 0.0.0.0; when only ``SPACE_ID`` is present we bind 0.0.0.0 too).
* Prints one clickable local URL (``http://127.0.0.1:7860``), never ``0.0.0.0``.
* Request bodies over ``QA_MAX_REQUEST_BYTES`` (default 1 MiB) are refused with 413
  before they are read into memory; uploads are refused (the app has no file inputs);
  Gradio's monitoring routes are off.
* A busy port or a bad setting ends the process with one line, exit 1.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from qa import config

ENV_MAX_REQUEST_BYTES = "QA_MAX_REQUEST_BYTES"
DEFAULT_MAX_REQUEST_BYTES = 1 << 20  # a long chat history is ~15 KB per answer
BLOCKED_PREFIXES = ("/gradio_api/upload", "/upload", "/gradio_api/upload_progress", "/monitoring",
                    "/gradio_api/monitoring")
_BODY_METHODS = {"POST", "PUT", "PATCH"}


class RequestLimit:
    """ASGI middleware: refuse uploads and monitoring, and any body over ``max_bytes``.

    A body is read (at most ``max_bytes`` of it) before the app sees the request and
    replayed to it, so an oversized or endless body never reaches Gradio's parsers.
    """

    def __init__(self, app, max_bytes: int = DEFAULT_MAX_REQUEST_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        if any(path == p or path.startswith(p + "/") for p in BLOCKED_PREFIXES):
            await _reply(send, 403, "this app accepts no uploads and serves no monitoring pages")
            return
        if scope.get("method") not in _BODY_METHODS:
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    await _reply(send, 400, "bad Content-Length")
                    return
                if declared > self.max_bytes:
                    await _reply(send, 413, f"request body over {self.max_bytes} bytes")
                    return
        chunks, total = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body = message.get("body", b"")
            total += len(body)
            if total > self.max_bytes:
                await _reply(send, 413, f"request body over {self.max_bytes} bytes")
                return
            chunks.append(body)
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay():
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


async def _reply(send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


def server_name() -> str:
    """Where to listen: ``GRADIO_SERVER_NAME``, else 0.0.0.0 on Spaces, else 127.0.0.1."""
    name = os.environ.get("GRADIO_SERVER_NAME", "").strip()
    if name:
        return name
    return "0.0.0.0" if os.environ.get("SPACE_ID") else "127.0.0.1"


def local_url(name: str, port: int) -> str:
    """A URL a browser on this machine can open (never 0.0.0.0)."""
    host = "127.0.0.1" if name in ("0.0.0.0", "", "::", "[::]") else name
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}"


def port_from_env() -> int:
    """``GRADIO_SERVER_PORT`` (else ``PORT``, else 7860), or ValueError naming the variable.

    A variable set to nothing is an error too: Gradio reads ``GRADIO_SERVER_PORT`` itself and
    would fail on it with a traceback.
    """
    for name in ("GRADIO_SERVER_PORT", "PORT"):
        if name not in os.environ:
            continue
        raw = os.environ[name].strip()
        if not raw:
            raise ValueError(f"{name} is set but empty; unset it or give a port number 1-65535")
        try:
            port = int(raw)
        except ValueError:
            raise ValueError(f"{name}={raw[:40]!r} is not a port number; use 1-65535") from None
        if not 0 < port < 65536:
            raise ValueError(f"{name}={port} is not a port number; use 1-65535")
        return port
    return 7860


def launch(demo, port: int | None = None) -> None:
    """Serve ``demo`` until interrupted; a start-up failure is one line on stderr, exit 1."""
    from starlette.middleware import Middleware

    from qa.ui import launch_options  # the UI's CSS, script and MCP server

    try:
        port = port or port_from_env()
        max_bytes = config.env_int(ENV_MAX_REQUEST_BYTES, DEFAULT_MAX_REQUEST_BYTES, minimum=1024)
    except ValueError as exc:
        print(f"qa: cannot start the app: {exc}", file=sys.stderr)
        raise SystemExit(1) from None
    name = server_name()
    blocked = [str(Path(p).resolve()) for p in (config.env(config.ENV_INDEX, config.DEFAULT_INDEX),
                                                 config.env(config.ENV_CORPUS, config.DEFAULT_CORPUS), ".")]
    try:
        demo.launch(server_name=name, server_port=port, show_error=False, blocked_paths=blocked,
                    max_file_size="1kb", footer_links=["api"], ssr_mode=False, enable_monitoring=False,
                    quiet=True, prevent_thread_lock=True,
                    app_kwargs={"middleware": [Middleware(RequestLimit, max_bytes=max_bytes)]},
                    **launch_options())
    except OSError as exc:
        if _bad_address(name):
            print(f"qa: cannot start the app: {name!r} is not an address of this machine; set GRADIO_SERVER_NAME "
                  "to 127.0.0.1, 0.0.0.0 or a name that resolves here", file=sys.stderr)
            raise SystemExit(1) from None
        reason = "is in use" if "port" in str(exc).lower() or "address" in str(exc).lower() else f"failed ({exc})"
        print(f"qa: cannot start the app: port {port} on {name} {reason}; stop the other server or set "
              "GRADIO_SERVER_PORT to a free port", file=sys.stderr)
        raise SystemExit(1) from None
    where = " (listening on all interfaces)" if name in ("0.0.0.0", "::") else ""
    print(f"* Running on local URL:  {local_url(name, port)}{where}", flush=True)
    try:
        demo.block_thread()
    except KeyboardInterrupt:
        pass


def _bad_address(name: str) -> bool:
    """Whether ``name`` cannot be bound here at all (no such address or name), as opposed to a port in use."""
    import socket

    try:
        infos = socket.getaddrinfo(name, None)
    except (socket.gaierror, UnicodeError, ValueError):
        return True
    for family, _, _, _, addr in infos:
        try:
            with socket.socket(family, socket.SOCK_STREAM) as sock:
                sock.bind((addr[0], 0))  # any free port: only the address is tested
            return False
        except OSError:
            continue
    return True
