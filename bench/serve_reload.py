"""Seconds from saving an article of the example story to the preview's reload message.

Starts `build.py serve` on a scratch copy of `content/`, connects as livereload.js does, saves a
one-word edit of one article several times, and prints each save-to-reload time and their median.

    python3 bench/serve_reload.py [--saves N]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from tornado.websocket import websocket_connect

PROJECT_DIR = Path(__file__).resolve().parent.parent
START_WAIT = 60.0  # seconds for the first build and the server to come up
RELOAD_WAIT = 60.0  # seconds one edit may take before the run is called broken


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_server(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_WAIT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("the server stopped before it answered")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"the server did not answer within {START_WAIT} s")


async def measure(port: int, article: Path, saves: int) -> list[float]:
    socket_ = await websocket_connect(f"ws://127.0.0.1:{port}/livereload")
    await socket_.write_message(json.dumps(
        {"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}))
    await socket_.read_message()
    await socket_.write_message(json.dumps({"command": "info", "url": f"http://127.0.0.1:{port}/", "plugins": {}}))
    original = article.read_text(encoding="utf-8")
    times = []
    for number in range(saves):
        await asyncio.sleep(1.0)  # past livereload's own window since the last reload
        saved = time.monotonic()
        article.write_text(original + f"\nEdit number {number}.\n", encoding="utf-8")
        while True:
            message = json.loads(await asyncio.wait_for(socket_.read_message(), RELOAD_WAIT))
            if message.get("command") == "reload":
                break
        times.append(time.monotonic() - saved)
    socket_.close()
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=5)
    saves = parser.parse_args().saves
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        shutil.copytree(PROJECT_DIR / "content", root / "content")
        article = sorted(path for path in (root / "content").glob("*/*.md") if path.name != "story.md")[0]
        port = free_port()
        process = subprocess.Popen([sys.executable, str(PROJECT_DIR / "build.py"), "serve", "--content", "content",
                                    "--output", "output", "--port", str(port)],
                                   cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_for_server(port, process)
            times = asyncio.run(measure(port, article, saves))
        finally:
            process.terminate()
            process.wait(timeout=30)
    for number, seconds in enumerate(times, 1):
        print(f"save {number}: reload after {seconds:.3f} s")
    print(f"median save-to-reload: {statistics.median(times):.3f} s ({article.parent.name}/{article.name})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
