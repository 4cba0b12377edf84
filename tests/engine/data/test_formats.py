"""IDX and .npz reading, the embedded digits, and every way a dataset file can be wrong."""

import gzip
import time

import numpy as np
import pytest

from engine.data import DatasetError, load_dataset, load_embedded, read_idx, write_idx
from engine.data import datasets as datasets_module


def test_embedded_digits_load_fast_with_a_fixed_stratified_split():
    start = time.perf_counter()
    data = load_embedded()
    elapsed = time.perf_counter() - start
    assert elapsed < 1.0
    assert data.x_train.shape == (8000, 28, 28) and data.x_test.shape == (2000, 28, 28)
    assert data.x_train.dtype == np.uint8 and data.class_names == [str(d) for d in range(10)]
    train_share = np.bincount(data.y_train, minlength=10) / 8000
    test_share = np.bincount(data.y_test, minlength=10) / 2000
    np.testing.assert_allclose(train_share, test_share, atol=0.002)  # stratified
    assert data.x_train.max() == 255 and 0.10 < data.x_train.mean() / 255 < 0.15  # real MNIST ink
    assert load_dataset("mnist-embedded").y_test[:20].tolist() == data.y_test[:20].tolist()


@pytest.mark.parametrize("dtype", [np.uint8, np.int8, np.int16, np.int32, np.float32, np.float64])
@pytest.mark.parametrize("suffix", ["", ".gz"])
def test_idx_round_trip(tmp_path, dtype, suffix):
    array = (
        (np.arange(2 * 3 * 4) - 5).reshape(2, 3, 4).astype(dtype)
        if dtype != np.uint8
        else np.arange(24, dtype=np.uint8).reshape(2, 3, 4)
    )
    path = tmp_path / f"x-idx3-ubyte{suffix}"
    write_idx(path, array)
    assert (path.read_bytes()[:2] == b"\x1f\x8b") == bool(suffix)
    loaded = read_idx(path)
    assert loaded.dtype == np.dtype(dtype) and loaded.shape == (2, 3, 4)
    np.testing.assert_array_equal(loaded, array)


def idx_folder(tmp_path, n_train=30, n_test=10, image_shape=(28, 28), parts=("train", "t10k"), gz=False):
    rng = np.random.default_rng(0)
    suffix = ".gz" if gz else ""
    for part, n in (("train", n_train), ("t10k", n_test)):
        if part not in parts:
            continue
        write_idx(tmp_path / f"{part}-images-idx3-ubyte{suffix}", rng.integers(0, 256, (n, *image_shape), np.uint8))
        write_idx(tmp_path / f"{part}-labels-idx1-ubyte{suffix}", rng.integers(0, 10, n).astype(np.uint8))
    return tmp_path


@pytest.mark.parametrize("gz", [False, True])
def test_idx_folder(tmp_path, gz):
    data = load_dataset(idx_folder(tmp_path, gz=gz))
    assert len(data.x_train) == 30 and len(data.x_test) == 10 and data.num_classes == 10


def test_idx_folder_with_only_the_test_pair(tmp_path):
    data = load_dataset(idx_folder(tmp_path, parts=("t10k",)))
    assert len(data.x_train) == 0 and len(data.x_test) == 10


def test_npz_dataset(tmp_path):
    rng = np.random.default_rng(0)
    np.savez(
        tmp_path / "d.npz",
        x_train=rng.random((5, 28, 28)),
        y_train=np.arange(5),
        x_test=rng.integers(0, 256, (3, 28, 28), dtype=np.uint8),
        y_test=np.array([1, 2, 3]),
    )
    data = load_dataset(tmp_path / "d.npz")
    assert data.x_train.dtype == np.uint8 and len(data.x_test) == 3


def write_bytes(tmp_path, name, payload):
    path = tmp_path / name
    path.write_bytes(payload)
    return path


@pytest.mark.parametrize(
    "payload, fragment",
    [
        (b"\x08\x03\x00\x00" + b"\x00" * 20, "wrong magic number"),
        (b"\x00\x00\x07\x01\x00\x00\x00\x01\x00", "unsupported IDX data type 0x07"),
        (b"\x00\x00\x08\x03\x00\x00\x00\x02", "truncated IDX header"),
        (b"\x00\x00\x08\x01\x00\x00\x00\x05\x01\x02", "truncated: 2 data bytes"),
        (b"\x00\x00\x08\x01\x00\x00\x00\x01\x01\x02", "unexpected bytes"),
        (b"", "wrong magic number"),
        (b"\x1f\x8b\x08\x00garbage", "cannot read or decompress"),
    ],
)
def test_broken_idx_files(tmp_path, payload, fragment):
    path = write_bytes(tmp_path, "train-labels-idx1-ubyte", payload)
    with pytest.raises(DatasetError, match=fragment) as error:
        read_idx(path)
    assert str(path) in str(error.value)


