"""The training doctor in the window: its hints under the curves, a mark where each showed."""

from .test_layout import layout_problems, scroll_bars_shown
from .test_main_window import child, choose, click


def test_the_training_doctor_says_what_it_saw_under_the_curves_and_marks_where(qtbot, window, small_data):
    window._set_dataset(small_data)
    window.choose_model("lab-cnn-light")
    choose(child(window, "optimizerCombo"), "sgd")
    child(window, "learningRateSpin").setValue(1.0)
    child(window, "epochsSpin").setValue(3)
    window.show_error = lambda message: None  # (a run that diverges says so in a message box)
    window.tabs.setCurrentWidget(window.curves)
    panel, hints = child(window, "doctorPanel"), child(window, "doctorHints")
    assert not panel.isVisible()  # nothing said yet
    click(window, "trainButton")
    qtbot.waitUntil(lambda: panel.isVisible(), timeout=60_000)
    assert "Training doctor" in hints.text() and "the learning rate looks too high" in hints.text()
    assert "lower the learning rate" in hints.text()
    marks = [lines for _, key, lines in window.curves.marks if key == "hint lr-too-high"]
    assert marks and marks[0][0].label.format == "doctor: learning rate too high"
    qtbot.waitUntil(lambda: not window.training.running(), timeout=60_000)
    window.resize(800, 600)
    qtbot.wait(50)
    window.grab().save("/tmp/doctor-800.png")
    assert layout_problems(window.curves) == []
    assert not scroll_bars_shown(window.tabs.widget(window.tabs.currentIndex())), "the hints push the tab to scroll"
    window.confirm = lambda question: True  # "throw away the trained model?": yes
    click(window, "startOverButton")
    qtbot.waitUntil(lambda: not panel.isVisible(), timeout=5_000)  # a new run starts with nothing said
