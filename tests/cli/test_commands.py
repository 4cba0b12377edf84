"""Every CLI command run as a subprocess on tiny data, including the error paths."""

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from cli.common import CommandError, drawing_from_file
from cli.train import parse_augment
from engine import load_model
from engine.data import HANDWRITING, OBJECTS, AugmentConfig, model_inputs
from engine.data.augment import describe_augment
from engine.data.judge_sets import load_pen_digits
from engine.presets import build_preset

MAIN = Path(__file__).resolve().parents[2] / "main.py"


def run(*args, cwd):
    result = subprocess.run(
        [sys.executable, str(MAIN), *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=300
    )
    return result.returncode, result.stdout, result.stderr


@pytest.fixture(scope="module")
def workdir(tmp_path_factory, digits):
    """A folder with a tiny dataset (300 train / 100 test real digits) and a model trained on it."""
    folder = tmp_path_factory.mktemp("cli")
    np.savez(
        folder / "tiny.npz",
        x_train=digits["x_train"][:300],
        y_train=digits["y_train"][:300],
        x_test=digits["x_test"][:100],
        y_test=digits["y_test"][:100],
    )
    code, out, err = run(
        "train", "--data", "tiny.npz", "--model", "lab-cnn-light", "--epochs", "2", "--batch-size", "20",
        "--lr", "0.003", "--checkpoint", "ckpt.npz", "--out", "model.npz", cwd=folder,
    )  # fmt: skip
    assert code == 0, err
    folder.joinpath("train_output.txt").write_text(out + "\n---\n" + err)
    return folder


def test_train_prints_epochs_progress_and_a_final_test_accuracy(workdir):
    out, err = workdir.joinpath("train_output.txt").read_text().split("\n---\n")
    plan = re.search(r"^plan: .*$", out, re.M).group(0)
    assert plan.startswith("plan: lab-cnn-light (26,698 parameters), 2 epochs on tiny (270 training, 30 validation")
    assert "adam, learning rate 0.003, constant schedule, batch 20, none augmentation; about 0:" in plan
    assert re.search(r"^epoch 2/2  loss \d\.\d{4}  accuracy \d\.\d{4}  val_loss", out, re.M)
    assert re.search(r"^test_accuracy: (0\.\d{4}|1\.0000)", out, re.M)
    assert "Epoch 1/2 [====" in err  # the progress bar, on stderr
    assert (workdir / "model.npz").exists() and (workdir / "ckpt.npz").exists()
    assert "hint" not in err  # a sane run: the training doctor stays quiet


def test_train_prints_the_doctors_hint_for_a_learning_rate_far_too_high(workdir):
    code, out, err = run("train", "--data", "tiny.npz", "--model", "lab-cnn-light", "--optimizer", "sgd", "--lr", "1",
                         "--epochs", "1", "--batch-size", "20", "--out", "hot.npz", cwd=workdir)  # fmt: skip
    hint = r"^hint \(step \d+\): the learning rate looks too high: .*; lower the learning rate"
    assert re.search(hint, err, re.M), err


def test_evaluate_prints_accuracy_and_loss_lines_then_the_confusion_matrix(workdir):
    code, out, _ = run("evaluate", "model.npz", "--data", "tiny.npz", cwd=workdir)
    assert code == 0
    lines = out.splitlines()
    assert re.fullmatch(r"accuracy: \d\.\d{4}", lines[0]) and re.fullmatch(r"loss: \d+\.\d{4}", lines[1])
    accuracy = float(lines[0].split()[1])
    assert accuracy > 0.3  # 10 classes: chance is 0.1
    assert "true\\pred" in out and "per-class accuracy:" in out
    matrix = [list(map(int, line.split()[1:])) for line in lines if re.match(r"^\d\s+\d", line)]
    assert len(matrix) == 10 and sum(map(sum, matrix)) == 100
    assert abs(sum(matrix[i][i] for i in range(10)) / 100 - accuracy) < 1e-9


def draw_digit(path, strokes, size=(200, 200), ink=0, paper=255, width=14):
    image = Image.new("L", size, paper)
    ImageDraw.Draw(image).line(strokes, fill=ink, width=width)
    image.save(path)


def test_predict_prints_one_tab_separated_line_per_image(workdir):
    draw_digit(workdir / "one.png", [(100, 30), (100, 170)])
    draw_digit(workdir / "seven.jpg", [(50, 40), (150, 40), (90, 170)], ink=255, paper=0)
    code, out, err = run("predict", "model.npz", "one.png", "seven.jpg", cwd=workdir)
    assert code == 0, err
    lines = [line.split("\t") for line in out.splitlines()]
    assert [line[0] for line in lines] == ["one.png", "seven.jpg"]
    # The same answer as the engine's own pipeline: the draw panel's preprocessing, the model's normalisation.
    model = load_model(workdir / "model.npz")
    for name, label, confidence in lines:
        probabilities = model.predict(model_inputs(model, drawing_from_file(workdir / name)[None]))[0]
        assert label == str(probabilities.argmax()) and float(confidence) == pytest.approx(
            probabilities.max(), abs=1e-4
        )


def test_the_shipped_default_model_evaluates_and_reads_drawings(workdir):
    # saved without its optimizer: evaluating must need only the loss
    code, out, err = run("evaluate", "default", "--data", "tiny.npz", cwd=workdir)
    assert code == 0, err
    assert float(re.search(r"^accuracy: (\d\.\d{4})", out, re.M).group(1)) >= 0.95
    draw_digit(workdir / "one.png", [(100, 30), (100, 170)])
    draw_digit(workdir / "seven.jpg", [(50, 40), (150, 40), (90, 170)], ink=255, paper=0)
    code, out, err = run("predict", "default", "one.png", "seven.jpg", cwd=workdir)
    assert code == 0, err
    assert [line.split("\t")[1] for line in out.splitlines()] == ["1", "7"]


def test_evaluate_reads_as_predict_does_with_the_memory_and_says_the_network_alone(workdir):
    pen = load_pen_digits(limit=400)  # real pen digits: where the memory changes answers
    np.savez(workdir / "pen.npz", x_train=pen.x_test[:0], y_train=pen.y_test[:0], x_test=pen.x_test, y_test=pen.y_test)
    code, out, err = run("evaluate", "default", "--data", "pen.npz", cwd=workdir)
    assert code == 0, err
    accuracy = float(re.search(r"^accuracy: (\d\.\d{4})$", out, re.M).group(1))
    memory_line = r"^\(with its memory of 12,000 digits; the network alone: (\d\.\d{4})\)$"
    alone = float(re.search(memory_line, out, re.M).group(1))
    assert accuracy > alone + 0.01, out
    rows = out.split("confusion matrix:\n")[1].splitlines()[1:11]
    matrix = np.array([[int(v) for v in row.split()[1:]] for row in rows])
    assert abs(np.trace(matrix) / matrix.sum() - accuracy) < 1e-4, "the matrix and the accuracy agree"


def test_predict_reports_bad_files_and_still_answers_for_the_good_ones(workdir):
    Image.new("L", (40, 40), 255).save(workdir / "blank.png")
    (workdir / "notes.png").write_text("not an image")
    draw_digit(workdir / "one.png", [(100, 30), (100, 170)])
    code, out, err = run("predict", "model.npz", "blank.png", "notes.png", "nope.png", "one.png", cwd=workdir)
    assert code == 1
    assert out.startswith("one.png\t")
    assert "blank.png: the image is blank" in err and "notes.png: not an image" in err
    assert "nope.png: no such file" in err
    assert "Traceback" not in err


def test_summary_of_a_preset_and_of_a_file(workdir):
    code, out, _ = run("summary", "lab-cnn", cwd=workdir)
    assert code == 0 and "Total params: 421,642" in out and "dense_1 (Dense)" in out
    code, out, _ = run("summary", "model.npz", cwd=workdir)
    assert code == 0 and "Total params: 26,698" in out


@pytest.mark.parametrize("fmt", ["npz", "csv", "txt"])
def test_export_weights(workdir, fmt):
    code, out, err = run("export-weights", "model.npz", "--format", fmt, "--out", f"weights_{fmt}", cwd=workdir)
    assert code == 0, err
    assert "wrote 8 parameter arrays (26,698 values)" in out
    target = workdir / f"weights_{fmt}"
    if fmt == "npz":
        with np.load(target, allow_pickle=False) as arrays:
            assert arrays["conv2d_1.W"].shape == (8, 1, 3, 3)
    elif fmt == "csv":
        bias = np.loadtxt(target / "dense_2.b.csv", delimiter=",")
        assert bias.shape == (10,) and (target / "conv2d_1.W.csv").exists()
    else:
        text = target.read_text()
        assert "# conv2d_1.W  shape (8, 1, 3, 3)  (72 values)" in text and "..." not in text


def test_gradcheck_of_every_layer_and_of_a_preset(workdir):
    code, out, _ = run("gradcheck", "--max-checks", "10", cwd=workdir)
    assert code == 0 and re.search(r"^worst: \d\.\d\de-\d\d \(tolerance 1e-05\)$", out, re.M)
    code, out, _ = run("gradcheck", "lab-cnn-light", cwd=workdir)
    assert code == 0 and "lab-cnn-light: conv2d_1" in out and "FAIL" not in out


def test_bench_prints_the_pinned_lines(workdir):
    code, out, _ = run("bench", "--model", "lab-cnn-light", "--steps", "3", "--batch-size", "16", cwd=workdir)
    assert code == 0
    assert float(re.search(r"^train_images_per_second: ([\d.]+)$", out, re.M).group(1)) > 0
    assert float(re.search(r"^predict_images_per_second: ([\d.]+)$", out, re.M).group(1)) > 0
    assert 10 < float(re.search(r"^peak_memory_mb: ([\d.]+)$", out, re.M).group(1)) < 2000


def test_resume_continues_a_checkpoint(workdir):
    code, out, err = run("train", "--data", "tiny.npz", "--resume", "ckpt.npz", "--epochs", "3", "--out", "m3.npz",
                         cwd=workdir)  # fmt: skip
    assert code == 0, err
    assert "resuming ckpt.npz after epoch 2 (step 28)" in out and "epoch 3/3" in out and "epoch 2/3" not in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["evaluate", "missing.npz"], "error: missing.npz: "),
        (["evaluate", "model.npz", "--data", "nowhere"], "error: nowhere: no such file or folder"),
        (["evaluate", "junk.npz"], "error: junk.npz: "),
        (["summary", "no-such-preset"], "error: no-such-preset: no such model file, and not a preset"),
        (["train", "--data", "tiny.npz", "--lr", "-1", "--out", "x.npz"], "--lr: learning_rate must be a number"),
        (["train", "--data", "tiny.npz", "--label-smoothing", "1", "--out", "x.npz"], "label_smoothing must be"),
        (["train", "--data", "tiny.npz", "--augment", "spin=3", "--out", "x.npz"], "unknown augmentation setting"),
        (["train", "--data", "tiny.npz", "--resume", "plain.npz", "--out", "x.npz"], "not a training checkpoint"),
    ],
)  # fmt: skip
def test_errors_are_one_line_with_exit_status_1(workdir, args, message):
    (workdir / "junk.npz").write_bytes(b"PK\x03\x04 this is not really a zip")
    build_preset("lab-cnn-light").compile("adam").save(workdir / "plain.npz")  # a model, not a checkpoint
    code, out, err = run(*args, cwd=workdir)
    assert code == 1, (out, err)
    error_lines = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(error_lines) == 1 and message in error_lines[0], err
    assert "Traceback" not in err
    assert not (workdir / "x.npz").exists()


