"""CIFAR-10: the binary archive served from a local HTTP server, unpacked safely, loaded as colour photos."""

import io
import tarfile

import numpy as np
import pytest

from engine.data import DatasetError, load_dataset
from engine.data.cifar import ARCHIVE, TEST_FILE, TRAIN_FILES, unpack
from engine.data.download import download_dataset
from tests.http_server import FileServer
from tests.own_data import add_to_tar, cifar_archive, serve_cifar


@pytest.fixture
def served(tmp_path, monkeypatch):
    with FileServer() as server:
        yield server, serve_cifar(server, tmp_path, monkeypatch)


def test_download_unpacks_and_loads_cifar10_as_colour_photos(served, tmp_path):
    server, arrays = served
    with pytest.raises(DatasetError, match="python main.py download cifar10"):
        load_dataset("cifar10")
    folder = download_dataset("cifar10")
    assert sorted(p.name for p in folder.iterdir()) == sorted([*TRAIN_FILES, TEST_FILE, "batches.meta.txt"])
    data = load_dataset("cifar10")
    assert data.input_shape == (3, 32, 32) and data.pipeline == "photos" and data.class_names[9] == "truck"
    assert len(data.x_train) == 20 and len(data.x_test) == 5
    np.testing.assert_array_equal(data.x_train[4:8], arrays["data_batch_2.bin"][0])
    np.testing.assert_array_equal(data.y_test, arrays[TEST_FILE][1])
    download_dataset("cifar10")  # unpacked already: nothing fetched again
    assert len(server.requests) == 1


def test_an_archive_cannot_write_outside_its_folder_and_must_hold_the_batches(tmp_path):
    archive, _ = cifar_archive(np.random.default_rng(1), extra={"../../evil.bin": b"x", "/tmp/abs_evil.bin": b"y"})
    (tmp_path / ARCHIVE).write_bytes(archive)
    unpack(tmp_path)
    assert not (tmp_path.parent.parent / "evil.bin").exists() and not (tmp_path / "evil.bin").exists()
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        add_to_tar(tar, "cifar-10-batches-py/data_batch_1", b"pickled")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / ARCHIVE).write_bytes(buffer.getvalue())
    with pytest.raises(DatasetError, match="holds no data_batch_1.bin.*is it the binary version of CIFAR-10"):
        unpack(tmp_path / "other")


def test_a_damaged_batch_file_is_named(tmp_path):
    (tmp_path / ARCHIVE).write_bytes(cifar_archive(np.random.default_rng(2))[0])
    unpack(tmp_path)
    with open(tmp_path / "data_batch_3.bin", "ab") as file:
        file.write(b"extra")
    with pytest.raises(DatasetError, match="data_batch_3.bin: 12,297 bytes is not a whole number of 3,073-byte"):
        load_dataset(tmp_path)
