"""Own data of any shape: array layouts, .npz and .mat under any names, pixel tables, picture lists, photo
folders, and each one's broken variants."""

import numpy as np
import pytest
from PIL import Image

from engine.data import DataOptions, DatasetError, load_dataset
from engine.data.arrays import images_from_array, labels_from_array, paired, pick_arrays
from engine.data.augment import AugmentConfig, Augmenter
from engine.data.pictures import colourful, fit_photo
from tests.own_data import SHAPES, homework_mat, kaggle_csv, photo_folder


def test_every_common_image_layout_becomes_the_networks_layout(rng):
    grey = rng.integers(0, 256, (5, 28, 28), dtype=np.uint8)
    colour = rng.integers(0, 256, (5, 3, 32, 32), dtype=np.uint8)
    assert np.array_equal(images_from_array(grey.reshape(5, 784), "f"), grey)
    assert np.array_equal(images_from_array(grey[..., None], "f"), grey)  # (N, H, W, 1)
    assert np.array_equal(images_from_array(grey[:, None], "f"), grey)  # (N, 1, H, W)
    assert np.array_equal(images_from_array(colour.transpose(0, 2, 3, 1), "f"), colour)  # (N, H, W, C)
    assert np.array_equal(images_from_array(colour, "f"), colour)
    rgba = np.concatenate([colour, np.full((5, 1, 32, 32), 255, np.uint8)], axis=1).transpose(0, 2, 3, 1)
    assert np.array_equal(images_from_array(rgba, "f"), colour)  # the alpha channel is dropped
    assert np.array_equal(images_from_array(np.moveaxis(grey, 0, -1), "f", sample_axis=2), grey)  # MATLAB's


@pytest.mark.parametrize(
    "shape, message",
    [
        ((5, 783), "rows of 783 pixels are not square images"),
        ((5, 8, 8, 7), r"images of shape \(5, 8, 8, 7\) have neither 1 or 3 channels first \(N, C, H, W\) nor last"),
        ((5,), r"images must be \(N, pixels\)"),
    ],
)
def test_image_layouts_that_cannot_be_read_are_named(shape, message):
    with pytest.raises(DatasetError, match="data.npz: x_train: " + message):
        images_from_array(np.zeros(shape), "data.npz: x_train")


def test_labels_as_numbers_columns_or_one_hot():
    labels = np.array([3, 0, 2, 2])
    one_hot = np.eye(4)[labels]
    assert labels_from_array(one_hot, "f").tolist() == [3, 0, 2, 2]
    assert labels_from_array(one_hot.T, "f", count=4).tolist() == [3, 0, 2, 2]  # (K, N) with K == N: rows win
    assert labels_from_array(np.eye(10)[labels].T, "f", count=4).tolist() == [3, 0, 2, 2]  # MATLAB's (10, N)
    assert labels_from_array(labels[:, None].astype(np.float64), "f").tolist() == [3, 0, 2, 2]
    with pytest.raises(DatasetError, match=r"f: labels of shape \(4, 4\) are not one-hot"):
        labels_from_array(one_hot * 0.5, "f")
    with pytest.raises(DatasetError, match="whole class numbers, found values like 0.5"):
        labels_from_array(np.array([0.5, 1.0]), "f")
    with pytest.raises(DatasetError, match="labels must be numbers"):
        labels_from_array(np.array(["a", "b"]), "f")


def test_arrays_are_found_under_the_usual_names_or_the_given_keys():
    arrays = {"Train_Images": np.zeros((2, 4, 4)), "TRAIN_LABELS": np.zeros(2), "test_x": np.ones((1, 4, 4)),
              "test_y": np.ones(1)}  # fmt: skip
    picked = pick_arrays(arrays, "f")
    assert picked["x_train"] is arrays["Train_Images"] and picked["y_test"] is arrays["test_y"]
    assert pick_arrays(arrays, "f", ("test_x", "test_y"))["x_test"] is None
    with pytest.raises(DatasetError, match="f: has no array imgs"):
        pick_arrays(arrays, "f", ("imgs", "test_y"))
    with pytest.raises(DatasetError, match="found no images and labels among its arrays a, b; name them with --keys"):
        pick_arrays({"a": np.zeros(2), "b": np.zeros(2)}, "f")


