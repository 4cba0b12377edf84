"""The user's own data through the real commands, as the README writes them: a colour photo folder, a Kaggle
CSV, the homework's .mat, an .npz with other names, a TF2-notes picture list."""

import re

import numpy as np
import pytest
from PIL import Image

import main
from engine import load_model
from tests.cli.test_commands import run
from tests.http_server import FileServer
from tests.own_data import SHAPES, homework_mat, kaggle_csv, photo_folder, serve_cifar


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("own-data")


def test_a_three_class_colour_photo_folder_trains_evaluates_and_predicts(folder):
    photo_folder(folder / "shapes", per_class=60, test_per_class=20)
    code, out, err = run("train", "--data", "shapes", "--model", "lab-cnn-light", "--epochs", "10", "--lr", "0.003",
                         "--out", "shapes.npz", cwd=folder)  # fmt: skip
    assert code == 0, err
    assert "note: read as photos: 48x48 colour (aspect ratio kept, padded with black)" in err
    assert "on shapes (162 training, 18 validation images, 48x48 colour)" in out
    accuracy = float(re.search(r"^test_accuracy: (\S+)", out, re.M).group(1))
    assert accuracy > 0.5  # chance is 1/3: the shapes were learnt, in colour, at 48x48 (measured: 0.63)
    code, out, err = run("evaluate", "shapes.npz", "--data", "shapes", cwd=folder)
    assert code == 0, err
    assert "60 test images of shapes" in out and all(f"  {name} " in out for name in SHAPES)
    code, out, err = run("predict", "shapes.npz", "shapes/test/disc/0.png", "shapes/test/square/1.jpg", cwd=folder)
    assert code == 0, err
    assert [line.split("\t")[1] in SHAPES for line in out.splitlines()] == [True, True]
    code, out, err = run("evaluate", "shapes.npz", cwd=folder)  # the digits: another shape of image
    assert code == 1 and err.strip() == (
        "error: shapes.npz: the model reads 3x48x48 images (channels x height x width), but mnist-embedded's are "
        "1x28x28; train a preset on this data, or read its pictures to fit with --image-size/--channels"
    )
    code, _, err = run("predict", "shapes.npz", "shapes/test/disc/0.png", "--explain", "why", cwd=folder)
    assert code == 1 and err.startswith("error: --explain: explains digit models")


def test_grey_and_smaller_when_asked(folder):
    photo_folder(folder / "small", per_class=5)
    code, out, err = run("train", "--data", "small", "--channels", "1", "--image-size", "24", "--model", "mini-resnet",
                         "--epochs", "1", "--out", "small.npz", cwd=folder)  # fmt: skip
    assert code == 0, err
    assert "24x24 grey" in out
    code, _, err = run("train", "--data", "small", "--image-size", "2", "--out", "x.npz", cwd=folder)
    assert code == 1 and err.startswith("error: --image-size: image size must be a whole number of pixels from 4")
    code, _, err = run("train", "--data", "small", "--pipeline", "digits", "--channels", "3", "--out", "x.npz",
                       cwd=folder)  # fmt: skip
    assert code == 1 and err.startswith("error: --pipeline: the digits pipeline makes 28x28 grey images")


def test_a_kaggle_csv_trains_and_its_test_csv_becomes_a_submission(folder, digits):
    kaggle_csv(folder / "train.csv", digits["x_train"][:400], digits["y_train"][:400])
    kaggle_csv(folder / "test.csv", digits["x_test"][:50], None)
    code, out, err = run("train", "--data", "train.csv", "--model", "lab-cnn-light", "--epochs", "3", "--lr", "0.003",
                         "--out", "kaggle.npz", cwd=folder)  # fmt: skip
    assert code == 0, err
    assert "on train (360 training, 40 validation images, 28x28 grey)" in out
    code, out, err = run("predict", "kaggle.npz", "test.csv", "--submission", "submission.csv", cwd=folder)
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == 50 and lines[0].startswith("test.csv:1\t") and lines[-1].startswith("test.csv:50\t")
    submission = (folder / "submission.csv").read_text().splitlines()
    assert submission[0] == "ImageId,Label" and len(submission) == 51 and submission[1].startswith("1,")
    predicted = np.array([int(line.split(",")[1]) for line in submission[1:]])
    assert np.mean(predicted == digits["y_test"][:50]) > 0.6  # measured: 0.8 after 3 epochs on 400 digits
    code, _, err = run("train", "--data", "test.csv", "--out", "x.npz", cwd=folder)
    assert code == 1 and "test.csv: has no label column, so it cannot be trained on" in err


