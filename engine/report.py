"""A trained model as a page to hand in: what ``main.py report`` and File > Export report write.

A ``Run`` is one model with its test-set predictions and its saved history. ``report_html``
lays out one run, or two side by side, as a self-contained HTML page: the model summary,
the recipe and seed, the dataset, the curves, the confusion matrix (counts and
row-normalised), per-class accuracy, the misclassified images and the first layer's filters.
The pictures are PNG bytes made by the window's renderer (``gui/report.py``) and embedded as
``data:`` URLs, so the page is one file that opens offline and prints.

    runs = [run_of("a.npz", model, dataset)]
    html = report_html(runs, {"curves": png, "confusion_counts": png, ...})

The page's words are ``said`` texts (``engine/words.py``); ``report_html(..., translate=tr_said)`` writes them
in the window's language, by default in English.

With two runs the per-run figures are keyed ``confusion_counts_1`` and ``confusion_counts_2``.
"""

from __future__ import annotations

import base64
import html
import time
from dataclasses import dataclass

import numpy as np

from .data.dataset import Dataset, shape_words
from .history import change_words, history_of
from .metrics import EvaluationResult, evaluate_model, per_class_accuracy
from .words import joined, page_text, said

PIXELS_PER_POINT = 2  # the figures are drawn at twice the size the page shows them: sharp on paper and on HiDPI

# (key, title, one per run?): the report's figures in page order; also the names of --png's files.
FIGURES = (
    ("curves", said("Training curves"), False),
    ("confusion_counts", said("Confusion matrix (counts)"), True),
    ("confusion_normalised", said("Confusion matrix (each row as shares of its true class)"), True),
    ("per_class_accuracy", said("Per-class accuracy"), True),
    ("misclassified", said("Misclassified test images, the most confident first"), True),
    ("filters", said("The first layer's filters"), True),
)

# The settings a recipe table shows and comparisons name, in order, with the words for them.
SETTINGS = (
    ("preset", said("preset")),
    ("learning_rate", said("lr")),
    ("augment", said("augmentation")),
    ("seed", said("seed")),
    ("epochs", said("epochs")),
    ("batch_size", said("batch size")),
    ("optimizer", said("optimizer")),
    ("schedule", said("schedule")),
    ("weight_decay", said("weight decay")),
    ("label_smoothing", said("label smoothing")),
    ("val_split", said("validation split")),
    ("dataset", said("trained on")),
)


@dataclass
class Run:
    """One trained model, measured: its test predictions, the dataset they are on, its saved history."""

    label: str  # what the page calls it: the model file's name
    model: object  # engine.model.Sequential
    dataset: Dataset
    result: EvaluationResult
    history: list[dict]  # epoch logs (engine/history.py)
    changes: list[dict]  # live changes
    settings: dict  # the recipe (``settings_of``)


def run_of(label: str, model, dataset: Dataset, session: dict | None = None) -> Run:
    """Evaluate ``model`` on ``dataset``'s test images (all of them when it has no test part). ``session``: the
    run that trained it, as ``{"config", "history", "changes"}`` (the window's live one); default: the run
    saved in the model file."""
    history, changes = history_of(model, session)  # (both fall back to the model's saved run)
    return Run(label, model, dataset, evaluate_model(model, dataset), history, changes, settings_of(model, session))


def settings_of(model, session: dict | None = None) -> dict:
    """The recipe a model was trained with: its run's config (or the shipped recipe), its preset and data."""
    metadata = model.metadata
    session = session if session is not None else metadata.get("session")
    config = session.get("config") if isinstance(session, dict) else None
    recipe = metadata.get("recipe") if isinstance(metadata.get("recipe"), dict) else {}
    settings = dict(config if isinstance(config, dict) else recipe)
    settings["preset"] = recipe.get("preset") or model.name
    if isinstance(metadata.get("dataset"), str):
        settings["dataset"] = metadata["dataset"]
    return settings


def setting_words(key: str, value) -> str:
    """A setting's value as the page writes it: ``rotation 12, shift 0.1`` for an augmentation."""
    if key == "augment":
        if not isinstance(value, dict):
            return "–"  # not recorded (a model saved without its run)
        on = [f"{name} {_number(v)}" for name, v in value.items() if name not in ("strength", "elastic_sigma") and v]
        return ", ".join(on) or said("none")
    return "–" if value is None else _number(value)


