"""The annotate stage over stored items: offsets, skipping, chunking, failures, re-runs."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counterpoint.annotate.stage import ANNOTATOR, Annotator, annotate_pending, chunks
from counterpoint.config import Settings
from counterpoint.model import Document, PartialDate
from counterpoint.segment import segment
from counterpoint.store.sqlite import SQLiteStore

REPORT = (
    "North Korea blows up roads near the border\n\n"
    "The Joint Chiefs of Staff in Seoul said North Korean troops blew up sections of two roads on October 15."
    " Pyongyang had announced on October 9 that it would cut all roads and railways to the South.\n\n"
    "Kim Jong Un was not seen at the site, the ministry said, and the General Staff of the Korean People's Army"
    " said our army would fortify the border.\n"
)


def _doc(text: str, *, language: str = "en", locator: str = "r.txt") -> Document:
    return Document(
        id=Document.make_id("seoul-ledger.example", locator, None, text), locator=locator, kind="text",
        text=text, source="seoul-ledger.example", source_origin="flag", url=None, title=None, author=None,
        published=PartialDate(2024, 10, 15, "header"), language=language, language_score=0.99,
        analysed=language == "en", encoding="utf-8", raw_sha256="", raw_size=len(text),
    )


@pytest.fixture(scope="module")
def annotator() -> Annotator:
    return Annotator(Settings())


def _store(tmp_path: Path, *docs: Document) -> SQLiteStore:
    store = SQLiteStore.open(tmp_path / "a.db")
    run = store.begin_run("test", [])
    for doc in docs:
        store.add_document(doc, segment(doc), run)
    store.commit()
    return store


def test_annotates_actors_places_and_dates_with_offsets_into_fields(tmp_path: Path, annotator: Annotator) -> None:
    store = _store(tmp_path, _doc(REPORT))
    summary = annotate_pending(store, Settings(), annotator=annotator)
    assert summary.annotated == 1 and summary.failed == 0
    item = next(store.iter_items()).item
    fields = {"headline": item.headline.text if item.headline else "", "body": item.body}
    mentions = list(store.iter_mentions())
    for m in mentions:
        assert fields[m.field][m.start:m.end] == m.text
    assert any(m.text == "Kim Jong Un" and m.actor_id and m.sector for m in mentions if m.kind == "actor")
    assert any(m.text == "our army" and m.actor_id for m in mentions)
    places = [m for m in mentions if m.kind == "place" and m.place is not None]
    assert any(m.text == "Seoul" and m.place and m.place.country == "KOR" for m in places)
    times = {t.text: t.value.iso() for t in store.iter_time_exprs()}
    assert times.get("October 15") == "2024-10-15" and times.get("October 9") == "2024-10-09"
    sentences = store.conn.execute("SELECT count(*) FROM sentences").fetchone()[0]
    assert sentences >= 4
    # a second run finds nothing pending
    assert annotate_pending(store, Settings(), annotator=annotator).items == 0
    store.close()


def test_non_english_items_are_skipped_and_marked(tmp_path: Path, annotator: Annotator) -> None:
    text = "Путин поблагодарил КНДР\n\nПрезидент России поблагодарил военных за помощь в Курской области.\n"
    store = _store(tmp_path, _doc(text, language="ru"))
    summary = annotate_pending(store, Settings(), annotator=annotator)
    assert summary.skipped_language == 1 and summary.annotated == 0
    assert store.annotation_status() == {"skipped-language": 1}
    assert list(store.iter_mentions()) == []
    store.close()


def test_a_failing_item_is_recorded_and_the_others_go_on(tmp_path: Path, annotator: Annotator,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    bad = _doc("Poison pill item\n\nThis body holds the word poison and more.\n", locator="bad.txt")
    store = _store(tmp_path, _doc(REPORT), bad)
    from counterpoint.annotate import stage

    real = stage.find_dates

    def flaky(text: str, **kwargs: object) -> object:
        if "poison" in text:
            raise RuntimeError("boom")
        return real(text, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(stage, "find_dates", flaky)
    summary = annotate_pending(store, Settings(), annotator=annotator)
    assert summary.failed == 1 and summary.annotated == 1
    status = store.annotation_status()
    assert status == {"done": 1, "failed": 1}
    detail = store.conn.execute("SELECT detail, annotator FROM annotations WHERE status='failed'").fetchone()
    assert "RuntimeError: boom" in detail[0] and detail[1] == ANNOTATOR
    store.close()


def test_long_bodies_are_chunked_and_offsets_stay_right(tmp_path: Path, annotator: Annotator) -> None:
    para = ("Russian troops shelled the Sumy region on Tuesday, Ukrainian officials in Kyiv said. " * 6).strip()
    text = "Shelling continues\n\n" + "\n\n".join([para] * 40) + "\n"
    store = _store(tmp_path, _doc(text))
    small = Settings(chunk_chars=1500)
    summary = annotate_pending(store, small, annotator=Annotator(small))
    assert summary.annotated == 1
    item = next(store.iter_items()).item
    mentions = list(store.iter_mentions())
    assert len([m for m in mentions if m.text == "Kyiv"]) >= 40
    for m in mentions:
        text_of = item.body if m.field == "body" else item.headline.text if item.headline else ""
        assert text_of[m.start:m.end] == m.text
    idx = [r[0] for r in store.conn.execute("SELECT idx FROM sentences WHERE field='body' ORDER BY idx")]
    assert idx == list(range(len(idx)))
    store.close()


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=400), st.integers(5, 120))
def test_chunks_cover_the_text_in_order(text: str, limit: int) -> None:
    pieces = chunks(text, limit)
    assert "".join(p for _, p in pieces) == text
    for offset, piece in pieces:
        assert text[offset:offset + len(piece)] == piece and 0 < len(piece) <= limit


@settings(max_examples=30, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .\n\u0301\u202e\u200bКim")), max_size=300))
def test_garbage_unicode_never_breaks_the_stage(annotator: Annotator, text: str) -> None:
    from counterpoint.store.annotations import PendingItem

    doc = _doc("Headline here\n\n" + text + " Kim Jong Un said.")
    items = [PendingItem(i, doc.id, doc.locator, True, "en") for i in segment(doc)]
    for item, result in zip(items, annotator.annotate(items), strict=True):
        fields = {"headline": item.item.headline.text if item.item.headline else "", "body": item.item.body}
        for m in result.mentions:
            assert fields[m.field][m.start:m.end] == m.text
        for t in result.times:
            assert fields[t.field][t.start:t.end] == t.text


def test_items_without_sentences_are_done_with_nothing(tmp_path: Path, annotator: Annotator) -> None:
    store = _store(tmp_path, _doc("...\n\n— — —\n"))
    summary = annotate_pending(store, Settings(), annotator=annotator)
    assert summary.failed == 0 and summary.annotated == summary.items
    assert list(store.iter_mentions()) == [] and list(store.iter_time_exprs()) == []
    store.close()