def test_truncated_gzip(tmp_path):
    good = gzip.compress(b"\x00\x00\x08\x01\x00\x00\x00\x04\x01\x02\x03\x04")
    with pytest.raises(DatasetError, match="decompress"):
        read_idx(write_bytes(tmp_path, "t.gz", good[:-6]))


def test_count_mismatch(tmp_path):
    idx_folder(tmp_path)
    write_idx(tmp_path / "train-labels-idx1-ubyte", np.zeros(29, np.uint8))
    with pytest.raises(DatasetError, match="30 train images but 29 labels"):
        load_dataset(tmp_path)


def test_labels_out_of_range(tmp_path):
    idx_folder(tmp_path)
    write_idx(tmp_path / "t10k-labels-idx1-ubyte", np.full(10, 12, np.uint8))
    with pytest.raises(DatasetError, match=r"labels must be in \[0, 9\]"):
        datasets_module.load_idx_folder(tmp_path, class_names=[str(d) for d in range(10)])


def test_any_image_size_loads_but_the_parts_must_agree(tmp_path):
    idx_folder(tmp_path, image_shape=(32, 32))
    assert load_dataset(tmp_path).input_shape == (1, 32, 32)
    write_idx(tmp_path / "t10k-images-idx3-ubyte", np.zeros((10, 28, 28), np.uint8))
    with pytest.raises(DatasetError, match="train images are 32x32 grey but the test images are 28x28 grey"):
        load_dataset(tmp_path)


def test_images_too_small_or_with_odd_channels(tmp_path):
    idx_folder(tmp_path, image_shape=(3, 3))
    with pytest.raises(DatasetError, match="3x3 pixels are too small"):
        load_dataset(tmp_path)
    idx_folder(tmp_path, image_shape=(5, 8, 8))
    with pytest.raises(DatasetError, match=r"\(N, H, W\) or \(N, 3, H, W\) for colour, got shape \(30, 5, 8, 8\)"):
        load_dataset(tmp_path)


def test_half_a_pair(tmp_path):
    idx_folder(tmp_path)
    (tmp_path / "train-labels-idx1-ubyte").unlink()
    with pytest.raises(DatasetError, match="no train-labels file"):
        load_dataset(tmp_path)


@pytest.mark.parametrize(
    "make, fragment",
    [
        (lambda p: np.savez(p, a=np.zeros(3)), "found no images and labels among its arrays a; name them with --keys"),
        (lambda p: np.savez(p, x_train=np.array([None, 1], dtype=object), y_train=np.zeros(2)), "pickled"),
        (lambda p: p.write_bytes(b"PK\x03\x04 not really a zip"), "not a readable .npz"),
        (lambda p: np.savez(p, x_train=np.zeros((2, 28, 28)), y_train=np.array([0.5, 1.0])), "whole class numbers"),
    ],
)
def test_broken_npz(tmp_path, make, fragment):
    path = tmp_path / "bad.npz"
    make(path)
    with pytest.raises(DatasetError, match=fragment):
        load_dataset(path)


def test_missing_paths_and_unknown_names(tmp_path, monkeypatch):
    with pytest.raises(DatasetError, match="no such file or folder"):
        load_dataset(tmp_path / "nothing-here")
    with pytest.raises(DatasetError, match="unsupported file type"):
        load_dataset(write_bytes(tmp_path, "notes.md", b"hello"))
    monkeypatch.setenv("CNN_STUDIO_DATA", str(tmp_path / "cache"))
    monkeypatch.setattr(datasets_module, "SYSTEM_FOLDERS", {"fashion-mnist": [], "mnist": []})
    with pytest.raises(DatasetError, match="fashion-mnist: not found on this machine"):
        load_dataset("fashion-mnist")


def test_known_dataset_found_in_the_cache_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("CNN_STUDIO_DATA", str(tmp_path))
    monkeypatch.setattr(datasets_module, "SYSTEM_FOLDERS", {"fashion-mnist": [], "mnist": []})
    (tmp_path / "fashion-mnist").mkdir()
    idx_folder(tmp_path / "fashion-mnist")
    data = load_dataset("fashion-mnist")
    assert data.class_names[0] == "T-shirt/top" and len(data.x_train) == 30
