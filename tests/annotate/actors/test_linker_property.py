"""Any text links without crashing, and every mention points into the text it came from."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from counterpoint.annotate.actors import ActorRegistry, LinkContext, link_mentions
from tests.annotate.actors.nlp_fixture import ruled_nlp

WORDS = ["DPRK", "KPA", "the", "our", "army", "in", "Pyongyang", "claims", "Kim", "Jong", "Un", "ROK", ",", ".",
         "puppets", "Russian", "troops", "head", "of", "state", "General", "Staff", "US", "'s", "’s", "-", "\n",
         "\n\n", "said", "President", "Moon", "Workers'", "Party", "Korea", "neo-Nazi", "formations"]
ODD = st.sampled_from([
    "\u0301" * 40, "\u202e", "\u202d", "\u200f", "\u200b", "\u200d", "\ufeff", "\u00a0", "\u2028", "\t",
    "\U0001f600", "\ud7ff", "K\u0301P\u0301A\u0301", "DP\u200bRK", "\u202eKPA\u202c", "Пхеньян", "조선",
])
TEXT = st.lists(st.one_of(st.sampled_from(WORDS), ODD, st.text(max_size=8)), max_size=40).map(" ".join)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT, st.sampled_from([None, "2024-03-17", "2025", "2025-04"]), st.sampled_from(["headline", "body"]))
def test_any_text(text: str, published: str | None, field: str) -> None:
    doc = ruled_nlp()(text)
    ctx = LinkContext(registry=ActorRegistry.load())
    mentions = link_mentions(doc, item_id="i", field=field, published=published, context=ctx)  # type: ignore[arg-type]
    last = 0
    for m in mentions:
        assert 0 <= m.start < m.end <= len(doc.text)
        assert m.text == doc.text[m.start:m.end]
        assert m.start >= last
        last = m.end
    # the same context can go on to another field
    link_mentions(ruled_nlp()(text[::-1]), item_id="i", field="body", published=published, context=ctx)
