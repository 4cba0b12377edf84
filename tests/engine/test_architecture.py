import numpy as np
import pytest

from engine.architecture import (
    NEW_LAYER_SETTINGS,
    LayerSpec,
    build_model,
    check_architecture,
    parse_settings,
    specs_from_model,
)
from engine.layers import LAYER_CLASSES
from engine.presets import INPUT_SHAPE, PRESETS, build_preset


@pytest.mark.parametrize("name", list(PRESETS))
def test_every_preset_round_trips_through_specs(name):
    model = build_preset(name, seed=0)
    specs = specs_from_model(model)
    report = check_architecture(specs, INPUT_SHAPE, 10)
    assert report.ok, report.problem
    assert [row.shape for row in report.rows] == model.layer_shapes()
    assert report.total_params == model.num_params()
    rebuilt = build_model([LayerSpec(s.kind, parse_settings(s.settings_text())) for s in specs], INPUT_SHAPE, 10)
    assert [layer.get_config() for layer in rebuilt.layers] == [layer.get_config() for layer in model.layers]


def test_input_sizes_follow_the_previous_layer():
    specs = specs_from_model(build_preset("lab-cnn"))
    specs[0] = LayerSpec("Conv2D", {"out_channels": 4, "kernel_size": 5})  # 28 -> 24, then pooled to 12, 6
    model = build_model(specs, INPUT_SHAPE, 10, seed=0)
    assert model.layers[3].in_channels == 4
    assert model.layers[7].in_features == 64 * 6 * 6
    assert model.predict(np.zeros((2, *INPUT_SHAPE), np.float32)).shape == (2, 10)


def test_every_new_layer_kind_is_a_real_class_with_its_defaults():
    assert set(NEW_LAYER_SETTINGS) <= set(LAYER_CLASSES)
    for kind, settings in NEW_LAYER_SETTINGS.items():
        shape = {1: (64,), 2: (28, 28), 3: (8, 28, 28), None: (784,)}[LAYER_CLASSES[kind].input_ndim]
        report = check_architecture([LayerSpec(kind, dict(settings))], shape, 10)
        assert report.rows[0].error == "", (kind, report.rows[0].error)


@pytest.mark.parametrize(
    "edit, message",
    [
        (lambda s: s.insert(7, LayerSpec("Conv2D", {"out_channels": 4})), "layer 8 (Conv2D): Conv2D takes images"),
        (
            lambda s: s.pop(6),
            "layer 7 (Dense): Dense takes flat vectors (N, features) but the previous layer outputs "
            "(N, 64, 7, 7): add a Flatten before it",
        ),
        (lambda s: s.pop(), "the last layer outputs (N, 128) but the data has 10 classes"),
        (lambda s: s.__setitem__(0, LayerSpec("Conv2D", {"kernal_size": 3})), "Conv2D has no setting 'kernal_size'"),
        (lambda s: s.__setitem__(0, LayerSpec("Conv2D", {"kernel_size": 3})), "Conv2D needs out_channels"),
        (
            lambda s: s.__setitem__(0, LayerSpec("Conv2D", {"out_channels": -3, "kernel_size": 3})),
            "layer 1 (Conv2D): out_channels must be a positive integer, got -3",
        ),
        (lambda s: s.__setitem__(2, LayerSpec("MaxPool2D", {"kernel_size": 30})), "a 30x30 window does not fit"),
        (lambda s: s.__setitem__(0, LayerSpec("Teleporter", {})), "unknown layer type 'Teleporter'"),
        (lambda s: s.clear(), "the model has no layers"),
    ],
)
def test_misfits_are_explained_and_later_rows_marked(edit, message):
    specs = specs_from_model(build_preset("lab-cnn"))
    edit(specs)
    report = check_architecture(specs, INPUT_SHAPE, 10)
    assert not report.ok
    assert message in report.problem
    failed = [i for i, row in enumerate(report.rows) if row.error]
    if failed:  # one layer does not fit: the rows before it are fine, the rows after it are not checked
        first = failed[0]
        assert message in report.rows[first].error or report.rows[first].error in report.problem
        assert all(row.shape is not None and not row.error for row in report.rows[:first])
        assert report.rows[first].shape is None
        assert all(row.shape is None and row.error.startswith("not checked") for row in report.rows[first + 1 :])
    else:  # every layer fits: the problem is the whole model's (its output, or no layers at all)
        assert all(row.shape is not None for row in report.rows)
        assert message.startswith(("the last layer", "the model has no layers"))
    with pytest.raises(ValueError, match="layer|classes|no layers"):
        build_model(specs, INPUT_SHAPE, 10)


def test_parse_settings_reads_literals_and_words_but_runs_nothing():
    assert parse_settings(" out_channels=16, kernel_size=[3, 5], padding=same, bias=false ") == {
        "out_channels": 16,
        "kernel_size": [3, 5],
        "padding": "same",
        "bias": False,
    }
    assert parse_settings("") == {}
    for text, message in [
        ("16", "every setting needs a name"),
        ("a=", "write them as name=value"),
        ("a=__import__('os')", "is not a plain value"),
        ("a=1+2", "is not a plain value"),
        ("a=1), (2", "unbalanced brackets"),
    ]:
        with pytest.raises(ValueError, match=message):
            parse_settings(text)
