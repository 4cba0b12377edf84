"""``report``: one or two trained models as a self-contained HTML page (and PNGs) for a lab report."""

from __future__ import annotations

import time
from pathlib import Path

from engine import load_model
from engine.report import run_of

from .common import CommandError, add_data_arguments, writable_output
from .evaluate import check_classifies, test_dataset


def report_command(args) -> int:
    """Write one HTML page: model summary, recipe and seed, dataset, curves, confusion matrix (counts and
    row-normalised), per-class accuracy, the misclassified test images and the first layer's filters. Two models:
    side by side, their curves on the same axes, labelled with what differs between them."""
    if len(args.models) > 2:
        raise CommandError(f"report: compares at most two models, got {len(args.models)}")
    out = writable_output(args.out, "--out")
    if out.suffix.lower() not in (".html", ".htm"):
        raise CommandError(f"--out {out}: the report is an HTML page; name it .html")
    if args.png:
        writable_output(str(Path(args.png) / "curves.png"), "--png")
    started = time.perf_counter()
    runs = []
    for name in args.models:
        model = load_model(name)
        if model.is_regression:
            raise CommandError(f"{name}: a regression model has no classes to report a confusion matrix of")
        dataset = test_dataset(args, model, name)
        check_classifies(model, dataset, name)
        runs.append(run_of(Path(name).name, model, dataset))
    # The pictures are drawn with Qt: imported here, so that every other command starts without loading it.
    from gui.report import speak, write_report

    try:
        speak(args.language)  # the page's words, and its figures', in that language
    except ValueError as error:
        raise CommandError(f"--language {args.language}: {error}") from None
    written = write_report(runs, out, args.png)
    images = len(written) - 1
    also = f" and {images} PNGs in {args.png}" if args.png else ""
    print(f"wrote {out}{also} in {time.perf_counter() - started:.1f} s")
    return 0


def add_report_parser(commands) -> None:
    report = commands.add_parser(
        "report", help="an HTML report of a model (or two)", description=report_command.__doc__
    )
    report.add_argument("models", metavar="MODEL", nargs="+", help="a saved model file or 'default'; two: compared")
    add_data_arguments(report)
    report.add_argument("--max-images", type=int, metavar="N", help="measure on the first N test images only")
    report.add_argument("--out", required=True, help="the HTML file to write, e.g. report.html")
    report.add_argument("--png", metavar="DIR", help="also write each figure as its own PNG into DIR")
    report.add_argument("--language", default="en", metavar="LANG",
                        help="the page's language: en (the default) or zh_CN (中文)")
    report.set_defaults(handler=report_command)
