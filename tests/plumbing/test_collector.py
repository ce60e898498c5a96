"""The cyclic collector is paused while a matrix is built, and always switched back on."""
import gc

import pytest

from plumbing.collector import collector_paused


def test_the_collector_is_off_inside_and_on_again_after():
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_an_error_inside_still_switches_it_back_on():
    with pytest.raises(ValueError), collector_paused():
        raise ValueError
    assert gc.isenabled()


def test_a_nested_pause_leaves_it_to_the_outermost():
    with collector_paused():
        with collector_paused():
            pass
        assert not gc.isenabled()  # the inner block must not switch it on under the outer one
    assert gc.isenabled()


def test_it_stays_off_when_it_was_off_before():
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_decorator_pauses_the_call_and_returns_its_result():
    seen = []

    @collector_paused()
    def build(value):
        seen.append(gc.isenabled())
        return value * 2

    assert build(21) == 42 and seen == [False] and gc.isenabled()
