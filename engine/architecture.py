"""Architectures as editable text: the model behind the GUI's layer editor.

An architecture is a list of ``LayerSpec``s: a layer class and the settings a person
chooses (``Conv2D`` with ``out_channels=16, kernel_size=3, padding=1``). The size of each
layer's input (Conv2D's ``in_channels``, Dense's ``in_features``) is never typed: it is
taken from the previous layer's output, so changing one layer cannot silently break the
next one. ``check_architecture`` walks the list and reports, per layer, the output shape
and parameter count or a one-line explanation of why the layer does not fit.

specs = specs_from_model(build_preset("lab-cnn"))
specs[0] = LayerSpec("Conv2D", parse_settings("out_channels=8, kernel_size=5, padding=2"))
report = check_architecture(specs, input_shape=(1, 28, 28), num_classes=10)
report.ok, report.rows[0].shape, report.problem
model = build_model(specs, (1, 28, 28), 10, seed=0)
"""

from __future__ import annotations

import ast
import inspect
from dataclasses import dataclass, field

from .layers import LAYER_CLASSES, Layer
from .layers.base import Shape, shape_text
from .model import Sequential
from .words import Said, said

# What a newly added layer of each kind starts with; every class here can be added.
NEW_LAYER_SETTINGS: dict[str, dict] = {
    "Conv2D": {"out_channels": 16, "kernel_size": 3, "padding": 1},
    "MaxPool2D": {"kernel_size": 2},
    "AvgPool2D": {"kernel_size": 2},
    "GlobalAvgPool2D": {},
    "BatchNorm2D": {},
    "ReLU": {},
    "LeakyReLU": {"negative_slope": 0.01},
    "ELU": {},
    "Sigmoid": {},
    "Swish": {},
    "Tanh": {},
    "Dropout": {"p": 0.25},
    "Flatten": {},
    "Dense": {"out_features": 64},
    "Embedding": {"num_embeddings": 26, "embedding_dim": 8},
    "BatchNorm1D": {},
    "Reshape": {"target_shape": [28, 28]},
    "SimpleRNN": {"hidden_size": 64},
    "LSTM": {"hidden_size": 64},
    "GRU": {"hidden_size": 64},
    "ResidualBlock": {"out_channels": 16, "stride": 1},
    "InceptionBlock": {"out_1x1": 8, "out_3x3": 16, "out_5x5": 8, "out_pool": 8},
}


@dataclass
class LayerSpec:
    """One row of an architecture: a layer class name and its user-chosen settings."""

    kind: str
    settings: dict = field(default_factory=dict)

    def settings_text(self) -> str:
        """The settings as ``name=value, ...`` text that ``parse_settings`` reads back."""
        return ", ".join(f"{key}={_compact(key, value)!r}" for key, value in self.settings.items())


@dataclass
class RowReport:
    """The outcome of one layer: its output shape and parameter count, or what is wrong."""

    shape: Shape | None = None
    params: int = 0
    error: str = ""
    layer: Layer | None = None  # the layer as built for the check (build_model reuses it)


@dataclass
class ArchitectureReport:
    rows: list[RowReport]
    problem: str = ""  # the first thing wrong, in one line ("" when the architecture works)

    @property
    def ok(self) -> bool:
        return not self.problem

    @property
    def total_params(self) -> int:
        return sum(row.params for row in self.rows)


def _compact(key: str, value):
    """kernel_size [3, 3] -> 3: show a square window or an even padding as one number, as people write it."""
    if key in ("kernel_size", "padding") and isinstance(value, (list, tuple)) and len(value) == 2:
        return value[0] if value[0] == value[1] else list(value)
    return list(value) if isinstance(value, tuple) else value


def _constructor_defaults(cls) -> dict:
    signature = inspect.signature(cls.__init__)
    return {
        name: p.default
        for name, p in signature.parameters.items()
        if name not in ("self", "name") and p.kind is p.POSITIONAL_OR_KEYWORD
    }


