"""Datasets and images built to break the loaders: one DatasetError line each, in bounded memory and time."""

import gzip
import os
import resource
import struct
import time

import numpy as np
import pytest
from PIL import Image, ImageDraw

from engine.data import DatasetError, load_dataset, preprocess_drawing, read_idx
from engine.data.pictures import read_image


def test_an_image_of_isolated_specks_is_blank_not_a_crash(tmp_path):
    image = Image.new("L", (100, 100), 255)
    image.putpixel((50, 50), 0)
    image.save(tmp_path / "speck.png")
    assert preprocess_drawing(read_image(tmp_path / "speck.png")) is None


def test_a_16_bit_png_is_read_by_its_full_range(tmp_path):
    pixels = np.full((60, 60), 65535, np.uint16)
    pixels[10:50, 28:32] = 0  # a dark bar on white 16-bit paper
    Image.fromarray(pixels).save(tmp_path / "sixteen.png")
    grey = read_image(tmp_path / "sixteen.png")
    assert grey.dtype == np.uint8 and grey[30, 30] == 0 and grey[5, 5] == 255
    assert preprocess_drawing(grey).sum() > 10


def test_one_bad_image_in_a_folder_is_skipped_not_fatal(tmp_path):
    for label in ("a", "b"):
        (tmp_path / label).mkdir()
        for i in range(3):
            image = Image.new("L", (40, 40), 255)
            ImageDraw.Draw(image).line([(20, 5), (20 + 5 * (label == "b"), 35)], fill=0, width=4)
            image.save(tmp_path / label / f"{i}.png")
    speck = Image.new("L", (40, 40), 255)
    speck.putpixel((3, 3), 0)
    speck.save(tmp_path / "a" / "speck.png")
    dataset = load_dataset(tmp_path)
    assert len(dataset.x_train) == 6 and any("no ink" in note or "blank" in note for note in dataset.notes)


def test_an_absurd_label_is_refused_before_naming_a_billion_classes(tmp_path):
    np.savez(tmp_path / "d.npz", x_train=np.zeros((2, 28, 28), np.uint8), y_train=np.array([0, 10**9]))
    started = time.perf_counter()
    with pytest.raises(DatasetError, match=r"d\.npz: a label of 1,000,000,000 would mean 1,000,000,001 classes"):
        load_dataset(tmp_path / "d.npz")
    assert time.perf_counter() - started < 2


def idx_header(code, shape):
    return bytes([0, 0, code, len(shape)]) + struct.pack(f">{len(shape)}I", *shape)


def test_a_gzip_bomb_is_read_only_as_far_as_its_header_declares(tmp_path):
    path = tmp_path / "train-images-idx3-ubyte.gz"
    # gzip members in a row read as one stream: 4 GiB of zeros behind a header that declares 7,840 bytes,
    # made from one compressed 16 MiB block in 0.1 s (compressing the 4 GiB itself took 20 s of the suite).
    zeros = gzip.compress(bytes(2**24))
    path.write_bytes(gzip.compress(idx_header(0x08, (10, 28, 28))) + zeros * 256)
    assert path.stat().st_size < 8 * 2**20
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(DatasetError, match="unexpected bytes after the data"):
        read_idx(path)
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 100_000  # KiB
    with gzip.open(path) as stream:  # and it is the bomb it claims to be: far more unpacks than 10 x 28 x 28 bytes
        assert len(stream.read(64 * 2**20)) == 64 * 2**20


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (idx_header(0x08, (2**31, 2**31, 2**31)), "at most 2,147,483,648 are read"),
        (bytes([0, 0, 0x08, 255]) + bytes(4 * 255), "declares 255 dimensions"),
    ],
)
def test_idx_headers_that_declare_impossible_sizes(tmp_path, header, message):
    (tmp_path / "bad-idx").write_bytes(header + bytes(16))
    with pytest.raises(DatasetError, match=message):
        read_idx(tmp_path / "bad-idx")


def test_a_huge_picture_is_reduced_as_it_loads(tmp_path):
    image = Image.new("L", (9000, 9000), 255)
    ImageDraw.Draw(image).line([(4500, 1000), (4500, 8000)], fill=0, width=400)
    image.save(tmp_path / "big.png")
    del image
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    pixels = read_image(tmp_path / "big.png")
    assert max(pixels.shape) <= 1024
    assert preprocess_drawing(pixels).sum() > 10
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 400_000  # KiB; it took 3 GB


def test_empty_names_and_pipes_are_explained(tmp_path):
    with pytest.raises(DatasetError, match="no dataset given"):
        load_dataset("")
    os.mkfifo(tmp_path / "d.npz")
    with pytest.raises(DatasetError, match="is not a regular file"):
        load_dataset(tmp_path / "d.npz")
