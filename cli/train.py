"""``python main.py train``: a TrainingSession with a terminal progress bar."""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from pathlib import Path

from engine.data import AugmentConfig, load_dataset, model_inputs
from engine.data.augment import describe_augment
from engine.data.augment import parse_augment as engine_parse_augment
from engine.data.dataset import shape_words
from engine.errors import UnwritablePathError
from engine.history import write_history_csv
from engine.presets import DEFAULT_PRESET, PRESETS, SHORT_EPOCHS, build_preset
from engine.progress import TerminalProgress, format_duration
from engine.session import TrainingSession
from engine.training_config import OPTIMIZER_NAMES, SCHEDULE_NAMES, TrainingConfig

from .common import (
    USER_ERRORS,
    CommandError,
    add_data_arguments,
    check_input_shape,
    data_options,
    model_or_preset,
    writable_output,
)

DEFAULT_AUGMENT = describe_augment(TrainingConfig.from_dict(PRESETS[DEFAULT_PRESET].recipe).augment)
AUGMENT_HELP = (
    "'none', 'handwriting' (rotation, shift, zoom, shear and elastic, like people write), 'objects' (mirror "
    "images and random erasing, for clothes and objects), or "
    "settings like 'rotation=10,shift=0.1,noise=0.05' (knobs: " + ", ".join(k for k in AugmentConfig.LIMITS) + "); "
    f"default: the preset's recipe ({DEFAULT_AUGMENT} for {DEFAULT_PRESET}, at strength "
    f"{PRESETS[DEFAULT_PRESET].recipe_for(SHORT_EPOCHS)['augment']['strength']:g} for {SHORT_EPOCHS} epochs or "
    f"fewer, rising to 1 at {PRESETS[DEFAULT_PRESET].recipe['epochs']}), else none"
)


def parse_augment(text: str) -> AugmentConfig:
    """The ``--augment`` value as an ``AugmentConfig`` (``engine.data.augment.parse_augment``), or a CommandError."""
    try:
        return engine_parse_augment(text)
    except ValueError as error:
        raise CommandError(f"--augment: {error}; use {AUGMENT_HELP}") from None


def build_config(args, recipe: dict, saved: dict | None) -> TrainingConfig:
    """Defaults, then the preset's recipe, then the flags the user gave."""
    values = {**(saved or {}), **recipe}
    flags = {
        "epochs": args.epochs,
        "batch_size": args.batch_size,
        "optimizer": args.optimizer,
        "learning_rate": args.lr,
        "momentum": args.momentum,
        "weight_decay": args.weight_decay,
        "label_smoothing": args.label_smoothing,
        "schedule": args.schedule,
        "decay_rate": args.decay_rate,
        "decay_epochs": args.decay_epochs,
        "val_split": args.val_split,
        "seed": args.seed,
    }
    values.update({k: v for k, v in flags.items() if v is not None})
    if args.augment is not None:
        values["augment"] = parse_augment(args.augment).to_dict()
    try:
        return TrainingConfig.from_dict(values)
    except ValueError as error:
        raise CommandError(flag_named(str(error))) from None


# TrainingConfig's names -> the flags a user typed, so an error names what to fix.
FLAG_OF = {"epochs": "--epochs", "batch_size": "--batch-size", "optimizer": "--optimizer", "learning_rate": "--lr",
           "momentum": "--momentum", "weight_decay": "--weight-decay", "label_smoothing": "--label-smoothing",
           "schedule": "--schedule", "val_split": "--val-split", "seed": "--seed", "decay_rate": "--decay-rate",
           "decay_epochs": "--decay-epochs"}  # fmt: skip


def flag_named(message: str) -> str:
    """``'seed must be ...'`` -> ``'--seed: seed must be ...'`` when the setting has a flag."""
    name = message.split(" ", 1)[0]
    return f"{FLAG_OF[name]}: {message}" if name in FLAG_OF else message


