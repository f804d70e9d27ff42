"""alu.gc_pause: what is built while the collector is paused joins the oldest generation; the host's own
collector settings and frozen objects are left as they were."""

from __future__ import annotations

import gc

from alu.gc_pause import gc_paused


def _generations(objects: list[object]) -> list[int]:
    ids = {id(o) for o in objects}
    return [sum(id(o) in ids for o in gc.get_objects(generation=g)) for g in range(3)]


def test_what_is_built_while_paused_is_not_walked_again_as_young():
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        built = [[k] for k in range(2000)]
    assert gc.isenabled()
    assert _generations(built) == [0, 0, 2000]


def test_a_host_that_froze_objects_keeps_them_frozen():
    hosts = [[k] for k in range(100)]
    gc.freeze()
    try:
        with gc_paused():
            built = [[k] for k in range(500)]
        assert _generations(hosts) == [0, 0, 0]  # still in the permanent generation, not the oldest
        assert _generations(built)[2] == 0  # left where a collection would find them
    finally:
        gc.unfreeze()


def test_a_host_that_disabled_the_collector_finds_it_disabled():
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