def setting_names(kind: str) -> list[str]:
    """The settings a user may give a layer class (its constructor arguments minus the inferred one)."""
    cls = LAYER_CLASSES[kind]
    return [name for name in _constructor_defaults(cls) if name != cls.input_argument]


def spec_from_layer(layer: Layer) -> LayerSpec:
    """The editable description of an existing layer: the settings that differ from the defaults."""
    cls = type(layer)
    config = layer.get_config()
    # The defaults as the layer itself resolves them (a pool's stride defaults to its
    # kernel size), found by building the class from its required arguments alone.
    required = {
        name: config[name] for name, default in _constructor_defaults(cls).items() if default is inspect.Parameter.empty
    }
    defaults = cls(**required).get_config()
    settings = {}
    for key, value in config.items():
        if key == cls.input_argument:
            continue
        if key in required or _compact(key, value) != _compact(key, defaults.get(key)):
            settings[key] = _compact(key, value)
    return LayerSpec(cls.__name__, settings)


def specs_from_model(model: Sequential) -> list[LayerSpec]:
    return [spec_from_layer(layer) for layer in model.layers]


def parse_settings(text: str) -> dict:
    """``"out_channels=16, kernel_size=3, padding=same"`` -> dict; ValueError with a clear message.

    Values are Python literals (numbers, lists, True/False, quoted strings); a bare word such
    as ``same`` is read as a string. Nothing is evaluated: the text is parsed, never run.
    """
    text = text.strip()
    if not text:
        return {}
    try:
        call = ast.parse(f"f({text})", mode="eval").body
    except SyntaxError:
        raise ValueError(said("cannot read settings {text}: write them as name=value, separated by commas",
                              text=repr(text))) from None
    if not isinstance(call, ast.Call):  # a stray bracket, as in "a=1), (2"
        raise ValueError(said("cannot read settings {text}: unbalanced brackets", text=repr(text)))
    if call.args or any(keyword.arg is None for keyword in call.keywords):
        raise ValueError(said("cannot read settings {text}: every setting needs a name, as in kernel_size=3",
                              text=repr(text)))
    settings = {}
    for keyword in call.keywords:
        node = keyword.value
        if isinstance(node, ast.Name):  # a bare word: padding=same, bias=false
            lowered = node.id.lower()
            settings[keyword.arg] = {"true": True, "false": False}.get(lowered, node.id)
            continue
        try:
            settings[keyword.arg] = ast.literal_eval(node)
        except ValueError:
            raise ValueError(
                said("{arg}: {value} is not a plain value (use numbers, lists, True/False or words)",
                     arg=keyword.arg, value=repr(ast.unparse(node)))
            ) from None
    return settings


def _make_layer(spec: LayerSpec, shape: Shape) -> Layer:
    """Construct the layer for an input of per-sample ``shape``; ValueError explains a misfit."""
    if spec.kind not in LAYER_CLASSES:
        raise ValueError(said("unknown layer type {kind}; choose one of {value}",
                              kind=repr(spec.kind), value=', '.join(sorted(NEW_LAYER_SETTINGS))))
    cls = LAYER_CLASSES[spec.kind]
    wanted = cls.input_ndim
    if wanted is not None and len(shape) != wanted:
        raise ValueError(_ndim_hint(spec.kind, wanted, shape))
    allowed = setting_names(spec.kind)
    unknown = [key for key in spec.settings if key not in allowed]
    if unknown:
        taken = ", ".join(allowed) or "no settings"
        raise ValueError(said("{kind} has no setting {value}; it takes {taken}",
                              kind=spec.kind, value=repr(unknown[0]), taken=taken))
    settings = dict(spec.settings)
    if cls.input_argument:
        # Images and vectors keep their features on the first axis (C of (C, H, W));
        # sequences (T, F) on the last.
        settings[cls.input_argument] = shape[-1] if wanted == 2 else shape[0]
    missing = [
        name
        for name, default in _constructor_defaults(cls).items()
        if default is inspect.Parameter.empty and name not in settings
    ]
    if missing:
        example = NEW_LAYER_SETTINGS.get(spec.kind, {}).get(missing[0], 1)
        raise ValueError(said("{kind} needs {value} (for example {value}={example})",
                              kind=spec.kind, value=missing[0], example=repr(example)))
    try:
        layer = cls(**settings)
        layer.output_shape(shape)
    except (TypeError, ValueError) as error:
        # The layer's own message starts with its name ("conv2d: ..."); the row already says which layer.
        raise ValueError(without_layer_name(error.args[0] if len(error.args) == 1 else str(error), cls)) from None
    return layer