def test_usage_errors_exit_2_and_debug_shows_the_traceback(workdir):
    assert run("train", cwd=workdir)[0] == 2  # --out is required
    assert run("evaluate", "model.npz", "--bogus", cwd=workdir)[0] == 2
    assert run("download", "cifar-10", cwd=workdir)[0] == 2
    code, _, err = run("evaluate", "missing.npz", "--debug", cwd=workdir)
    assert code != 0 and "Traceback" in err


def test_train_writes_the_history_and_a_resumed_run_goes_on_with_it(workdir):
    code, out, err = run("train", "--data", "tiny.npz", "--model", "lab-cnn-light", "--epochs", "2", "--history",
                         "h.csv", "--out", "hist.npz", cwd=workdir)  # fmt: skip
    assert code == 0, err
    assert "wrote h.csv (2 epochs)" in out
    lines = (workdir / "h.csv").read_text().splitlines()
    assert lines[0] == "epoch,step,loss,accuracy,val_loss,val_accuracy,learning_rate,seconds,changes"
    assert [line.split(",")[0] for line in lines[1:]] == ["1", "2"]
    code, out, err = run("train", "--resume", "hist.npz", "--epochs", "3", "--lr", "0.0005", "--history", "h3.csv",
                         "--out", "hist3.npz", cwd=workdir)  # fmt: skip
    assert code == 0, err
    lines = (workdir / "h3.csv").read_text().splitlines()
    assert len(lines) == 4 and lines[3].endswith(f"lr 0.001 → 0.0005 from step {int(lines[2].split(',')[1]) + 1}")
    code, _, err = run("train", "--data", "tiny.npz", "--history", ".", "--out", "x.npz", cwd=workdir)
    assert code == 1 and err.startswith("error: --history .: "), err