def train_command(args) -> int:
    """Train a preset, or a saved model further, and save it (default: the default preset on the embedded digits)."""
    # Where the work goes is checked first: a run must never end with nowhere to save it.
    out = writable_output(args.out, "--out")
    if args.checkpoint:
        writable_output(args.checkpoint, "--checkpoint")
    history = writable_output(args.history, "--history") if args.history else None
    saved = None if args.resume is None and args.model in PRESETS else model_or_preset(args.resume or args.model)
    dataset = load_dataset(args.data, data_options(args, saved))  # new pictures are read the way the model was
    if args.max_images is not None:
        dataset = dataset.take(args.max_images)
    for note in dataset.notes:
        print(f"note: {note}", file=sys.stderr)
    if args.resume:
        session = _resumed_session(args, dataset, saved)
    else:
        recipe = PRESETS[args.model].recipe_for(args.epochs) if args.model in PRESETS else {}
        config = build_config(args, recipe, None)  # first: a bad --seed is explained before it seeds anything
        model = saved or build_preset(args.model, dataset.num_classes, config.seed, dataset.input_shape)
        check_fits(model, dataset, args.model)
        session = TrainingSession(model, dataset, config, checkpoint=args.checkpoint)
    session.add_listener(TerminalProgress())
    with interrupts_stop(session):
        print(plan_line(session), flush=True)
        state = _run(session)
        if state == "failed" and not isinstance(session.exception, USER_ERRORS):
            raise session.exception  # a bug: main.py says so, and --debug shows where it happened
        _save(session, out, args)
        if history is not None:  # the epochs so far, also of a stopped or diverged run
            write_history_csv(history, session.history, session.changes)
            print(f"wrote {args.history} ({len(session.history)} epochs)", flush=True)
        if state == "failed":  # diverged: the rolled-back weights are saved, and the run still failed
            raise CommandError(f"training failed: {session.error}; saved them in {args.out}") from session.exception
        print(f"saved {args.out}" + (" (interrupted: partly trained)" if state == "stopped" else ""), flush=True)
        _print_test_scores(session.model, dataset)
    return 0 if state == "finished" else 130


def check_fits(model, dataset, name: str) -> None:
    """The model's inputs must be the dataset's image shape and its outputs the dataset's classes (a
    regression model is not trained on classes here)."""
    check_input_shape(model, dataset, name)
    if model.output_shape() != (dataset.num_classes,):
        outputs = model.output_shape()[0]
        raise CommandError(
            f"{name}: the model predicts {outputs} classes, but {dataset.name} has {dataset.num_classes}"
        )


def _save(session: TrainingSession, out: Path, args) -> None:
    """``--out`` with the session state, so `train --resume OUT --epochs N` can go on."""
    try:
        session.save(out)
    except UnwritablePathError as error:
        saved = args.checkpoint and Path(args.checkpoint).is_file()
        hint = f"; the checkpoint {args.checkpoint} holds the run up to its last epoch" if saved else ""
        raise CommandError(f"--out {error}{hint}") from None


def _print_test_scores(model, dataset) -> None:
    if not len(dataset.x_test):
        print("test_accuracy: n/a (the dataset has no test images)")
        return
    scores = model.evaluate(model_inputs(model, dataset.x_test), dataset.y_test)
    if "accuracy" not in scores:
        print(f"test_loss: {scores['loss']:.4f}  ({len(dataset.x_test)} images)")
        return
    print(f"test_accuracy: {scores['accuracy']:.4f}  (test_loss: {scores['loss']:.4f}, {len(dataset.x_test)} images)")