def layer_name(cls) -> str:
    return cls.__name__.lower()


def without_layer_name(message: str, cls) -> str:
    """A layer's error without the name it starts with ("conv2d: ", "Conv2D: "), kept translatable."""
    for prefix in (f"{layer_name(cls)}: ", f"{cls.__name__}: "):
        if isinstance(message, Said) and message.startswith(prefix):
            # Its template starts with "{name}: " (or the class name itself): the same words, from after it.
            template = message.template.split(": ", 1)[1]
            return Said(template, {key: value for key, value in message.values.items() if key != "name"})
        message = message.removeprefix(prefix)
    return message


def _ndim_hint(kind: str, wanted: int, shape: Shape) -> str:
    got = shape_text(shape)
    if wanted == 1:
        return said("{kind} takes flat vectors (N, features) but the previous layer outputs {got}: add a Flatten "
                    "before it", kind=kind, got=got)
    if wanted == 3:
        return said("{kind} takes images (N, C, H, W) but the previous layer outputs {got}: move it before the "
                    "Flatten, or Reshape to (C, H, W)", kind=kind, got=got)
    return said("{kind} takes sequences (N, T, features) but the previous layer outputs {got}: add a Reshape to "
                "(rows, columns) before it", kind=kind, got=got)


def check_architecture(specs: list[LayerSpec], input_shape: Shape, num_classes: int) -> ArchitectureReport:
    """Every layer's output shape and parameter count, or the reason it does not fit.

    After the first misfit the following layers cannot be checked (their input is
    unknown), so they are reported as such. The whole architecture must end in one score
    per class: ``(N, num_classes)``.
    """
    rows: list[RowReport] = []
    problem = ""
    shape: Shape | None = tuple(input_shape)
    for number, spec in enumerate(specs, start=1):
        if shape is None:
            rows.append(RowReport(error=said("not checked: an earlier layer does not fit")))
            continue
        try:
            layer = _make_layer(spec, shape)
            shape = layer.output_shape(shape)
            rows.append(RowReport(shape=shape, params=layer.num_params(), layer=layer))
        except ValueError as error:
            message = error.args[0] if len(error.args) == 1 else str(error)
            rows.append(RowReport(error=message))
            problem = problem or said("layer {number} ({kind}): {error}", number=number, kind=spec.kind, error=message)
            shape = None
    if not specs:
        problem = said("the model has no layers: add at least a Flatten and a Dense layer")
    elif not problem and shape != (num_classes,):
        values = {"shape": shape_text(shape), "classes": num_classes}
        if len(shape) > 1:
            problem = said("the last layer outputs {shape} but the data has {classes} classes: end with a Dense layer "
                           "of out_features={classes} after a Flatten", **values)
        else:
            problem = said("the last layer outputs {shape} but the data has {classes} classes: end with a Dense layer "
                           "of out_features={classes}", **values)
    return ArchitectureReport(rows, problem)


def build_model(
    specs: list[LayerSpec], input_shape: Shape, num_classes: int, seed: int | None = None, name: str = "custom"
) -> Sequential:
    """A fresh, randomly initialised model; ValueError with the report's problem if it does not work."""
    report = check_architecture(specs, input_shape, num_classes)
    if not report.ok:
        raise ValueError(report.problem)
    model = Sequential(input_shape=input_shape, name=name, seed=seed)
    for row in report.rows:
        model.add(row.layer)  # re-initialised from the model's seed
    return model.start_near_chance()
