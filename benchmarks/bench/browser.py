"""A cold page load in headless Chromium, as the website, live and diagnosis sections measure
it: a fresh browser context (empty cache), the time until the page is ready (a condition
checked every animation frame), and the bytes over the wire (DevTools protocol).

The JavaScript run in the page lives in js/*.js (one expression each), read at run time.

Defined for: benchmarks/run.py (sections 3, 4 and 5).
"""

from __future__ import annotations

import contextlib
import functools
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

VIEWPORT = {"width": 1280, "height": 900}
TIMEOUT_MS = 60_000
JS = Path(__file__).resolve().parent / "js"


@functools.cache
def js(name: str) -> str:
    """The script js/`name`.js: one JavaScript expression (most often a function, which
    Playwright's `evaluate` calls)."""
    return (JS / f"{name}.js").read_text(encoding="utf-8").strip()


def call(name: str, *args: str) -> str:
    """JavaScript that calls js/`name`.js with `args` (JavaScript expressions)."""
    return f"({js(name)})({', '.join(args)})"


class Network:
    """Bytes over the wire for one page, from the DevTools protocol."""

    def __init__(self, context: Any, page: Any, host: str):
        self.bytes = 0
        self.ws_bytes = 0
        self.requests = 0
        self.failed = 0
        self.external = 0
        self.urls: dict[str, str] = {}
        self.finished: list[str] = []
        self.by_url: dict[str, int] = {}
        self.host = host
        cdp = context.new_cdp_session(page)
        cdp.on("Network.requestWillBeSent", self._request)
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on("Network.loadingFailed", self._failed)
        cdp.on("Network.webSocketFrameReceived", self._ws)
        cdp.on("Network.webSocketFrameSent", self._ws)
        cdp.send("Network.enable")
        self.cdp = cdp

    def _request(self, e: dict) -> None:
        url = e["request"]["url"]
        self.urls[e["requestId"]] = url
        if url.startswith("http") and urlsplit(url).hostname not in ("127.0.0.1", "localhost"):
            self.external += 1

    def _finished(self, e: dict) -> None:
        self.requests += 1
        size = int(e.get("encodedDataLength") or 0)
        url = self.urls.get(e["requestId"], "")
        self.bytes += size
        self.finished.append(url)
        key = urlsplit(url).path
        self.by_url[key] = self.by_url.get(key, 0) + size

    def _failed(self, e: dict) -> None:
        self.failed += 1

    def _ws(self, e: dict) -> None:
        self.ws_bytes += len((e.get("response") or {}).get("payloadData") or "")

    def snapshot(self) -> dict[str, Any]:
        return {
            "bytes": self.bytes,
            "requests": self.requests,
            "failed": self.failed,
            "external_requests": self.external,
            "websocket_bytes": self.ws_bytes,
            "largest": sorted(self.by_url.items(), key=lambda kv: -kv[1])[:6],
        }


def _block(context: Any, block: tuple[str, ...]) -> None:
    """Route every request; abort those whose path contains one of `block`."""

    def route(r: Any) -> None:
        path = urlsplit(r.request.url).path
        if any(b in path for b in block):
            r.abort()
        else:
            r.continue_()

    context.route("**/*", route)


def cold_load(
    browser: Any, url: str, cond: str, host: str, block: tuple[str, ...] | None = None
) -> tuple[Any, Any, dict[str, Any]]:
    """Open `url` in a fresh context (empty cache) and wait until `cond` holds.

    With `block` (possibly empty), every request goes through an interception route and
    those whose path contains one of its strings are aborted.
    """
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(call("ready", cond) + ";")
    if block is not None:
        _block(context, block)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    net = Network(context, page, host)
    t0 = time.perf_counter()
    page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
    page.wait_for_function("window.__bench && window.__bench.ready !== null", timeout=TIMEOUT_MS)
    wall = time.perf_counter() - t0
    nav = page.evaluate(js("navigation"))
    # Let late requests (fonts, images below the fold) finish before counting bytes.
    with contextlib.suppress(Exception):
        page.wait_for_load_state("networkidle", timeout=10_000)
    info = {"ready_ms": nav["ready"], "wall_s": wall, "nav": nav, "errors": errors[:5]}
    info.update(net.snapshot())
    info["_urls"] = list(net.finished)
    return context, page, info