def test_image_and_label_counts_must_meet():
    with pytest.raises(DatasetError, match=r"3 labels do not match images of shape \(4, 8, 8\)"):
        paired(np.zeros((4, 8, 8)), np.zeros(3), "f")


def test_an_npz_with_other_names_flat_images_and_one_hot_labels(tmp_path, digits):
    x, y = digits["x_train"][:50], digits["y_train"][:50]
    np.savez(tmp_path / "mnist.npz", train_images=x.reshape(50, 784), train_labels=np.eye(10)[y],
             test_images=x[:10], test_labels=y[:10])  # fmt: skip
    data = load_dataset(tmp_path / "mnist.npz")
    assert np.array_equal(data.x_train, x) and np.array_equal(data.y_train, y) and len(data.x_test) == 10
    np.savez(tmp_path / "odd.npz", pics=x, answers=y)
    with pytest.raises(DatasetError, match="odd.npz: found no images and labels among its arrays answers, pics"):
        load_dataset(tmp_path / "odd.npz")
    assert len(load_dataset(tmp_path / "odd.npz", DataOptions(keys=("pics", "answers"))).x_train) == 50


def test_a_single_array_saved_as_npz_is_named(tmp_path):
    with open(tmp_path / "one.npz", "wb") as file:
        np.save(file, np.zeros((3, 28, 28)))
    with pytest.raises(DatasetError, match=r"one.npz: holds one array \(a .npy file\), not named images and labels"):
        load_dataset(tmp_path / "one.npz")


def test_colour_npz_channel_last_gives_a_colour_dataset(tmp_path, rng):
    x = rng.integers(0, 256, (20, 32, 32, 3), dtype=np.uint8)
    np.savez(tmp_path / "cifar.npz", x_train=x, y_train=np.arange(20) % 10)
    data = load_dataset(tmp_path / "cifar.npz")
    assert data.input_shape == (3, 32, 32) and data.x_train.shape == (20, 3, 32, 32) and data.pipeline == "photos"
    assert np.array_equal(data.x_train[4, 1], x[4, :, :, 1])


def test_the_homeworks_mat_file_reads_back_the_digits(tmp_path, digits):
    data = load_dataset(homework_mat(tmp_path / "MNISTData.mat", digits))
    assert data.x_train.shape == (300, 28, 28) and data.x_test.shape == (100, 28, 28)
    assert np.array_equal(data.x_train, digits["x_train"][:300]) and np.array_equal(data.y_test, digits["y_test"][:100])


def test_mat_files_scipy_cannot_read_are_named(tmp_path):
    v73 = tmp_path / "v73.mat"  # the header MATLAB writes before the HDF5 contents of a -v7.3 file
    v73.write_bytes(b"MATLAB 7.3 MAT-file, Platform: GLNXA64".ljust(116, b" ") + bytes(8) + b"\x00\x02IM" + bytes(512))
    with pytest.raises(DatasetError, match=r"v73.mat: a MATLAB v7.3 \(HDF5\) file, which scipy cannot read"):
        load_dataset(v73)
    junk = tmp_path / "junk.mat"
    junk.write_bytes(b"hello, not a mat file at all" * 10)
    with pytest.raises(DatasetError, match="junk.mat: not a readable .mat file"):
        load_dataset(junk)


@pytest.mark.parametrize("header", [True, False])
def test_a_kaggle_table_with_or_without_a_header(tmp_path, digits, header):
    x, y = digits["x_train"][:40], digits["y_train"][:40]
    data = load_dataset(kaggle_csv(tmp_path / "train.csv", x, y, header=header))
    assert np.array_equal(data.x_train, x) and np.array_equal(data.y_train, y)


@pytest.mark.parametrize(
    "text, message",
    [
        ("pixel0,pixel1,pixel2,pixel3\n1,2,3,4\n", "has no label column, so it cannot be trained on"),
        ("label,a,b,c\n1,2,3,4\n", "3 pixel columns are not a square image"),
        ("label,a,b,c,d\n1,2,x,4,5\n", "not a table of numbers"),
        ("label" + ",p" * 16 + "\n1" + ",2" * 15 + ",300\n", "must hold values in"),
        ("", "is empty"),
    ],
)
def test_broken_tables(tmp_path, text, message):
    (tmp_path / "t.csv").write_text(text)
    with pytest.raises(DatasetError, match=message):
        load_dataset(tmp_path / "t.csv")