def test_export_to_pytorch_writes_a_python_file_and_its_weights(workdir):
    code, out, err = run("export", "model.npz", "--format", "pytorch", "--out", "net.py", cwd=workdir)
    assert code == 0, err
    assert out.startswith("wrote net.py (class Net, 26,698 weights) and net.npz"), out
    source = (workdir / "net.py").read_text()
    compile(source, "net.py", "exec")
    assert 'load_weights(net, "net.npz")' in source and "nn.Conv2d(1, 8, 3" in source
    with np.load(workdir / "net.npz", allow_pickle=False) as arrays:
        assert arrays["layers.conv2d_1.weight"].shape == (8, 1, 3, 3)
    code, _, err = run("export", "model.npz", "--format", "pytorch", "--out", "net.npz", cwd=workdir)
    assert code == 1 and err.startswith("error: --out net.npz: the weights go to net.npz beside it"), err
    assert run("export", "model.npz", "--format", "keras", "--out", "m.keras", cwd=workdir)[0] == 2


def test_export_to_onnx_writes_a_file_onnxruntime_runs_as_predict_does(workdir, digits):
    ort = pytest.importorskip("onnxruntime", reason="onnxruntime is a dev dependency: pip install onnxruntime")
    code, out, err = run("export", "model.npz", "--format", "onnx", "--out", "model.onnx", cwd=workdir)
    assert code == 0, err
    assert out == ("wrote model.onnx (26,698 weights): input 'pixels' float32 (N, 1, 28, 28) in [0, 1], output "
                   "'probabilities'\n")  # fmt: skip
    session = ort.InferenceSession(str(workdir / "model.onnx"), providers=["CPUExecutionProvider"])
    images = digits["x_test"][:50]
    (probabilities,) = session.run(None, {"pixels": (images[:, None] / 255).astype(np.float32)})
    model = load_model(workdir / "model.npz")
    np.testing.assert_allclose(probabilities, model.predict(model_inputs(model, images)), atol=1e-5)
    code, _, err = run("export", "default", "--format", "onnx", "--out", "default.onnx", cwd=workdir)
    assert code == 0 and "memory of 12,000 digits is not in the file" in err, err
    code, _, err = run("export", "model.npz", "--format", "onnx", "--out", "model.bin", cwd=workdir)
    assert code == 1 and err == "error: --out model.bin: an ONNX file; name it .onnx\n", err


