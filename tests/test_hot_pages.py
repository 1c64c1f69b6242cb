"""The process's ready copies of recent cache hits stay bounded and never outlive the cache."""

from unittest import mock

from alemkb.hot_pages import HotPages


def answer(size):
    return 200, {"Content-Type": "text/html"}, b"x" * size


def test_the_least_recently_used_answer_goes_first_when_too_many_are_kept():
    hot = HotPages(max_entries=2, max_bytes=1000)
    hot.set("a", answer(10), 60)
    hot.set("b", answer(10), 60)
    assert hot.get("a") is not None  # "b" is now the least recent
    hot.set("c", answer(10), 60)
    assert hot.get("b") is None
    assert hot.get("a") is not None and hot.get("c") is not None


def test_the_kept_bytes_stay_under_their_bound():
    hot = HotPages(max_entries=100, max_bytes=1000)
    for key in "abcdef":
        hot.set(key, answer(200), 60)
    assert hot.size <= 1000
    assert hot.get("a") is None and hot.get("f") is not None


def test_an_answer_larger_than_a_quarter_of_the_bound_is_not_kept():
    hot = HotPages(max_entries=100, max_bytes=1000)
    hot.set("big", answer(300), 60)
    assert hot.get("big") is None and hot.size == 0


def test_an_answer_is_never_kept_longer_than_the_page_cache_keeps_it():
    hot = HotPages()
    with mock.patch("alemkb.hot_pages.time.monotonic", return_value=100.0):
        hot.set("page", answer(10), 60)
    with mock.patch("alemkb.hot_pages.time.monotonic", return_value=159.0):
        assert hot.get("page") is not None
    with mock.patch("alemkb.hot_pages.time.monotonic", return_value=160.0):
        assert hot.get("page") is None
    assert hot.size == 0
