"""``python main.py train``: a TrainingSession with a terminal progress bar."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from engine import load_model
from engine.data import AugmentConfig, load_dataset, model_inputs
from engine.data.augment import describe_augment
from engine.data.augment import parse_augment as engine_parse_augment
from engine.presets import DEFAULT_PRESET, PRESETS
from engine.progress import TerminalProgress, format_duration
from engine.session import TrainingSession
from engine.training_config import OPTIMIZER_NAMES, SCHEDULE_NAMES, TrainingConfig

from .common import USER_ERRORS, CommandError, model_or_preset

DEFAULT_AUGMENT = describe_augment(TrainingConfig.from_dict(PRESETS[DEFAULT_PRESET].recipe).augment)
AUGMENT_HELP = (
    "'none', 'handwriting' (rotation, shift, zoom, shear and elastic, like people write), 'objects' (mirror "
    "images and random erasing, for clothes and objects), or "
    "settings like 'rotation=10,shift=0.1,noise=0.05' (knobs: " + ", ".join(k for k in AugmentConfig.LIMITS) + "); "
    f"default: the preset's recipe ({DEFAULT_AUGMENT} for {DEFAULT_PRESET}), else none"
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
        "val_split": args.val_split,
        "seed": args.seed,
    }
    values.update({k: v for k, v in flags.items() if v is not None})
    if args.augment is not None:
        values["augment"] = parse_augment(args.augment).to_dict()
    try:
        return TrainingConfig.from_dict(values)
    except ValueError as error:
        raise CommandError(str(error)) from None


def train_command(args) -> int:
    """Train a preset, or a saved model further, and save it (default: the default preset on the embedded digits)."""
    dataset = load_dataset(args.data)
    if args.max_images is not None:
        dataset = dataset.take(args.max_images)
    for note in dataset.notes:
        print(f"note: {note}", file=sys.stderr)
    if args.resume:
        session = _resumed_session(args, dataset)
    else:
        seed = args.seed if args.seed is not None else 0
        model = model_or_preset(args.model, seed=seed, num_classes=dataset.num_classes)
        recipe = PRESETS[args.model].recipe if args.model in PRESETS else {}
        config = build_config(args, recipe, None)
        if model.output_shape() != (dataset.num_classes,):
            raise CommandError(
                f"{args.model}: the model predicts {model.output_shape()[0]} classes, "
                f"but {dataset.name} has {dataset.num_classes}"
            )
        session = TrainingSession(model, dataset, config, checkpoint=args.checkpoint)
    session.add_listener(TerminalProgress())
    print(plan_line(session), flush=True)
    state = _run_interruptibly(session)
    if state == "failed":
        if isinstance(session.exception, USER_ERRORS):
            raise CommandError(f"training failed: {session.error}") from session.exception
        raise session.exception  # a bug: main.py says so, and --debug shows where it happened
    out = Path(args.out)
    session.save(out)  # with the session state, so `train --resume OUT --epochs N` can go on
    print(f"saved {out}" + (" (interrupted: partly trained)" if state == "stopped" else ""), flush=True)
    if len(dataset.x_test):
        scores = session.model.evaluate(model_inputs(session.model, dataset.x_test), dataset.y_test)
        print(
            f"test_accuracy: {scores['accuracy']:.4f}  (test_loss: {scores['loss']:.4f}, {len(dataset.x_test)} images)"
        )
    else:
        print("test_accuracy: n/a (the dataset has no test images)")
    return 0 if state == "finished" else 130


def plan_line(session: TrainingSession) -> str:
    """What is about to happen, in one line: model, epochs, data, recipe, and the time it should take."""
    model, config = session.model, session.config
    validation = 0 if session.x_val is None else len(session.x_val)
    seconds = session.estimate_seconds()
    if session.epoch == 0:
        epochs = f"{config.epochs} epoch{'s' if config.epochs != 1 else ''}"
    else:
        epochs = f"epochs {session.epoch + 1}-{config.epochs}"
    return (
        f"plan: {model.name} ({model.num_params():,} parameters), {epochs} on {session.dataset.name} "
        f"({len(session.batches.x):,} training, {validation:,} validation images); {config.describe()}; "
        f"about {format_duration(seconds) if seconds == seconds else '? (the first steps diverged)'}"
    )


def _resumed_session(args, dataset) -> TrainingSession:
    try:
        session = TrainingSession.continue_from(
            load_model(args.resume), dataset, epochs=args.epochs, checkpoint=args.checkpoint
        )
    except ValueError as error:
        raise CommandError(f"{args.resume}: {error}") from None
    print(f"resuming {args.resume} after epoch {session.epoch} (step {session.step_count})", flush=True)
    return session


def _run_interruptibly(session: TrainingSession) -> str:
    """Train on a worker thread so Ctrl+C stops cleanly between batches, never mid-update."""
    thread = threading.Thread(target=session.run, daemon=True)
    thread.start()
    try:
        while thread.is_alive():
            thread.join(0.2)
    except KeyboardInterrupt:
        print("\ninterrupted: stopping after the current batch...", file=sys.stderr, flush=True)
        session.stop()
        thread.join()
    return session.state


def default_help(name: str, text: str) -> str:
    """``text`` and the value a run gets without the flag: the preset's recipe, else TrainingConfig's default."""

    def shown(value) -> str:
        return f"{value:g}" if isinstance(value, float) else str(value)

    base = getattr(TrainingConfig(), name)
    recipe = PRESETS[DEFAULT_PRESET].recipe
    if name in recipe and recipe[name] != base:
        return f"{text} (default: the preset's recipe, {shown(recipe[name])} for {DEFAULT_PRESET}; else {shown(base)})"
    return f"{text} (default: {shown(base)}, unless the preset's recipe sets it)"


def add_train_parser(commands) -> None:
    train = commands.add_parser("train", help="train a model headless", description=train_command.__doc__)
    train.add_argument("--data", default="mnist-embedded", help="dataset name (mnist-embedded, mnist, fashion-mnist) "
                       "or path (IDX folder, .npz, image folder); default: mnist-embedded")  # fmt: skip
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
    train.add_argument("--schedule", choices=SCHEDULE_NAMES, help=default_help("schedule", "learning-rate schedule"))
    train.add_argument("--augment", help=AUGMENT_HELP)
    train.add_argument("--val-split", type=float,
                       help=default_help("val_split", "share of training images held out for validation"))  # fmt: skip
    train.add_argument("--seed", type=int, help=default_help("seed", "makes the run repeatable"))
    train.add_argument("--max-images", type=int, metavar="N",
                       help="use only the first N training and N test images (a quick try)")  # fmt: skip
    train.add_argument("--checkpoint", help="save a resumable checkpoint here at each epoch end")
    train.add_argument("--resume", metavar="CKPT", help="continue the run saved in this checkpoint")
    train.add_argument("--out", required=True, help="where to save the trained model (.npz)")
    train.set_defaults(handler=train_command)
