"""Fixtures shared by the test modules."""
from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable, Iterator

import pytest


@pytest.fixture(scope="session", autouse=True)
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The tests, and the commands they run, keep the table of places in a directory of their own."""
    before = os.environ.get("STATS_CACHE_DIR")
    os.environ["STATS_CACHE_DIR"] = folder = str(tmp_path_factory.mktemp("cache"))
    yield folder
    if before is None:
        del os.environ["STATS_CACHE_DIR"]
    else:
        os.environ["STATS_CACHE_DIR"] = before


def _best_seconds(function: Callable[[], object]) -> float:
    """Seconds ``function()`` takes, the garbage collector off: the best of five runs when a run is
    short (a shared machine is noisy), else of one."""
    times: list[float] = []
    gc.collect()
    gc.disable()
    try:
        while len(times) < 5 and (not times or min(times) < 1):
            start = time.perf_counter()
            function()
            times.append(time.perf_counter() - start)
    finally:
        gc.enable()
    return min(times)


@pytest.fixture
def best_seconds() -> Callable[[Callable[[], object]], float]:
    """Time a function for a test that compares times (doubling an input must not triple the time)."""
    return _best_seconds
