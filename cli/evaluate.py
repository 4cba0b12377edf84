"""``evaluate`` and ``predict``: a trained model on a dataset, or on image files."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from PIL import Image

from engine import load_model
from engine.data import DatasetError, class_names_of, load_dataset, model_inputs
from engine.data.dataset import DIGITS
from engine.data.drawing import preprocess_drawing, to_grayscale
from engine.data.pictures import model_reading, read_image
from engine.data.tables import is_picture_list, read_pixel_table
from engine.explain import digit_index, drawing_overlay, explanation_picture, occlusion_map, on_drawing
from engine.files import atomic_write
from engine.metrics import confusion_matrix, per_class_accuracy

from .common import (
    CommandError,
    add_data_arguments,
    check_input_shape,
    data_options,
    picture_from_file,
    writable_output,
)


def format_confusion(matrix: np.ndarray, names: list[str]) -> str:
    """The matrix as aligned text: a row per true class, a column per predicted class."""
    corner = "true\\pred"
    first = max(len(corner), *(len(n) for n in names))
    width = max(5, len(str(matrix.max())) + 1, *(min(len(n), 10) + 1 for n in names))
    lines = [corner.ljust(first) + "".join(n[: width - 1].rjust(width) for n in names)]
    for name, row in zip(names, matrix, strict=True):
        lines.append(name.ljust(first) + "".join(str(v).rjust(width) for v in row))
    return "\n".join(lines)


def evaluate_command(args) -> int:
    """Accuracy, loss, confusion matrix and per-class accuracy of MODEL on a dataset's test images."""
    model = load_model(args.model)
    dataset = test_dataset(args, model, args.model)
    x, y, part = dataset.x_test, dataset.y_test, "test"
    if len(x) == 0:  # e.g. an image folder: all of it is one part
        x, y, part = dataset.x_train, dataset.y_train, "all"
        print(f"note: {dataset.name} has no separate test images; evaluating on all {len(x)}", file=sys.stderr)
    if model.loss is None:
        model.compile()  # evaluate needs a loss; the optimizer is never used here
    inputs = model_inputs(model, x)
    if model.is_regression:  # numbers, not classes: the loss is all there is to report
        print(f"loss: {model.evaluate(inputs, y)['loss']:.4f}")
        print(f"({len(x)} {part} images of {dataset.name}; a regression model has no accuracy or confusion matrix)")
        return 0
    check_classifies(model, dataset, args.model)
    scores = model.evaluate(inputs, y)  # the network alone
    names = dataset.class_names
    predicted = model.predict_classes(inputs)  # as predict reads: with the model's memory, if it has one
    print(f"accuracy: {np.mean(predicted == y):.4f}")
    if model.memory is not None and model.memory.fresh(model):
        print(f"(with its memory of {len(model.memory):,} digits; the network alone: {scores['accuracy']:.4f})")
    print(f"loss: {scores['loss']:.4f}")
    print(f"\n{len(x)} {part} images of {dataset.name}; confusion matrix:")
    matrix = confusion_matrix(y, predicted, len(names))
    print(format_confusion(matrix, names))
    print("\nper-class accuracy:")
    for k, (name, share) in enumerate(zip(names, per_class_accuracy(matrix), strict=True)):
        shown = f"{share:.4f}" if share == share else "  n/a "
        print(f"  {name:<12} {shown}  ({matrix[k, k]}/{matrix[k].sum()})")
    return 0


def test_dataset(args, model, name: str):
    """``--data`` read for ``model`` (as it read its training pictures), cut to ``--max-images``, checked to fit."""
    dataset = load_dataset(args.data, data_options(args, model))
    if args.max_images is not None:
        dataset = dataset.take(args.max_images)
    check_input_shape(model, dataset, name)
    return dataset


def check_classifies(model, dataset, name: str) -> None:
    """A CommandError unless ``model`` has an output for every class of ``dataset``."""
    (outputs,) = model.output_shape()
    if outputs < dataset.num_classes:
        raise CommandError(f"{name}: predicts {outputs} classes, but {dataset.name} has {dataset.num_classes}")


