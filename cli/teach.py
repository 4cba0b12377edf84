"""``teach``: fine-tune a model on someone's own handwriting (``engine/teach.py``)."""

from __future__ import annotations

from engine import load_model
from engine.data import class_names_of, load_dataset, load_image_folder
from engine.data.pictures import DIGIT_DRAWINGS
from engine.progress import TerminalProgress
from engine.teach import RECIPE, own_digits, replay_name, teach

from .common import CommandError, writable_output


def replay_data(model, spec: str | None):
    """What to replay: ``--replay``, else the dataset the model was trained on (stroke digits left out)."""
    name = spec or replay_name(model.metadata)
    if not name:
        raise CommandError("the model does not say what it was trained on: give --replay DATASET (or --replay none)")
    if name == "none":
        return None
    try:
        return load_dataset(name)
    except (OSError, ValueError) as error:
        raise CommandError(f"--replay: {error} (give --replay DATASET, or --replay none)") from None


def _share(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.4f}"


def teach_command(args) -> int:
    """Fine-tune MODEL on your own drawings in FOLDER (one sub-folder per class: FOLDER/3/*.png), replaying
    what it was trained on so it does not forget; print the accuracy before and after on held-out drawings."""
    out = writable_output(args.out, "--out")
    model = load_model(args.model)
    if model.is_regression:
        raise CommandError(f"{args.model}: a regression model predicts numbers; teach needs a classifier")
    names = class_names_of(model)
    images, labels = own_digits(load_image_folder(args.folder, options=DIGIT_DRAWINGS), names)
    replay = replay_data(model, args.replay)
    replaying = f"replaying {replay.name}" if replay is not None else "replaying nothing (it may forget)"
    print(f"teaching {args.model} {len(images)} drawings from {args.folder}; {replaying}", flush=True)
    report = teach(model, images, labels, replay, names, seed=args.seed, epochs=args.epochs,
                   listeners=[TerminalProgress()])  # fmt: skip
    if report.state != "finished":
        raise CommandError(f"teaching {report.state}; {args.out} was not written")
    print(f"held out {report.held_out} of the drawings; learned from {report.learned_from}")
    print(f"before: {_share(report.own_before)}")
    print(f"after: {_share(report.own_after)}")
    if replay is not None:
        print(f"{replay.name} test before: {_share(report.replay_before)}")
        print(f"{replay.name} test after: {_share(report.replay_after)}")
    try:
        model.save(out, include_optimizer=False)
    except OSError as error:
        raise CommandError(f"--out {error}") from None
    print(f"saved {args.out}")
    return 0


def add_teach_parser(commands) -> None:
    parser = commands.add_parser("teach", help="teach a model your own handwriting", description=teach_command.__doc__)
    parser.add_argument("model", metavar="MODEL", help="a saved model file, or 'default'")
    parser.add_argument("folder", metavar="FOLDER", help="your drawings: one sub-folder per class (FOLDER/7/*.png)")
    parser.add_argument("--out", required=True, help="where to save the taught model (.npz)")
    parser.add_argument("--replay", help="the data to replay (default: what the model was trained on; 'none')")
    parser.add_argument("--epochs", type=int, help=f"passes over the drawings (default: {RECIPE['epochs']})")
    parser.add_argument("--seed", type=int, default=0, help="for the held-out split and the augmentation (default: 0)")
    parser.set_defaults(handler=teach_command)
