"""Downloads from a local HTTP server on 127.0.0.1: mirrors, resume, checksums, progress."""

import hashlib
import itertools
import threading

import numpy as np
import pytest

from engine.data import DatasetError, load_dataset
from engine.data.download import download_dataset, download_file
from tests.http_server import FileServer, serve_fake_mnist


@pytest.fixture
def server():
    with FileServer() as running:
        yield running


def md5(data: bytes) -> str:
    return "md5:" + hashlib.md5(data).hexdigest()


def test_download_streams_with_progress_and_verifies(server, tmp_path):
    payload = bytes(range(256)) * 1000
    server.files["a.bin"] = payload
    calls = []
    path = download_file([server.url], "a.bin", md5(payload), tmp_path, progress=lambda *a: calls.append(a))
    assert path.read_bytes() == payload and not (tmp_path / "a.bin.part").exists()
    assert calls[0] == ("a.bin", 0, len(payload)) and calls[-1] == ("a.bin", len(payload), len(payload))
    assert all(a[1] <= b[1] for a, b in itertools.pairwise(calls))  # monotone
    download_file([server.url], "a.bin", md5(payload), tmp_path)  # already there: no new request
    assert len(server.requests) == 1


def test_sha256_checksums_work_too(server, tmp_path):
    server.files["a.bin"] = b"hello"
    digest = "sha256:" + hashlib.sha256(b"hello").hexdigest()
    assert download_file([server.url], "a.bin", digest, tmp_path).read_bytes() == b"hello"


def test_interrupted_download_resumes_with_a_range_request(server, tmp_path):
    payload = np.random.default_rng(0).bytes(300_000)
    server.files["a.bin"] = payload
    server.cut_after = 100_000
    with pytest.raises(DatasetError, match="download failed from every mirror"):
        download_file([server.url], "a.bin", md5(payload), tmp_path)
    assert (tmp_path / "a.bin.part").stat().st_size == 100_000  # kept for the resume
    download_file([server.url], "a.bin", md5(payload), tmp_path)
    assert (tmp_path / "a.bin").read_bytes() == payload
    assert server.requests[-1][1] == "bytes=100000-"


def test_a_server_ignoring_range_restarts_cleanly(server, tmp_path):
    payload = b"x" * 50_000
    server.files["a.bin"] = payload
    (tmp_path / "a.bin.part").write_bytes(b"x" * 10_000)
    server.honour_range = False
    assert download_file([server.url], "a.bin", md5(payload), tmp_path).read_bytes() == payload


def test_bad_checksum_deletes_the_partial_file_and_says_so(server, tmp_path):
    server.files["a.bin"] = b"tampered"
    with pytest.raises(DatasetError, match=r"a.bin: .*checksum mismatch .*partial file deleted"):
        download_file([server.url], "a.bin", md5(b"original"), tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_mirrors_are_tried_in_order(server, tmp_path):
    server.files["a.bin"] = b"data"
    dead = "http://127.0.0.1:9/"  # the discard port: nothing listens
    missing = server.url.replace("/data/", "/missing/") + "nope/"
    path = download_file([dead, server.url], "a.bin", md5(b"data"), tmp_path, timeout=5)
    assert path.read_bytes() == b"data"
    with pytest.raises(DatasetError, match=r"127.0.0.1:9/a.bin: .*refused; .*/missing/nope/a.bin: HTTP 404"):
        server.files.pop("a.bin")
        download_file([dead, missing], "a.bin", md5(b"data"), tmp_path / "other", timeout=5)


def test_cancel_keeps_the_partial_file(server, tmp_path):
    payload = b"y" * 500_000
    server.files["a.bin"] = payload
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(DatasetError, match="download cancelled"):
        download_file([server.url], "a.bin", md5(payload), tmp_path, cancel=cancel)
    assert 0 < (tmp_path / "a.bin.part").stat().st_size < len(payload)


def test_download_dataset_then_load_it_by_name(server, tmp_path, monkeypatch):
    names = serve_fake_mnist(server, tmp_path, monkeypatch)
    with pytest.raises(DatasetError, match="python main.py download mnist"):
        load_dataset("mnist")
    folder = download_dataset("mnist")
    assert folder == tmp_path / "cache" / "mnist"
    data = load_dataset("mnist")
    assert len(data.x_train) == 20 and len(data.x_test) == 5
    np.testing.assert_array_equal(data.x_test, names["t10k-images-idx3-ubyte.gz"])


def test_unknown_dataset_cannot_be_downloaded():
    with pytest.raises(DatasetError, match="no download known"):
        download_dataset("cifar-10")
