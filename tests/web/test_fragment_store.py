"""The page-fragment store shared by a server's workers: expiry, limits, processes, failures."""

from __future__ import annotations

import multiprocessing
import time

from helpfirst.web import fragment_store
from helpfirst.web.fragment_store import SharedFragmentStore


def test_stores_and_expires_fragments(tmp_path):
    store = SharedFragmentStore(tmp_path / "pages.sqlite3")
    store.set("a", "<p>A</p>", timeout=60)
    store.set("gone", "<p>old</p>", timeout=-1)
    assert store.get("a") == "<p>A</p>"
    assert store.get("gone") is None
    assert store.get("never") is None
    store.set("a", "<p>A2</p>", timeout=60)
    assert store.get("a") == "<p>A2</p>"
    store.clear()
    assert store.get("a") is None


def test_prune_keeps_at_most_max_entries_dropping_the_soonest_to_expire(tmp_path):
    store = SharedFragmentStore(tmp_path / "pages.sqlite3", max_entries=3)
    for n in range(6):
        store.set(f"k{n}", str(n), timeout=100 + n)
    store.prune()
    assert [store.get(f"k{n}") for n in range(6)] == [None, None, None, "3", "4", "5"]


def _write_from_another_process(path: str) -> None:
    store = SharedFragmentStore(path)
    for n in range(50):
        store.set(f"child-{n}", f"<li>{n}</li>", timeout=60)


def test_fragments_written_by_one_process_are_read_by_another(tmp_path):
    path = fragment_store.create_store_file(tmp_path / "run")
    store = SharedFragmentStore(path)
    store.set("parent", "<p>P</p>", timeout=60)
    child = multiprocessing.get_context("spawn").Process(
        target=_write_from_another_process, args=(str(path),)
    )
    child.start()
    for n in range(50):  # writes at the same time as the child
        store.set(f"parent-{n}", "x", timeout=60)
    child.join(60)
    assert child.exitcode == 0
    assert store.get("child-49") == "<li>49</li>"
    assert store.get("parent") == "<p>P</p>"
    fragment_store.remove_store_file(path)
    assert not path.exists()


def test_a_broken_store_answers_not_cached_and_never_raises(tmp_path, caplog):
    folder = tmp_path / "not-a-file"
    folder.mkdir()
    store = SharedFragmentStore(folder)  # a directory cannot be opened as a database
    started = time.monotonic()
    assert store.get("a") is None
    store.set("a", "x", timeout=60)
    store.clear()
    assert time.monotonic() - started < 5
    assert "Page fragment store" in caplog.text


def test_account_pages_use_the_servers_shared_store_when_there_is_one(
    client, world, tmp_path, monkeypatch, settings
):
    from django.urls import reverse

    from helpfirst.accounts import page_cache

    settings.HELPFIRST_PAGE_CACHE_SECONDS = 60
    path = fragment_store.create_store_file(tmp_path / "run")
    monkeypatch.setenv(fragment_store.ENV_FILE, str(path))
    client.force_login(world.rep1)
    url = reverse("account-detail", args=[world.a1.pk])
    assert client.get(url)[page_cache.HEADER] == "miss"
    page_cache._process_fragments.clear()  # not from this process' own cache, then
    assert client.get(url)[page_cache.HEADER] == "hit"
    with SharedFragmentStore(path)._connection() as connection:
        assert connection.execute("SELECT count(*) FROM fragment").fetchone()[0] == 1