def test_a_picture_list_laid_out_as_the_tf2_notes_do(tmp_path, digits):
    folder = tmp_path / "mnist_train_jpg"
    folder.mkdir()
    lines = []
    for i in range(12):
        Image.fromarray(digits["x_train"][i]).save(folder / f"{i}_{digits['y_train'][i]}.jpg")
        lines.append(f"{i}_{digits['y_train'][i]}.jpg {digits['y_train'][i]}")
    (tmp_path / "mnist_train_jpg.txt").write_text("\n".join(lines) + "\n")
    data = load_dataset(tmp_path / "mnist_train_jpg.txt")
    assert len(data.x_train) == 12 and data.y_train.tolist() == digits["y_train"][:12].tolist()
    assert data.pipeline == "digits"
    (tmp_path / "named.csv").write_text("path,label\n" + "".join(f"mnist_train_jpg/{i}_{digits['y_train'][i]}.jpg,"
                                        f"{'odd' if i % 2 else 'even'}\n" for i in range(6)))  # fmt: skip
    named = load_dataset(tmp_path / "named.csv")
    assert named.class_names == ["even", "odd"] and named.y_train.tolist() == [0, 1, 0, 1, 0, 1]
    (tmp_path / "missing.txt").write_text(f"nowhere.jpg 3\nmnist_train_jpg/{lines[0]}\n")
    with pytest.raises(DatasetError, match=r"missing.txt: 1 listed picture\(s\) not found, e.g. nowhere.jpg"):
        load_dataset(tmp_path / "missing.txt")
    (tmp_path / "mixed.txt").write_text(f"mnist_train_jpg/{lines[0].split()[0]} 5\nmnist_train_jpg/{lines[1]}x\n")
    with pytest.raises(DatasetError, match="mixes numbers and names as labels"):
        load_dataset(tmp_path / "mixed.txt")


def test_a_photo_folder_with_train_and_test_parts_keeps_colour_and_size(tmp_path):
    data = load_dataset(photo_folder(tmp_path / "shapes", per_class=4, test_per_class=2))
    assert data.class_names == list(sorted(SHAPES)) and data.pipeline == "photos"
    assert data.x_train.shape == (12, 3, 48, 48) and data.x_test.shape == (6, 3, 48, 48)
    assert "read as photos: 48x48 colour" in data.notes[0]
    grey = load_dataset(tmp_path / "shapes", DataOptions(channels=1, size=24))
    assert grey.x_train.shape == (12, 24, 24) and grey.input_shape == (1, 24, 24)
    (tmp_path / "shapes" / "test" / "star").mkdir()
    with pytest.raises(DatasetError, match="classes star are not in"):
        load_dataset(tmp_path / "shapes")


def test_photos_keep_their_aspect_ratio_padded_not_stretched():
    wide = np.zeros((20, 40, 3), np.uint8)
    wide[...] = (200, 40, 10)
    fitted = fit_photo(wide, 16, 3)
    assert fitted.shape == (3, 16, 16)
    assert np.all(fitted[:, :4] == 0) and np.all(fitted[:, -4:] == 0)  # black bars above and below
    assert np.all(fitted[0, 4:12] == 200) and np.all(fitted[2, 4:12] == 10)


def test_drawings_are_told_from_photos_by_their_colour():
    paper = np.full((30, 30, 3), (235, 225, 205), np.uint8)  # tinted paper, dark ink: a drawing
    paper[10:20, 14:16] = (20, 20, 60)
    assert not colourful(paper)
    photo = np.zeros((30, 30, 3), np.uint8)
    photo[:, :15] = (200, 30, 30)
    photo[:, 15:] = (30, 160, 40)
    assert colourful(photo)


def test_a_colour_images_channels_move_together_when_augmented(digits):
    grey = digits["x_train"][:16, None].astype(np.float32) / 255
    colour = np.concatenate([grey, grey * 0.5, grey * 0.25], axis=1)
    config = AugmentConfig(rotation=15, shift=0.1, elastic=1.4, crop=2, flip=0.5)
    moved = Augmenter(config, seed=3)(colour)
    reference = Augmenter(config, seed=3)(grey)  # the same random draws: one map per image, whatever its channels
    assert moved.shape == colour.shape and not np.allclose(reference, grey)
    for channel, share in enumerate((1, 0.5, 0.25)):
        np.testing.assert_allclose(moved[:, channel], reference[:, 0] * share, atol=1e-6)