def predict_command(args) -> int:
    """One line per image: path<TAB>label<TAB>confidence (a regression model: path<TAB>its outputs). Pictures are
    read the way the model's training pictures were (a digit model: the draw panel's preprocessing); a table of
    pixel rows (.csv, like Kaggle's test.csv) gives one line per row, named FILE:ROW."""
    if args.submission:
        writable_output(args.submission, "--submission")  # before the work, not after it
    model = load_model(args.model)
    if args.explain and model_reading(model.input_shape, model.metadata.get("pipeline")).pipeline != DIGITS:
        raise CommandError("--explain: explains digit models (saliency on the drawing, nearest training digits); "
                           f"{args.model} reads photos")  # fmt: skip
    paths, images, failed = [], [], 0
    for name in args.images:
        try:
            found = _table_rows(Path(name), model) if Path(name).suffix.lower() == ".csv" else None
            if found is not None:
                paths += found[0]
                images += list(found[1])
                continue
            image = picture_from_file(Path(name), model)
        except DatasetError as error:
            print(f"error: {error}", file=sys.stderr)
            failed += 1
            continue
        if image is None:
            print(f"error: {name}: the image is blank (no ink found)", file=sys.stderr)
            failed += 1
            continue
        paths.append(name)
        images.append(image)
    if images:
        outputs = model.predict(model_inputs(model, np.stack(images)))  # one batch for all files
        if model.is_regression:
            for path, row in zip(paths, outputs, strict=True):
                print(path + "\t" + "\t".join(f"{value:.6g}" for value in np.ravel(row)))
            return 1 if failed else 0
        names = class_names_of(model)
        for path, row in zip(paths, outputs, strict=True):
            best = int(row.argmax())
            print(f"{path}\t{names[best]}\t{row[best]:.4f}")
        if args.submission:
            _write_submission(Path(args.submission), [names[int(k)] for k in outputs.argmax(axis=1)])
        if args.explain:
            explain(model, paths, images, outputs, names, Path(args.explain))
    return 1 if failed else 0


def _table_rows(path: Path, model) -> tuple[list[str], np.ndarray] | None:
    """``(names, images)`` of a table of pixel rows, each scaled to [0, 1]; None when the .csv lists pictures."""
    if is_picture_list(path):
        return None
    images, _ = read_pixel_table(path)
    expected = model.input_shape[1:] if model.input_shape[0] == 1 else None
    if expected is None or images.shape[1:] != tuple(expected):
        shape = "x".join(map(str, model.input_shape))
        side = f"{images.shape[1]}x{images.shape[2]}"
        raise DatasetError(f"{path}: rows of {side} pixels, but {model.name} reads {shape} images")
    scale = np.float32(1) if images.max(initial=0) <= 1 else np.float32(1 / 255)
    return [f"{path}:{row}" for row in range(1, len(images) + 1)], images * scale


def _write_submission(path: Path, labels: list[str]) -> None:
    """Kaggle's submission file: a header, then ``ImageId,Label`` from 1."""
    lines = ["ImageId,Label", *(f"{number},{label}" for number, label in enumerate(labels, 1))]
    text = "\n".join(lines) + "\n"
    atomic_write(path, lambda file: file.write(text.encode()))
    print(f"wrote {path} ({len(labels)} predictions)", file=sys.stderr)


def explain(model, paths, images, outputs, names, folder: Path) -> None:
    """``--explain``: saliency overlays (on the 28x28 input and on the picture) and the nearest remembered
    digits for every image, as PNGs in ``folder``;
    on stderr the top 3, the neighbours' labels and whether the image looks like a digit at all."""
    folder.mkdir(parents=True, exist_ok=True)
    index = digit_index(model)
    for path, image, row in zip(paths, images, outputs, strict=True):
        found = index.query(model, image)
        saliency = occlusion_map(model, image)
        pixels = read_image(Path(path))  # read once more, to paint the saliency over the picture itself
        _, steps = preprocess_drawing(pixels, return_steps=True)
        drawing = drawing_overlay(to_grayscale(pixels), on_drawing(saliency, steps.placement), 28 * 8)
        picture = explanation_picture(image, saliency, index.images[found.indices], drawing=drawing)
        target = folder / f"{Path(path).stem}_explained.png"
        Image.fromarray(picture).save(target)
        top = "  ".join(f"{names[k]} {row[k]:.0%}" for k in np.argsort(row)[::-1][:3])
        like = " ".join(names[k] for k in found.labels)
        verdict = "; it looks unlike any digit the model knows: the answer is a guess" if found.unlike_digits else ""
        print(f"{path}: top 3 {top}; nearest training digits {like}{verdict}; wrote {target}", file=sys.stderr)


def add_evaluate_parsers(commands) -> None:
    evaluate = commands.add_parser(
        "evaluate", help="test accuracy and confusion matrix", description=evaluate_command.__doc__
    )
    evaluate.add_argument("model", metavar="MODEL", help="a saved model file, or 'default'")
    add_data_arguments(evaluate)
    evaluate.add_argument("--max-images", type=int, metavar="N", help="evaluate on the first N test images only")
    evaluate.set_defaults(handler=evaluate_command)

    predict = commands.add_parser("predict", help="classify image files", description=predict_command.__doc__)
    predict.add_argument("model", metavar="MODEL", help="a saved model file, or 'default'")
    predict.add_argument("images", metavar="IMAGE", nargs="+", help="image files (any format Pillow reads)")
    predict.add_argument("--explain", metavar="DIR", help="also write why: a saliency overlay and the nearest "
                         "training digits per image, as DIR/<name>_explained.png (a digit model)")  # fmt: skip
    predict.add_argument("--submission", metavar="CSV", help="also write the predicted labels as ImageId,Label "
                         "lines (a Kaggle submission, e.g. for the digit recognizer's test.csv)")  # fmt: skip
    predict.set_defaults(handler=predict_command)