def test_help_everywhere(workdir):
    for command in ["train", "evaluate", "predict", "summary", "export-weights", "export", "gradcheck", "bench",
                    "download"]:  # fmt: skip
        code, out, _ = run(command, "--help", cwd=workdir)
        assert code == 0 and "usage: main.py" in out


@pytest.mark.parametrize("augment", ["none", "handwriting", "objects", "objects,strength=0.5", "rotation=10,shift=0.1"])
def test_train_with_every_augment_form(workdir, augment):
    code, out, err = run("train", "--data", "tiny.npz", "--model", "lab-cnn-light", "--epochs", "1", "--augment",
                         augment, "--out", "aug.npz", cwd=workdir)  # fmt: skip
    assert code == 0, err
    assert f"{describe_augment(parse_augment(augment))} augmentation" in out


def colour_shapes_folder(folder, per_class=12):
    """A 3-class image folder of RGB pictures: circles, bars and crosses in random colours on light paper."""
    rng = np.random.default_rng(0)
    for name in ("circle", "bar", "cross"):
        (folder / name).mkdir(parents=True)
        for i in range(per_class):
            image = Image.new("RGB", (64, 48), tuple(int(v) for v in rng.integers(200, 256, 3)))
            pen = ImageDraw.Draw(image)
            ink = tuple(int(v) for v in rng.integers(0, 90, 3))
            x, y = (int(v) for v in rng.integers(-4, 5, 2))
            if name == "circle":
                pen.ellipse((18 + x, 10 + y, 46 + x, 38 + y), outline=ink, width=4)
            elif name == "bar":
                pen.line((32 + x, 6 + y, 32 + x, 42 + y), fill=ink, width=5)
            else:
                pen.line((16 + x, 8 + y, 48 + x, 40 + y), fill=ink, width=5)
                pen.line((48 + x, 8 + y, 16 + x, 40 + y), fill=ink, width=5)
            image.save(folder / name / f"{i}.png")
    return folder