def _number(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def differing_settings(recipes: list[dict]) -> list[str]:
    """For each recipe, the settings whose values are not the same in all of them, in words
    (``lr 0.001, seed 1``); '' for each when they all agree. The report and the Curves tab name runs so."""
    keys = [key for key, _ in SETTINGS if len({setting_words(key, r.get(key)) for r in recipes}) > 1]
    words = dict(SETTINGS)
    return [joined([said("{setting} {value}", setting=words[k], value=setting_words(k, recipe.get(k))) for k in keys])
            for recipe in recipes]  # fmt: skip


def what_differs(runs: list[Run]) -> list[str]:
    """Each run's label for a comparison: its file name and the settings that differ from the others'
    (``a.npz: lr 0.001, seed 1``); a single run, or runs with the same settings: the file names alone."""
    differs = differing_settings([run.settings for run in runs])
    return [said("{label}: {differs}", label=run.label, differs=words) if words else run.label
            for run, words in zip(runs, differs, strict=True)]  # fmt: skip


def dataset_words(dataset: Dataset, result: EvaluationResult) -> str:
    """``mnist-embedded: 8,000 training and 2,000 test images, 28x28 grey, 10 classes (0, 1, ...)``."""
    names = dataset.class_names
    shown = ", ".join(names[:12])
    if len(names) > 12:
        shown = said("{names} and {count} more", names=shown, count=len(names) - 12)
    words = said("{name}: {train:,} training and {test:,} test images, {shape}, {classes} classes ({names})",
                 name=dataset.name, train=len(dataset.x_train), test=len(dataset.x_test),
                 shape=shape_words(dataset.input_shape), classes=len(names), names=shown)
    if dataset.source:
        words = said("{words}; from {source}", words=words, source=dataset.source)
    if result.part == "test":
        return said("{words}. Measured on its test images: {count:,}.", words=words, count=len(result.labels))
    return said("{words}. Measured on all of its images (it has no separate test part): {count:,}.", words=words,
                count=len(result.labels))


def figure_key(key: str, run: int, runs: int) -> str:
    """The figure's name: ``confusion_counts``, or with two runs ``confusion_counts_1`` and ``_2``."""
    return key if runs == 1 else f"{key}_{run + 1}"


def report_html(runs: list[Run], figures: dict[str, bytes], translate=str, language: str = "en") -> str:
    """The whole page. ``figures``: PNG bytes by ``figure_key``; a missing one (no history, no filters)
    is replaced by a sentence saying why. ``translate``: each of the page's texts in the page's ``language``
    (an HTML language code: ``en``, ``zh-CN``)."""
    say = page_text(translate)  # every text of the page goes through it
    labels = [say(label) for label in what_differs(runs)]
    title = say(said("CNN Studio report: {models}", models=" vs ".join(r.label for r in runs)))
    body = [f"<h1>{title}</h1>",
            f"<p class=when>{say(said('Written {when} by CNN Studio.', when=time.strftime('%Y-%m-%d %H:%M')))}</p>"]
    body += _results_table(runs, labels, say)
    body += _recipe_table(runs, say)
    body.append(f"<h2>{say(said('Model'))}</h2>")
    body.append(_side_by_side([f"<pre>{html.escape(r.model.summary())}</pre>" for r in runs], labels))
    body.append(f"<h2>{say(said('Data'))}</h2>")
    described = dict.fromkeys(say(dataset_words(r.dataset, r.result)) for r in runs)  # the same data: said once
    body += [f"<p>{words}</p>" for words in described]
    for key, heading, per_run in FIGURES:
        heading = say(heading)
        body.append(f"<h2>{heading}</h2>")
        missing = say(MISSING.get(key, NO_PICTURE))
        if not per_run:
            body.append(_figure(figures.get(key), heading, missing))
            if key == "curves":
                body += _changes_list(runs, labels, say)
            continue
        cells = [_figure(figures.get(figure_key(key, i, len(runs))), heading, missing) for i in range(len(runs))]
        body.append(_side_by_side(cells, labels))
        if key == "per_class_accuracy":
            body.append(_per_class_table(runs, labels, say))
    return PAGE.format(title=title, body="\n".join(body), language=language)


# What the page says where a figure cannot be drawn.
MISSING = {
    "curves": said("No training history is saved in this model (it was trained before models kept their curves, or "
                   "by a script)."),
    "filters": said("This model's first layer does not read the pixels through kernels, so it has no filters to "
                    "draw."),
    "misclassified": said("No test image was misclassified."),
}
NO_PICTURE = said("No picture.")


def _figure(png: bytes | None, alt: str, missing: str) -> str:
    """``alt`` and ``missing``: HTML text, escaped already."""
    if png is None:
        return f"<p class=missing>{missing}</p>"
    data = base64.b64encode(png).decode("ascii")
    width = int.from_bytes(png[16:20], "big") // PIXELS_PER_POINT  # a PNG's width: bytes 16-19, in its IHDR chunk
    alt = alt.replace('"', "&quot;")
    return f'<img src="data:image/png;base64,{data}" width="{width}" alt="{alt}">'


def _side_by_side(cells: list[str], labels: list[str]) -> str:
    """``labels``: the runs' names as HTML text, escaped already."""
    if len(cells) == 1:
        return cells[0]
    parts = [f"<div class=run><h3>{label}</h3>{cell}</div>" for cell, label in zip(cells, labels,
             strict=True)]  # fmt: skip
    return "<div class=runs>" + "".join(parts) + "</div>"


def _results_table(runs: list[Run], labels: list[str], say) -> list[str]:
    rows = []
    for run, label in zip(runs, labels, strict=True):
        result = run.result
        wrong = int((result.predicted != result.labels).sum())
        last = run.history[-1] if run.history else {}
        epochs = f"{last.get('epoch', '–')}" if run.history else "–"
        mistakes = say(said("{wrong:,} of {count:,}", wrong=wrong, count=len(result.labels)))
        rows.append(f"<tr><td>{label}</td><td><b>{result.accuracy:.2%}</b></td><td>{mistakes}</td>"
                    f"<td>{run.model.num_params():,}</td><td>{epochs}</td></tr>")  # fmt: skip
    head = "".join(f"<th>{say(word)}</th>" for word in (said("model"), said("accuracy"), said("mistakes"),
                                                       said("weights"), said("epochs saved")))  # fmt: skip
    return [f"<h2>{say(said('Results'))}</h2>", f"<table><tr>{head}</tr>{''.join(rows)}</table>"]


def _recipe_table(runs: list[Run], say) -> list[str]:
    """Every setting, a column per run; with two runs, the settings that differ in bold."""
    head = "".join(f"<th>{html.escape(r.label)}</th>" for r in runs)
    rows = []
    for key, words in SETTINGS:
        values = [say(setting_words(key, r.settings.get(key))) for r in runs]
        if all(v == "–" for v in values):
            continue
        differs = len(runs) > 1 and len(set(values)) > 1
        cells = "".join(f"<td>{'<b>' if differs else ''}{v}{'</b>' if differs else ''}</td>" for v in values)
        rows.append(f"<tr><th>{say(words)}</th>{cells}</tr>")
    return [f"<h2>{say(said('Recipe'))}</h2>",
            f"<table><tr><th>{say(said('setting'))}</th>{head}</tr>{''.join(rows)}</table>"]


def _changes_list(runs: list[Run], labels: list[str], say) -> list[str]:
    items = [f"<li>{label}: {html.escape(change_words(c))}</li>"
             for run, label in zip(runs, labels, strict=True) for c in run.changes]  # fmt: skip
    heading = say(said("Settings changed during training:"))
    return [f"<p>{heading}</p><ul>" + "".join(items) + "</ul>"] if items else []


def _per_class_table(runs: list[Run], labels: list[str], say) -> str:
    """A row per class: correct/total and the share, a column per run (copyable into a lab report)."""
    matrices = [r.result.confusion() for r in runs]
    head = "".join(f"<th>{label}</th>" for label in labels)
    rows = []
    for k, name in enumerate(runs[0].result.class_names):
        cells = []
        for matrix in matrices:
            share = per_class_accuracy(matrix)[k]
            shown = "n/a" if np.isnan(share) else f"{share:.2%}"
            cells.append(f"<td>{shown} ({matrix[k, k]:,}/{matrix[k].sum():,})</td>")
        rows.append(f"<tr><th>{html.escape(name)}</th>{''.join(cells)}</tr>")
    return f"<table><tr><th>{say(said('class'))}</th>{head}</tr>{''.join(rows)}</table>"


PAGE = """<!DOCTYPE html>
<html lang="{language}"><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ font-family: sans-serif; max-width: 1200px; margin: 2em auto; padding: 0 1em; color: #222; }}
h1 {{ font-size: 1.6em; }} h2 {{ border-bottom: 1px solid #ccc; margin-top: 2em; }} h3 {{ font-size: 1em; }}
table {{ border-collapse: collapse; margin: 0.5em 0; }}
td, th {{ border: 1px solid #ccc; padding: 0.2em 0.6em; text-align: left; }}
pre {{ background: #f6f6f6; padding: 0.6em; overflow-x: auto; font-size: 0.85em; }}
img {{ max-width: 100%; }}
.runs {{ display: flex; gap: 2em; flex-wrap: wrap; }} .run {{ flex: 1 1 480px; min-width: 0; }}
.missing {{ color: #777; font-style: italic; }} .when {{ color: #777; }}
@media print {{ h2 {{ break-after: avoid; }} img {{ break-inside: avoid; }} }}
</style></head>
<body>
{body}
</body></html>
"""
