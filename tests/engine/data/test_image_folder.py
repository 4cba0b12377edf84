"""Image folders: classes from sub-folders, junk skipped with a count, clear errors."""

import numpy as np
import pytest
from PIL import Image

from engine.data import DatasetError, load_dataset, load_image_folder


def save_digit(path, digit_image, colour=False):
    """Save an MNIST digit enlarged and dark-on-light, as a user's scan would be."""
    paper = Image.fromarray(255 - digit_image).resize((84, 84))
    (paper.convert("RGB") if colour else paper).save(path)


@pytest.fixture
def folder(tmp_path, digits):
    root = tmp_path / "my-digits"
    for label in (3, 7, 10):  # "10" sorts after "7" numerically
        (root / str(label)).mkdir(parents=True)
    threes = digits["x_test"][digits["y_test"] == 3][:4]
    sevens = digits["x_test"][digits["y_test"] == 7][:3]
    for i, image in enumerate(threes):
        save_digit(root / "3" / f"{i}.png", image)
    for i, image in enumerate(sevens):
        save_digit(root / "7" / f"{i}.jpg", image, colour=True)
    save_digit(root / "10" / "a.bmp", sevens[0])
    return root


def test_classes_and_images(folder, digits):
    data = load_dataset(folder)
    assert data.class_names == ["3", "7", "10"]
    assert np.bincount(data.y_train).tolist() == [4, 3, 1]
    assert data.x_train.shape == (8, 28, 28) and data.x_train.dtype == np.uint8
    original = digits["x_test"][digits["y_test"] == 3][0] / 255.0
    assert np.corrcoef(data.x_train[0].ravel() / 255.0, original.ravel())[0, 1] > 0.7  # unrelated digits: ~0.2
    assert data.pipeline == "digits" and data.notes[0].startswith("read as digit drawings")  # colour JPEGs too


def test_junk_files_are_skipped_and_counted(folder):
    (folder / "3" / "notes.txt").write_text("not an image")
    (folder / "7" / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n broken")
    Image.new("L", (50, 50), 255).save(folder / "7" / "blank.png")
    data = load_image_folder(folder)
    assert len(data.x_train) == 8
    assert data.notes[1:] == ["skipped 2 non-image file(s) and 1 blank image(s)"]


def test_nothing_usable_is_an_error(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_text("hello")
    message = r"\(1 class folder\(s\)\): no usable images among 1 file\(s\) \(skipped 1 non-image"
    with pytest.raises(DatasetError, match=message):
        load_dataset(tmp_path)


def test_folder_without_class_folders(tmp_path):
    with pytest.raises(DatasetError, match="no class sub-folders"):
        load_dataset(tmp_path)


def test_decompression_bomb_is_refused(folder, monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)  # our 84x84 files now count as bombs
    with pytest.raises(DatasetError, match="too many pixels"):
        load_image_folder(folder)