def test_train_evaluate_and_predict_on_a_three_class_colour_folder(workdir):
    shapes = colour_shapes_folder(workdir / "shapes")
    code, out, err = run("train", "--data", "shapes", "--model", "lab-cnn-light", "--epochs", "2", "--out",
                         "shapes.npz", cwd=workdir)  # fmt: skip
    assert code == 0, err
    assert "lab-cnn-light (26,467 parameters)" in out  # 3 outputs: 32 * 3 + 3 weights in the last layer
    assert "on shapes (32 training, 4 validation images, 28x28 grey)" in out
    assert "note: read as digit drawings" in err  # drawn lines in colour ink are drawings, not photos
    code, out, err = run("evaluate", "shapes.npz", "--data", "shapes", cwd=workdir)
    assert code == 0, err
    assert "bar" in out and "circle" in out and "cross" in out
    code, out, err = run("predict", "shapes.npz", shapes / "cross" / "0.png", cwd=workdir)
    assert code == 0, err
    assert out.split("\t")[1] in ("bar", "circle", "cross")


def test_augment_takes_a_named_recipe_then_changes_to_it():
    assert parse_augment("handwriting") == HANDWRITING and parse_augment("none") == AugmentConfig()
    assert parse_augment("objects,strength=0.5") == AugmentConfig(flip=0.5, erasing=0.25, strength=0.5)
    assert parse_augment("objects").flip == OBJECTS.flip
    assert parse_augment("flip=0.5,crop=2") == AugmentConfig(flip=0.5, crop=2)
    with pytest.raises(CommandError, match="--augment: augmentation crop must be a whole number of pixels"):
        parse_augment("crop=1.5")


