"""``summary``, ``export-weights``, ``export`` and ``gradcheck``: looking at a model without training it."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np

from engine.export_pytorch import ExportError, pytorch_source, pytorch_state
from engine.files import atomic_write
from engine.gradcheck import check_layer, check_model_at_smooth_points
from engine.layer_checks import LAYER_CASES
from engine.presets import PRESETS, build_preset

from .common import CommandError, model_or_preset, writable_output


def summary_command(args) -> int:
    """Layers, output shapes and parameter counts of a saved model or a preset."""
    model = model_or_preset(args.model)
    print(model.summary())
    if args.model in PRESETS:
        print("\n" + PRESETS[args.model].description)
    return 0


def export_weights_command(args) -> int:
    """Write every parameter in a readable form: one .npz, a folder of CSV files, or one text file."""
    model = model_or_preset(args.model)
    parameters = [(name, value) for name, value, _ in model.named_parameters()]
    default_out = Path(args.model).stem + ("_weights" if args.format == "csv" else f"_weights.{args.format}")
    out = Path(args.out or default_out)
    if args.format == "npz":
        atomic_write(out, lambda f: np.savez(f, **dict(parameters)))
    elif args.format == "csv":
        # One file per parameter, 2-D: a row per output unit / filter, its other axes flattened.
        out.mkdir(parents=True, exist_ok=True)
        for name, value in parameters:
            rows = value.reshape(value.shape[0], -1) if value.ndim > 1 else value[None]
            header = f"{name} shape {value.shape}"
            atomic_write(out / f"{name}.csv", lambda f, r=rows, h=header: np.savetxt(f, r, delimiter=",", header=h))
    else:

        def write_text(file) -> None:
            for name, value in parameters:
                text = np.array2string(value, threshold=value.size + 1, max_line_width=120, precision=6)
                file.write(f"# {name}  shape {value.shape}  ({value.size} values)\n{text}\n\n".encode())

        atomic_write(out, write_text)
    print(f"wrote {len(parameters)} parameter arrays ({model.num_params():,} values) to {out}")
    return 0


def export_command(args) -> int:
    """The model for another framework: an ONNX file (onnxruntime, OpenCV, Netron; the normalisation folded in),
    or a readable PyTorch file (``Net``, ``prepare``, ``load_weights``) and its weights in an .npz beside it."""
    model = model_or_preset(args.model)
    out = writable_output(args.out, "--out")
    if args.format == "onnx":
        return export_onnx(model, out, args.model)
    weights = out.with_suffix(".npz")
    if weights == out:
        raise CommandError(f"--out {out}: the weights go to {weights.name} beside it; name the code file .py")
    try:
        source = pytorch_source(model, weights.name)
    except ExportError as error:
        raise CommandError(f"{args.model}: {error}") from None
    state = pytorch_state(model)
    atomic_write(weights, lambda f: np.savez(f, **state))
    atomic_write(out, lambda f: f.write(source.encode()))
    print(f"wrote {out} (class Net, {model.num_params():,} weights) and {weights}")
    print(f"use: from {out.stem} import Net, load_weights, prepare; net = load_weights(Net(), {str(weights)!r}).eval()")
    return 0


def export_onnx(model, out: Path, name: str) -> int:
    if out.suffix.lower() != ".onnx":
        raise CommandError(f"--out {out}: an ONNX file; name it .onnx")
    # onnx takes half a second to import: here, so that every other command starts without it.
    from engine.export_onnx import OnnxExportError, write_onnx

    try:
        write_onnx(model, out)
    except OnnxExportError as error:
        raise CommandError(f"{name}: {error}") from None
    shape = "x".join(map(str, model.input_shape))
    result = "outputs" if model.is_regression else "probabilities"
    print(f"wrote {out} ({model.num_params():,} weights): input 'pixels' float32 (N, {shape.replace('x', ', ')}) "
          f"in [0, 1], output '{result}'")  # fmt: skip
    if model.memory is not None:
        print(f"note: {name}'s memory of {len(model.memory):,} digits is not in the file: it predicts with the "
              "network alone", file=sys.stderr)  # fmt: skip
    return 0


def gradcheck_command(args) -> int:
    """Compare backward passes with central finite differences (float64); worst relative error per layer."""
    if args.max_checks < 1:
        raise CommandError(f"--max-checks must be a positive number of entries, got {args.max_checks}")
    if args.tolerance is not None and not (math.isfinite(args.tolerance) and args.tolerance > 0):
        raise CommandError(f"--tolerance must be a positive number, got {args.tolerance}")
    results = []  # (description, worst error, note)
    if args.preset is None:
        tolerance = args.tolerance or 1e-5
        for description, make_layer, input_shape in LAYER_CASES:
            x = np.random.default_rng(args.seed).standard_normal(input_shape)
            errors = check_layer(make_layer(), x, max_checks=args.max_checks, seed=args.seed)
            results.append((description, max(errors.values()), ""))
    else:
        if args.preset not in PRESETS:
            raise CommandError(f"{args.preset}: not a preset ({', '.join(PRESETS)})")
        # A whole network accumulates rounding over many layers: 1e-4 is the usual bar there.
        tolerance = args.tolerance or 1e-4
        model = build_preset(args.preset, seed=args.seed).compile("sgd")
        rng = np.random.default_rng(args.seed)
        x = rng.standard_normal((4, *model.input_shape))
        y = rng.integers(0, 10, 4)
        errors, skipped = check_model_at_smooth_points(model, x, y, max_checks=args.max_checks, seed=args.seed)
        for name, error in errors.items():
            note = f"  ({skipped[name]} entries at ReLU/max-pool kinks left out)" if skipped[name] else ""
            results.append((f"{args.preset}: {name}", error, note))
    worst_overall = max(error for _, error, _ in results)
    for description, worst, note in results:
        status = "ok" if worst < tolerance else "FAIL"
        print(f"{description:<44} worst relative error {worst:.2e}  {status}{note}")
    print(f"worst: {worst_overall:.2e} (tolerance {tolerance:g})")
    return 0 if worst_overall < tolerance else 1


def add_examine_parsers(commands) -> None:
    summary = commands.add_parser(
        "summary", help="layers, shapes and parameter counts", description=summary_command.__doc__
    )
    summary.add_argument(
        "model", metavar="MODEL|PRESET", help=f"a saved model, 'default', or one of {', '.join(PRESETS)}"
    )
    summary.set_defaults(handler=summary_command)

    export = commands.add_parser(
        "export-weights", help="dump every parameter readably", description=export_weights_command.__doc__
    )
    export.add_argument("model", metavar="MODEL", help="a saved model, 'default', or a preset (fresh weights)")
    export.add_argument("--format", choices=("npz", "csv", "txt"), default="txt", help="output format (default txt)")
    export.add_argument("--out", help="output file (npz, txt) or folder (csv); default: next to the model's name")
    export.set_defaults(handler=export_weights_command)

    to = commands.add_parser("export", help="the model as ONNX, or as PyTorch code and weights",
                             description=export_command.__doc__)  # fmt: skip
    to.add_argument("model", metavar="MODEL", help="a saved model, 'default', or a preset (fresh weights)")
    to.add_argument("--format", choices=("onnx", "pytorch"), required=True,
                    help="onnx: one .onnx file; pytorch: a .py file and an .npz beside it")  # fmt: skip
    to.add_argument("--out", required=True, help="the file to write: model.onnx, or net.py (the weights go to "
                    "net.npz)")  # fmt: skip
    to.set_defaults(handler=export_command)

    check = commands.add_parser("gradcheck", help="finite-difference check of backward passes",
                                description=gradcheck_command.__doc__)  # fmt: skip
    check.add_argument("preset", nargs="?", help="check a whole preset through its loss (default: every layer type)")
    check.add_argument("--seed", type=int, default=0, help="seed for inputs and sampled entries")
    check.add_argument("--max-checks", type=int, default=60, help="entries checked per array")
    check.add_argument("--tolerance", type=float, help="largest acceptable relative error (1e-5 per layer, 1e-4 whole)")
    check.set_defaults(handler=gradcheck_command)
