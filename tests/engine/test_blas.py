"""Small matrix products run on one BLAS thread, and the setting always comes back."""

import threading

import pytest

from engine import blas

pytestmark = pytest.mark.skipif(blas._openblas is None, reason="numpy does not use OpenBLAS here")


def threads_now() -> int:
    return blas._openblas[0]()


def test_small_products_run_on_one_thread_and_the_count_comes_back():
    before = threads_now()
    with blas.threads_for(64 * 64 * 256):
        assert threads_now() == 1
    assert threads_now() == before
    with blas.threads_for(10**9):  # a big product keeps every thread
        assert threads_now() == before


def test_the_count_comes_back_after_an_error_and_after_overlapping_sections_in_two_threads():
    before = threads_now()
    with pytest.raises(RuntimeError), blas.threads_for(1000):
        raise RuntimeError("a product failed")
    assert threads_now() == before
    inside, leave = threading.Event(), threading.Event()

    def other():
        with blas.threads_for(1000):
            inside.set()
            leave.wait(5)

    thread = threading.Thread(target=other)
    with blas.threads_for(1000):
        thread.start()
        inside.wait(5)
    assert threads_now() == 1  # the other thread's section is still open
    leave.set()
    thread.join(5)
    assert threads_now() == before