def test_a_bug_inside_the_engine_says_it_is_a_bug_and_debug_shows_where(workdir, monkeypatch, capsys):
    """A programming error is not a user's mistake: say so in one line; --debug re-raises the engine's own error."""
    import main
    from engine import Sequential

    def broken_step(self, x, y):
        raise TypeError("unsupported operand type(s) for +: 'NoneType' and 'int'")

    monkeypatch.chdir(workdir)
    monkeypatch.setattr(Sequential, "train_step", broken_step)
    args = ["train", "--data", "tiny.npz", "--model", "lab-cnn-light", "--epochs", "1", "--out", "bug.npz"]
    # The plan line's time estimate takes steps too: it must not be what fails here.
    monkeypatch.setattr("engine.session.TrainingSession.estimate_seconds", lambda self: 1.0)
    assert main.main(args) == 1
    err = capsys.readouterr().err
    error_lines = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(error_lines) == 1 and "TypeError: unsupported operand" in error_lines[0]
    assert "this is a bug in CNN Studio" in error_lines[0] and "--debug" in error_lines[0]
    with pytest.raises(TypeError, match="unsupported operand") as raised:
        main.main([*args, "--debug"])
    assert raised.traceback[-1].name == "broken_step"  # the engine's own frame, not a re-raised CommandError
    assert not (workdir / "bug.npz").exists()


def test_a_user_mistake_during_training_keeps_its_cause_for_debug(workdir):
    code, _, err = run("train", "--data", "tiny.npz", "--model", "lab-cnn-light", "--optimizer", "sgd", "--lr", "10",
                       "--epochs", "1", "--out", "x.npz", "--debug", cwd=workdir)  # fmt: skip
    assert code == 1 and "DivergenceError" in err and "train_step" in err  # the engine's traceback, then ours


def test_evaluate_and_predict_a_regression_model_show_numbers_not_classes(workdir, digits):
    """A Dense(1) + MSE model that reads a digit's value as a number: loss only, and raw outputs."""
    from engine import Sequential
    from engine.layers import Dense, Flatten, ReLU

    model = Sequential([Flatten(), Dense(784, 32), ReLU(), Dense(32, 1)], input_shape=(1, 28, 28), seed=0)
    model.compile("adam", loss="mse")
    x = (digits["x_train"][:1000] / 255.0).astype(np.float32)[:, None]
    model.fit(x, digits["y_train"][:1000].astype(np.float32), epochs=3, batch_size=32, verbose=0)
    model.save(workdir / "value.npz")
    code, out, err = run("evaluate", "value.npz", "--data", "tiny.npz", cwd=workdir)
    assert code == 0, err
    assert re.match(r"^loss: \d+\.\d{4}$", out.splitlines()[0]) and "accuracy:" not in out and "true\\pred" not in out
    assert "regression model has no accuracy or confusion matrix" in out
    draw_digit(workdir / "one.png", [(100, 30), (100, 170)])
    code, out, err = run("predict", "value.npz", "one.png", cwd=workdir)
    assert code == 0, err
    path, value = out.strip().split("\t")
    assert path == "one.png" and -5 < float(value) < 15  # a number on the digits' scale, not a probability


def test_a_model_ending_in_softmax_trains_and_evaluates_from_the_command_line(workdir):
    """Course code ends its nets in Softmax and uses cross-entropy: the CLI takes such a model file as it is."""
    from engine import Sequential
    from engine.layers import Conv2D, Dense, Flatten, MaxPool2D, ReLU, Softmax

    layers = [Conv2D(1, 8, 3, padding=1), ReLU(), MaxPool2D(2), Flatten(), Dense(8 * 14 * 14, 10), Softmax()]
    Sequential(layers, input_shape=(1, 28, 28), seed=0).compile("adam", loss="cross_entropy").save(workdir / "sm.npz")
    code, out, err = run("train", "--model", "sm.npz", "--data", "tiny.npz", "--epochs", "3", "--lr", "0.003",
                         "--out", "sm_trained.npz", cwd=workdir)  # fmt: skip
    assert code == 0, err
    losses = [float(m) for m in re.findall(r"^epoch \d/3  loss (\d\.\d{4})", out, re.M)]
    assert len(losses) == 3 and losses[-1] < losses[0]
    code, out, err = run("evaluate", "sm_trained.npz", "--data", "tiny.npz", cwd=workdir)
    assert code == 0, err
    assert float(re.search(r"^accuracy: (\d\.\d{4})", out, re.M).group(1)) > 0.5


