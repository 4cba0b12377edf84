"""A tiny HTTP server on 127.0.0.1 for download tests: no test touches the internet."""

import hashlib
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np

from engine.data import download as download_module
from engine.data import write_idx
from engine.data.download import Source


class FileServer:
    """Serves ``files`` (name -> bytes); can ignore Range, cut connections short, or 404."""

    def __init__(self):
        self.files = {}
        self.requests = []  # (path, Range header or None)
        self.cut_after = None  # bytes sent before the connection is dropped (once)
        self.honour_range = True
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                name = self.path.rsplit("/", 1)[-1]
                server.requests.append((self.path, self.headers.get("Range")))
                if name not in server.files:
                    self.send_error(404)
                    return
                data, start = server.files[name], 0
                wanted = self.headers.get("Range")
                if wanted and server.honour_range:
                    start = int(wanted.split("=")[1].rstrip("-"))
                    if start >= len(data):
                        self.send_error(416)
                        return
                    self.send_response(206)
                    self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
                else:
                    self.send_response(200)
                body = data[start:]
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if server.cut_after is not None:
                    body, server.cut_after = body[: server.cut_after], None
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/data/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def serve_fake_mnist(server: FileServer, tmp_path, monkeypatch) -> dict:
    """Serve a 20+5-image "mnist" from ``server`` and point the app's download and cache there.

    Returns file name -> the array in that file.
    """
    rng = np.random.default_rng(0)
    names = {
        "train-images-idx3-ubyte.gz": rng.integers(0, 256, (20, 28, 28), dtype=np.uint8),
        "train-labels-idx1-ubyte.gz": rng.integers(0, 10, 20).astype(np.uint8),
        "t10k-images-idx3-ubyte.gz": rng.integers(0, 256, (5, 28, 28), dtype=np.uint8),
        "t10k-labels-idx1-ubyte.gz": rng.integers(0, 10, 5).astype(np.uint8),
    }
    for name, array in names.items():
        write_idx(tmp_path / name, array)
        server.files[name] = (tmp_path / name).read_bytes()
    checksums = {name: "md5:" + hashlib.md5(data).hexdigest() for name, data in server.files.items()}
    monkeypatch.setitem(download_module.SOURCES, "mnist", Source(("http://127.0.0.1:9/",), checksums))
    monkeypatch.setenv("CNN_STUDIO_DATA", str(tmp_path / "cache"))
    monkeypatch.setenv("CNN_STUDIO_MIRRORS", server.url)  # tried before the dead built-in one
    monkeypatch.setattr("engine.data.datasets.SYSTEM_FOLDERS", {"mnist": []})
    return names