def test_the_homeworks_mat_file_and_an_npz_with_other_names(folder, digits):
    homework_mat(folder / "MNISTData.mat", digits)
    code, out, err = run("train", "--data", "MNISTData.mat", "--model", "lab-cnn-light", "--epochs", "1",
                         "--out", "mat.npz", cwd=folder)  # fmt: skip
    assert code == 0, err
    assert "on MNISTData (270 training, 30 validation images, 28x28 grey)" in out and "100 images)" in out
    code, out, err = run("evaluate", "mat.npz", "--data", "MNISTData.mat", cwd=folder)
    assert code == 0 and "100 test images of MNISTData" in out, err
    np.savez(
        folder / "mine.npz", pics=digits["x_train"][:100].reshape(100, 784), answers=np.eye(10)[digits["y_train"][:100]]
    )
    code, _, err = run("train", "--data", "mine.npz", "--out", "x.npz", cwd=folder)
    assert code == 1 and "mine.npz: found no images and labels among its arrays answers, pics" in err
    assert "name them with --keys" in err
    code, out, err = run("train", "--data", "mine.npz", "--keys", "pics,answers", "--model", "mlp", "--epochs", "1",
                         "--out", "mine-model.npz", cwd=folder)  # fmt: skip
    assert code == 0, err
    assert "on mine (90 training, 10 validation images, 28x28 grey)" in out


def test_a_picture_list_as_the_tf2_notes_build_their_own_dataset(folder, digits):
    pictures = folder / "mnist_train_jpg_60"
    pictures.mkdir()
    lines = []
    for i in range(60):
        label = digits["y_train"][i]
        Image.fromarray(255 - digits["x_train"][i]).resize((56, 56)).save(pictures / f"{i}_{label}.jpg")
        lines.append(f"{i}_{label}.jpg {label}")
    (folder / "mnist_train_jpg_60.txt").write_text("\n".join(lines) + "\n")
    code, out, err = run("train", "--data", "mnist_train_jpg_60.txt", "--model", "lab-cnn-light", "--epochs", "1",
                         "--out", "list.npz", cwd=folder)  # fmt: skip
    assert code == 0, err
    assert "note: read as digit drawings" in err and "on mnist_train_jpg_60 (54 training, 6 validation" in out


def test_download_cifar10_then_train_and_evaluate_on_it(tmp_path, monkeypatch, capsys):
    with FileServer() as server:
        serve_cifar(server, tmp_path, monkeypatch)
        assert main.main(["download", "cifar10"]) == 0
    captured = capsys.readouterr()
    assert f"cifar10: ready in {tmp_path / 'cache' / 'cifar10'}" in captured.out
    assert "cifar-10-binary.tar.gz" in captured.err  # the progress bar
    out = tmp_path / "cifar.npz"
    assert main.main(["train", "--data", "cifar10", "--model", "mini-resnet", "--epochs", "1", "--out", str(out)]) == 0
    assert "on cifar10 (18 training, 2 validation images, 32x32 colour)" in capsys.readouterr().out
    assert load_model(out).input_shape == (3, 32, 32)
    assert main.main(["evaluate", str(out), "--data", "cifar10"]) == 0
    assert "airplane" in capsys.readouterr().out
    notes = tmp_path / "notes.npz"  # the TF2 notes' own network for it, at the notes' batch of 32
    assert (
        main.main(["train", "--data", "cifar10", "--model", "tf2-baseline", "--epochs", "1", "--out", str(notes)]) == 0
    )
    plan = capsys.readouterr().out
    assert "plan: tf2-baseline (198,494 parameters)" in plan and "batch 32" in plan