def test_a_short_run_of_the_default_preset_gets_the_recipe_for_its_budget_and_flags_still_win(workdir):
    code, out, err = run("train", "--data", "tiny.npz", "--epochs", "2", "--out", "short.npz", cwd=workdir)
    assert code == 0, err
    plan = re.search(r"^plan: .*$", out, re.M).group(0)
    assert ("adam, learning rate 0.01, cosine schedule, batch 32, 0.3 epochs of warm-up, label smoothing 0.1, "
            "handwriting at 20% augmentation; about") in plan, plan  # fmt: skip
    code, out, err = run("train", "--data", "tiny.npz", "--epochs", "2", "--lr", "0.004", "--batch-size", "16",
                         "--out", "short.npz", cwd=workdir)  # fmt: skip
    assert code == 0, err
    assert "learning rate 0.004, cosine schedule, batch 16, 0.3 epochs of warm-up" in out


def test_train_help_says_the_defaults_a_run_really_gets(workdir):
    code, out, _ = run("train", "--help", cwd=workdir)
    text = " ".join(out.split())
    assert code == 0
    assert "passes over the training data (default: the preset's recipe, 30 for mini-resnet; else 10)" in text
    assert ("learning rate (default: the preset's recipe for the epochs asked: for mini-resnet, 0.002 for 30 epochs "
            "or more, 0.01 for 3 or fewer, in between for budgets in between; else 0.001)") in text  # fmt: skip
    assert "images per step (default: the preset's recipe for the epochs asked: for mini-resnet, 64 for 30" in text
    assert "at strength 0.2 for 3 epochs or fewer, rising to 1 at 30), else none" in text  # augmentation
    assert (
        "or exponential (x --decay-rate per --decay-epochs, smoothly; default 0.9 per epoch) (default: the "
        "preset's recipe, cosine for mini-resnet; else constant)" in text
    )


def test_a_diverging_run_saves_the_weights_it_rolled_back_to_and_says_so(workdir):
    code, out, err = run("train", "--data", "tiny.npz", "--model", "lab-cnn-light", "--optimizer", "sgd", "--lr", "10",
                         "--epochs", "1", "--out", "diverged.npz", cwd=workdir)  # fmt: skip
    assert code == 1 and "Traceback" not in err
    (line,) = [line for line in err.splitlines() if line.startswith("error:")]
    assert line.startswith("error: training failed: ") and "lower the learning rate" in line
    assert "back as they were at the start of the run; saved them in diverged.npz" in line
    saved = load_model(workdir / "diverged.npz")
    for kept, fresh in zip(saved.get_weights(), build_preset("lab-cnn-light", seed=0).get_weights(), strict=True):
        np.testing.assert_array_equal(kept, fresh)  # the weights it started with, not the blown-up ones


def test_step_and_exponential_decay_from_the_command_line(workdir):
    code, out, err = run("train", "--data", "tiny.npz", "--model", "lab-cnn-light", "--epochs", "1", "--schedule",
                         "exponential", "--decay-rate", "0.99", "--out", "decay.npz", cwd=workdir)  # fmt: skip
    assert code == 0, err
    assert "exponential schedule (x0.99 every epoch)" in out
    code, _, err = run("train", "--data", "tiny.npz", "--schedule", "step", "--decay-epochs", "-1", "--out", "x.npz",
                       cwd=workdir)  # fmt: skip
    assert code == 1 and err.startswith("error: --decay-epochs: decay_epochs must be a number")
