"""Small matrix products run on one BLAS thread, and the setting always comes back."""

import threading

import numpy as np
import pytest

from engine import blas

needs_openblas = pytest.mark.skipif(blas._openblas is None, reason="numpy does not use OpenBLAS here")


def threads_now() -> int:
    return blas._openblas[0]()


@needs_openblas
def test_small_products_run_on_one_thread_and_the_count_comes_back():
    before = threads_now()
    with blas.threads_for(64 * 64 * 256):
        assert threads_now() == 1
    assert threads_now() == before
    with blas.threads_for(10**9):  # a big product keeps every thread
        assert threads_now() == before


@needs_openblas
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


@pytest.mark.parametrize("shape", [(16, 50176, 9), (6, 12544, 25), (32, 3000, 9), (64, 20000, 64)])
def test_a_long_product_summed_in_slices_is_the_product(shape):
    M, K, N = shape
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal((M, K)).astype(np.float32), rng.standard_normal((N, K)).astype(np.float32).T
    np.testing.assert_allclose(blas.long_product(a, b), a.astype(np.float64) @ b.astype(np.float64), rtol=1e-4,
                               atol=1e-3)  # fmt: skip