def plan_line(session: TrainingSession) -> str:
    """What is about to happen, in one line: model, epochs, data, recipe, and the time it should take."""
    model, config = session.model, session.config
    validation = 0 if session.x_val is None else len(session.x_val)
    seconds = session.estimate_seconds()
    shape = shape_words(session.dataset.input_shape)
    if session.epoch == 0:
        epochs = f"{config.epochs} epoch{'s' if config.epochs != 1 else ''}"
    else:
        epochs = f"epochs {session.epoch + 1}-{config.epochs}"
    return (
        f"plan: {model.name} ({model.num_params():,} parameters), {epochs} on {session.dataset.name} "
        f"({len(session.batches.x):,} training, {validation:,} validation images, {shape}); {config.describe()}; "
        f"about {format_duration(seconds) if seconds == seconds else '? (the first steps diverged)'}"
    )


# What a resumed run may change: the settings a running session takes live. The rest belongs
# to the run (its optimizer state, schedule, split and random streams); changing them would
# make a different run, so a new one is started for that.
RESUME_FLAGS = {"learning_rate": "--lr", "momentum": "--momentum", "weight_decay": "--weight-decay",
                "batch_size": "--batch-size", "augment": "--augment"}  # fmt: skip
FIXED_ON_RESUME = {"optimizer": "--optimizer", "schedule": "--schedule", "seed": "--seed",
                   "val_split": "--val-split", "label_smoothing": "--label-smoothing", "model": "--model",
                   "decay_rate": "--decay-rate", "decay_epochs": "--decay-epochs"}  # fmt: skip


def _resumed_session(args, dataset, model) -> TrainingSession:
    given = {name: getattr(args, "lr" if name == "learning_rate" else name) for name in RESUME_FLAGS}
    changes = {name: value for name, value in given.items() if value is not None}
    if "augment" in changes:
        changes["augment"] = parse_augment(changes["augment"]).to_dict()
    fixed = [flag for name, flag in FIXED_ON_RESUME.items() if _given(args, name)]
    if fixed:
        raise CommandError(
            f"{', '.join(fixed)}: cannot change when resuming {args.resume} (the run's optimizer state, schedule and "
            f"split belong to it); resuming may change {', '.join(RESUME_FLAGS.values())} and --epochs"
        )
    check_fits(model, dataset, args.resume)
    try:
        session = TrainingSession.continue_from(
            model, dataset, epochs=args.epochs, changes=changes, checkpoint=args.checkpoint
        )
    except ValueError as error:
        raise CommandError(f"{args.resume}: {error}") from None
    changed = ", ".join(f"{RESUME_FLAGS[k]} {args.augment if k == 'augment' else v}" for k, v in changes.items())
    print(f"resuming {args.resume} after epoch {session.epoch} (step {session.step_count})"
          + (f", with {changed}" if changed else ""), flush=True)  # fmt: skip
    return session


def _given(args, name: str) -> bool:
    """Whether the user gave this flag (``--model`` has a default, so it counts only when it differs)."""
    value = getattr(args, name)
    return value != DEFAULT_PRESET if name == "model" else value is not None


def _run(session: TrainingSession) -> str:
    """Train on a worker thread; the main thread only waits (and takes the signals)."""
    thread = threading.Thread(target=session.run, name="training", daemon=True)
    thread.start()
    while thread.is_alive():
        thread.join(0.2)
    return session.state


