"""The picture views as a student reads them: Filters (scales, change since the run started) and Feature maps."""

import numpy as np

from .test_main_window import child, choose, click

FULL_RED, FULL_BLUE = (178, 24, 43), (33, 102, 172)  # gui.images.diverging_rgb at +1 and -1


def tiles(view):
    """The drawn kernel pictures (K, kH, kW, 3), cut back out of the Filters grid."""
    picture, (c_out, c_in, kh, kw) = view.image.image, view.kernels.shape
    count = c_out * min(c_in, 8)
    return np.stack([picture[r * (kh + 1) : r * (kh + 1) + kh, c * (kw + 1) : c * (kw + 1) + kw]
                     for r, c in (divmod(k, view.cols) for k in range(count))])  # fmt: skip


def full_colour(tile) -> bool:
    return bool(np.all(tile == FULL_RED, axis=-1).any() or np.all(tile == FULL_BLUE, axis=-1).any())


def test_filters_scale_per_kernel_show_the_change_since_the_run_started_and_a_colour_key(qtbot, window, small_data):
    window._set_dataset(small_data)
    window.choose_model("lab-cnn-light")
    window.tabs.setCurrentWidget(window.filters)
    filters, scale, key = window.filters, child(window, "filterScaleCombo"), child(window, "filterColourScale")
    assert key.isVisible()
    largest = float(np.abs(filters.kernels).max())
    assert key.highLabel.text() == f"{largest:+.2g}" and key.lowLabel.text() == f"{-largest:+.2g}"
    shared = [full_colour(tile) for tile in tiles(filters)]
    assert sum(shared) < len(shared), "one scale for the layer: only the strongest kernels reach full colour"

    choose(scale, "each kernel on its own scale")
    assert all(full_colour(tile) for tile in tiles(filters)), "every kernel's largest weight is full colour"
    assert key.meaningLabel.text() == "each kernel's largest weight"

    choose(scale, "change since the run started")
    assert "no run yet" in key.meaningLabel.text()
    before = filters.kernels.copy()
    for _ in range(3):
        click(window, "stepButton")
        qtbot.wait(100)
    qtbot.waitUntil(lambda: not np.array_equal(filters.kernels, before), timeout=20_000)
    change = filters.kernels - before
    assert key.meaningLabel.text() == "change of each weight since the run started"
    assert key.highLabel.text() == f"{np.abs(change).max():+.2g}", "the key is the largest change, not weight"
    assert np.abs(change).max() < 0.2 * largest, "three steps move the weights little..."
    assert sum(full_colour(tile) for tile in tiles(filters)) >= 1, "...but the change view shows it at full colour"
