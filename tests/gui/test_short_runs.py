"""A preset's recipe follows the Epochs box: a short run gets the recipe for its budget, typed values stay."""

import pytest

from engine.presets import PRESETS

from .test_main_window import child, type_into


def test_the_recipe_follows_the_epochs_typed_until_the_user_changes_it_by_hand(window):
    window.choose_model("mini-resnet")
    epochs, lr, batch = child(window, "epochsSpin"), child(window, "learningRateSpin"), child(window, "batchSizeSpin")
    assert epochs.value() == 30 and lr.value() == pytest.approx(2e-3) and batch.value() == 64

    type_into(epochs, "3")
    assert lr.value() == pytest.approx(1e-2) and batch.value() == 32
    assert child(window, "augmentStrengthSlider").value() == 20
    config = window.controls.training_config()
    assert config.to_dict() == {**config.to_dict(), **PRESETS["mini-resnet"].recipe_for(3), "seed": 0}
    assert (config.warmup_epochs, config.label_smoothing) == (0.3, 0.1), "the settings without a control come too"
    assert window.statusBar().currentMessage().startswith("The recipe for this budget: adam, learning rate 0.01")

    type_into(epochs, "10")
    assert lr.value() == pytest.approx(PRESETS["mini-resnet"].recipe_for(10)["learning_rate"])
    type_into(lr, "0.0005")  # the user's own choice...
    type_into(epochs, "4")
    assert lr.value() == pytest.approx(5e-4) and batch.value() == 64, "...is never overwritten"
    assert window.controls.training_config().epochs == 4


def test_a_model_that_is_no_preset_takes_no_hidden_recipe_settings_along(window):
    window.choose_model("mini-resnet")
    type_into(child(window, "epochsSpin"), "3")
    assert window.controls.training_config().label_smoothing == 0.1
    window.choose_model("default (pretrained)")
    config = window.controls.training_config()
    assert (config.warmup_epochs, config.label_smoothing, config.val_split) == (0.0, 0.0, 0.1)
    type_into(child(window, "epochsSpin"), "30")
    assert child(window, "learningRateSpin").value() == pytest.approx(1e-2), "no recipe follows the pretrained model"