@contextlib.contextmanager
def interrupts_stop(session: TrainingSession):
    """While training and saving, Ctrl+C asks the session to stop between two batches (it never
    interrupts an update or a save); what was learnt is then saved. More presses only say so."""
    presses = 0

    def on_interrupt(signum, frame):
        nonlocal presses
        presses += 1
        session.stop()
        text = "stopping after the current batch, then saving" if presses == 1 else "still stopping and saving"
        print(f"\ninterrupted: {text}...", file=sys.stderr, flush=True)

    previous = signal.signal(signal.SIGINT, on_interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def default_help(name: str, text: str) -> str:
    """``text`` and the value a run gets without the flag: the preset's recipe, else TrainingConfig's default."""

    def shown(value) -> str:
        return f"{value:g}" if isinstance(value, float) else str(value)

    base = getattr(TrainingConfig(), name)
    preset = PRESETS[DEFAULT_PRESET]
    value, short = preset.recipe.get(name, base), preset.recipe_for(SHORT_EPOCHS).get(name, base)
    if short != value and name != "epochs":  # the recipe adapts this one to the budget (Preset.recipe_for)
        epochs = preset.recipe["epochs"]
        return (f"{text} (default: the preset's recipe for the epochs asked: for {DEFAULT_PRESET}, {shown(value)} "
                f"for {epochs} epochs or more, {shown(short)} for {SHORT_EPOCHS} or fewer, in between for budgets "
                f"in between; else {shown(base)})")  # fmt: skip
    if value != base:
        return f"{text} (default: the preset's recipe, {shown(value)} for {DEFAULT_PRESET}; else {shown(base)})"
    return f"{text} (default: {shown(base)}, unless the preset's recipe sets it)"


def add_train_parser(commands) -> None:
    train = commands.add_parser("train", help="train a model headless", description=train_command.__doc__)
    add_data_arguments(train)
    train.add_argument("--model", default=DEFAULT_PRESET, help=f"preset ({', '.join(PRESETS)}) or a saved model to "
                       f"train further; default: {DEFAULT_PRESET}")  # fmt: skip
    train.add_argument("--epochs", type=int, help=default_help("epochs", "passes over the training data"))
    train.add_argument("--batch-size", type=int, help=default_help("batch_size", "images per step"))
    train.add_argument("--optimizer", choices=OPTIMIZER_NAMES, help=default_help("optimizer", "update rule"))
    train.add_argument("--lr", type=float, help=default_help("learning_rate", "learning rate"))
    train.add_argument("--momentum", type=float, help=default_help("momentum", "for momentum/nesterov/rmsprop"))
    train.add_argument("--weight-decay", type=float, help=default_help("weight_decay", "L2 (decoupled for adamw)"))
    train.add_argument("--label-smoothing", type=float,
                       help=default_help("label_smoothing", "cross-entropy target (1-s)*one-hot + s/K"))  # fmt: skip
    train.add_argument("--schedule", choices=SCHEDULE_NAMES, help=default_help("schedule", "learning-rate schedule: "
                       "cosine (down to 0 by the end), step (x --decay-rate every --decay-epochs; default: halved "
                       "every third of the run) or exponential (x --decay-rate per --decay-epochs, smoothly; default "
                       "0.9 per epoch)"))  # fmt: skip
    train.add_argument("--decay-rate", type=float, metavar="FACTOR", help="step and exponential schedules: the "
                       "factor per period (e.g. 0.1, or the TF2 notes' 0.99)")  # fmt: skip
    train.add_argument("--decay-epochs", type=float, metavar="EPOCHS", help="step and exponential schedules: the "
                       "period in epochs (e.g. 10 for step decay every 10 epochs)")  # fmt: skip
    train.add_argument("--augment", help=AUGMENT_HELP)
    train.add_argument("--val-split", type=float,
                       help=default_help("val_split", "share of training images held out for validation"))  # fmt: skip
    train.add_argument("--seed", type=int, help=default_help("seed", "makes the run repeatable"))
    train.add_argument("--max-images", type=int, metavar="N",
                       help="use only the first N training and N test images (a quick try)")  # fmt: skip
    train.add_argument("--checkpoint", help="save a resumable checkpoint here at each epoch end")
    train.add_argument("--resume", metavar="CKPT", help="continue the run saved in this checkpoint")
    train.add_argument("--history", metavar="CSV", help="also write the run's history here: a row per epoch (loss, "
                       "accuracy, validation loss and accuracy, learning rate, seconds) and the settings changed "
                       "during it; the model file keeps it too")  # fmt: skip
    train.add_argument("--out", required=True, help="where to save the trained model (.npz)")
    train.set_defaults(handler=train_command)
