"""Page layouts: how many items, and each item's caption, headline, date,
photo captions and dropped boilerplate (fixtures in tests/fixtures/segment)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypedDict

import pytest

from counterpoint.model import Document, Item, PartialDate
from counterpoint.segment import segment


@dataclass(frozen=True)
class Want:
    """What one item must look like. ``date`` is ISO or None; ``origin`` the
    date's origin; ``photos`` and ``paragraphs`` are text prefixes."""

    headline: str | None
    caption: str | None = None
    date: str | None = None
    granularity: str = "unknown"
    origin: str = "none"
    photos: tuple[str, ...] = ()
    dropped: tuple[tuple[str, str], ...] = ()
    paragraphs: tuple[str, ...] | None = None


class DateFields(TypedDict):
    date: str
    granularity: str
    origin: str


def headline(date: str, gran: str = "day") -> DateFields:
    return {"date": date, "granularity": gran, "origin": "headline"}


DOC_DATE = PartialDate(2025, 1, 6, "html-meta")
FROM_DOC: DateFields = {"date": "2025-01-06", "granularity": "day", "origin": "document"}

CASES: list[tuple[str, str | None, list[Want]]] = [
    (
        "kickers_one_undated.txt",
        None,
        [
            Want("Patrol boats shadow fishing fleet near the maritime border (2.6.2025)", caption="COASTAL WATCH",
                 **headline("2025-06-02")),
            Want("Rice planting finished early on the western plains (28.5.2025)", caption="HARVEST NEWS",
                 **headline("2025-05-28")),
            Want("Touring orchestra plays to packed halls in three provincial cities", caption="CULTURE PAGE"),
        ],
    ),
    (
        "blogroll_captions.txt",
        None,
        [
            Want(
                "KCNA: Hwasong-20 Rolls Across Kim Il Sung Square on the Party's 80th Birthday! (10.10.2025)",
                caption="Party Anniversary Parade!",
                dropped=(("Share", "share-button"),),
                paragraphs=("Long columns of launch vehicles",),
                **headline("2025-10-10"),
            ),
            Want(
                "KCNA: Respected Leader Arrives in Beijing for the Victory Day Celebrations! (3.9.2025)",
                photos=("Accompanied by Choe Son Hui", "Pictured: the leader"),
                paragraphs=("The armoured train", "State television replayed"),
                **headline("2025-09-03"),
            ),
            Want(
                "KCNA: Respected Leader Watches Artillery Firing Contest of Frontline Units!",
                caption="Gunners Shine!",
                paragraphs=("Salvo after salvo",),
            ),
            Want(
                "KCNA: Leader Decorates Commanders of Units Back From the Kursk Front! (22.8.2025)",
                caption="Heroes Come Home - Pyongyang - 2025",
                dropped=(("« Previous 1 2 3 Next »", "pagination"),),
                **headline("2025-08-22"),
            ),
        ],
    ),
    (
        "digest_bullets.txt",
        None,
        [
            Want(
                "Ukraine says it captured two North Korean soldiers in Kursk",
                dropped=(("Peninsula Watch - Weekly Digest", "page-header"),),
                paragraphs=("Kyiv's security service",),
            ),
            Want("South Korea's Constitutional Court removes Yoon Suk Yeol from office"),
            Want(
                "Seoul and Washington open Freedom Shield drills",
                dropped=(
                    ("Subscribe to the weekly digest and get it in your inbox every Monday.", "subscribe"),
                    ("© 2025 Peninsula Watch. All rights reserved.", "footer"),
                ),
            ),
        ],
    ),
    (
        "digest_numbered.txt",
        None,
        [
            Want(
                "2024-08-06 | Ukrainian forces cross into the Kursk region",
                dropped=(("Kursk Front: Key Dates", "page-header"),),
                **headline("2024-08-06"),
            ),
            Want("2024-11-05 | Kyiv reports its first clashes with North Korean troops", **headline("2024-11-05")),
            Want("2025-04-26 | Moscow declares the Kursk region cleared", **headline("2025-04-26")),
        ],
    ),
    (
        "article_byline.txt",
        None,
        [
            Want(
                "North Korea has sent more troops to Russia, Seoul's spy agency says",
                dropped=(
                    ("By Mina Seo and Tom Hale, Asia Wire", "byline"),
                    ("Reporting by Mina Seo; Editing by Tom Hale", "byline"),
                ),
                paragraphs=("South Korea's intelligence service", "The agency said"),
                **FROM_DOC,
            )
        ],
    ),
    (
        "widgets_pagination.txt",
        None,
        [
            Want(
                "Seoul Says Trash From a North Korean Balloon Fell on the Presidential Compound",
                paragraphs=("The presidential security service", "Officials said the bags"),
                dropped=(
                    ("Home | World | Asia | Opinion | Video", "navigation"),
                    (
                        "This site uses cookies to improve your experience. "
                        "By continuing to browse you agree to our cookie policy.",
                        "cookie",
                    ),
                    ("Share this:", "share-button"),
                    ("Facebook Twitter WhatsApp Email", "share-button"),
                    ("Share", "share-button"),
                    ("Advertisement", "advertisement"),
                    ("Print", "share-button"),
                    ("Related: North Korea Floats Hundreds More Balloons Across the Border", "related"),
                    ("Read more", "read-more"),
                    ("Tags: North Korea, balloons, Seoul", "tags"),
                    ("Sign up for our morning newsletter.", "subscribe"),
                    ("© 2024 Example Daily. All rights reserved.", "footer"),
                    ("« Previous 1 2 3 … 10 Next »", "pagination"),
                    ("Page 2 of 5", "pagination"),
                    ("Older posts", "pagination"),
                ),
                **FROM_DOC,
            )
        ],
    ),
    (
        "no_dates_kickers.txt",
        None,
        [
            Want("Loudspeakers Fall Silent Along the DMZ", caption="Border Tension"),
            Want(
                "Pyongyang Rebuffs Seoul's Offer of Talks",
                caption="Diplomacy",
                dropped=(("Continue reading", "read-more"),),
            ),
            Want("North Korea Launches Its Largest Warship Yet", caption="Navy"),
        ],
    ),
    (
        "prefix_no_dates.txt",
        None,
        [
            Want("UPDATE - Pyongyang accuses Seoul of flying drones over the capital"),
            Want("UPDATE - North fires short-range missiles into the East Sea"),
        ],
    ),
    (
        "no_dates_single.txt",
        None,
        [
            Want(
                "What the Kursk Deployment Taught Pyongyang",
                paragraphs=("North Korean units", "Lessons From the Front", "Troops who", "Back Home", "Analysts"),
                **FROM_DOC,
            )
        ],
    ),
    (
        "title_repeat.txt",
        "Kim Jong Un oversees test of new hypersonic missile | Example Times",
        [Want("Kim Jong Un Oversees Test of New Hypersonic Missile", **FROM_DOC)],
    ),
    (
        "title_repeat.txt",
        "Kim Jong Un Oversees Test of New Hypersonic Missiles",
        [Want("Kim Jong Un Oversees Test of New Hypersonic Missile", **FROM_DOC)],
    ),
    (
        "title_repeat.txt",
        "Pyongyang starts the year with a launch",
        [Want(None, paragraphs=("Kim Jong Un Oversees", "North Korea launched", "South Korea's"), **FROM_DOC)],
    ),
    (
        "crawler_dump.txt",
        None,
        [
            Want(
                "Moscow publicly thanks North Korea for its troops in Kursk",
                paragraphs=("The Kremlin thanked", "The statement said", "Kyiv has said", "Neither side"),
                dropped=(("Share", "share-button"),),
                **FROM_DOC,
            )
        ],
    ),
    (
        "slash_dayfirst.txt",
        None,
        [
            Want("Hwasong-19 Test Hailed as Success [31/10/2024]", **headline("2024-10-31")),
            Want("Kim Yo Jong Condemns Flight of US Bomber [2/11/2024]", **headline("2024-11-02")),
        ],
    ),
    (
        "slash_monthfirst.txt",
        None,
        [
            Want("Hwasong-19 Test Hailed as Success [10/31/2024]", **headline("2024-10-31")),
            Want("Kim Yo Jong Condemns Flight of US Bomber [11/2/2024]", **headline("2024-11-02")),
        ],
    ),
    (
        "slash_ambiguous.txt",
        None,
        [
            Want("South Koreans Choose a New President [3/6/2025]", **headline("2025-06-03")),
            Want("Lee Jae-myung Sworn In Hours After His Victory [4/6/2025]", **headline("2025-06-04")),
        ],
    ),
    (
        "month_dates.txt",
        None,
        [
            Want("Monthly Review: Pyongyang Parades Its Newest ICBM - October 2025", **headline("2025-10", "month")),
            Want(
                "Monthly Review: Kim Travels to Beijing for the Victory Day Parade - September 2025",
                **headline("2025-09", "month"),
            ),
            Want("Monthly Review: Summer Drills Draw Familiar Warnings"),
        ],
    ),
    (
        "share_sentence.txt",
        None,
        [
            Want(
                None,
                paragraphs=(
                    "The two Koreas share a border that is among the most heavily fortified in the world.",
                    "Russia's share of the North's foreign trade has grown since the treaty was signed, "
                    "though China still takes the larger share.",
                    "Officials in Seoul declined to share details of the intelligence, "
                    "and state print media in Pyongyang made no mention of it.",
                ),
                dropped=(("Share", "share-button"),),
                **FROM_DOC,
            )
        ],
    ),
]


def _ids() -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for name, _, _ in CASES:
        seen[name] = seen.get(name, 0) + 1
        out.append(name.removesuffix(".txt") + ("" if seen[name] == 1 else f"-{seen[name]}"))
    return out


def _segment(
    fixture_text: Callable[[str], str], make_doc: Callable[..., Document], name: str, title: str | None
) -> tuple[Document, tuple[Item, ...]]:
    doc = make_doc(fixture_text(name), title=title, published=DOC_DATE)
    return doc, segment(doc)


@pytest.mark.parametrize(("name", "title", "wants"), CASES, ids=_ids())
def test_layout(
    name: str,
    title: str | None,
    wants: list[Want],
    fixture_text: Callable[[str], str],
    make_doc: Callable[..., Document],
) -> None:
    _, items = _segment(fixture_text, make_doc, name, title)
    assert len(items) == len(wants)
    for item, want in zip(items, wants, strict=True):
        assert (item.headline.text if item.headline else None) == want.headline
        assert (item.caption.text if item.caption else None) == want.caption
        assert item.published.iso() == want.date
        assert item.published.granularity == want.granularity
        assert item.published.origin == want.origin
        assert len(item.photo_captions) == len(want.photos)
        for span, prefix in zip(item.photo_captions, want.photos, strict=True):
            assert span.text.startswith(prefix)
        assert [(d.text, d.reason) for d in item.dropped] == list(want.dropped)
        if want.paragraphs is not None:
            assert len(item.paragraphs) == len(want.paragraphs)
            for span, prefix in zip(item.paragraphs, want.paragraphs, strict=True):
                assert span.text.startswith(prefix)


@pytest.mark.parametrize("name", sorted({name for name, _, _ in CASES}))
def test_photo_captions_never_in_body(
    name: str, fixture_text: Callable[[str], str], make_doc: Callable[..., Document]
) -> None:
    _, items = _segment(fixture_text, make_doc, name, None)
    for item in items:
        for para in item.paragraphs:
            assert not para.text.startswith(("Accompanied by", "Pictured:"))
            assert "\nPictured:" not in para.text


def test_glued_share_leaves_the_paragraph_whole(
    fixture_text: Callable[[str], str], make_doc: Callable[..., Document]
) -> None:
    doc, items = _segment(fixture_text, make_doc, "crawler_dump.txt", None)
    (item,) = items
    para = item.paragraphs[2]
    assert para.text.endswith("had long refused to confirm.")
    (share,) = item.dropped
    assert doc.text[para.end : share.start] == " "
    assert share.end == para.end + len(" Share")


def test_item_date_is_never_invented_on_a_multi_item_page(
    fixture_text: Callable[[str], str], make_doc: Callable[..., Document]
) -> None:
    # the document has a date, but an undated item of a blog roll stays unknown
    _, items = _segment(fixture_text, make_doc, "blogroll_captions.txt", None)
    undated = [i for i in items if not i.published.known]
    assert [i.position for i in undated] == [3]
    assert undated[0].published == PartialDate()


def test_one_item_without_any_date(make_doc: Callable[..., Document]) -> None:
    (item,) = segment(make_doc("A Short Note\n\nNothing here carries a date at all, and no header gave one."))
    assert item.published == PartialDate()
    assert item.headline is not None and item.headline.text == "A Short Note"


def test_body_joins_paragraphs_with_a_blank_line(
    fixture_text: Callable[[str], str], make_doc: Callable[..., Document]
) -> None:
    _, items = _segment(fixture_text, make_doc, "blogroll_captions.txt", None)
    body = items[1].body
    assert body.startswith("The armoured train")
    assert "\n\nState television replayed" in body
    assert "Pictured" not in body


def test_hard_wrapped_lines_make_one_paragraph(make_doc: Callable[..., Document]) -> None:
    text = (
        "Drills Resume on the Peninsula\n\n"
        "The allies started their summer exercise on Monday with computer\n"
        "simulations and field training, and the North condemned it.\n\n"
        "Short line\nnext line."
    )
    (item,) = segment(make_doc(text))
    assert [p.text for p in item.paragraphs] == [
        "The allies started their summer exercise on Monday with computer\n"
        "simulations and field training, and the North condemned it.",
        "Short line",
        "next line.",
    ]


def test_kicker_above_single_headline(make_doc: Callable[..., Document]) -> None:
    text = (
        "ANALYSIS\n"
        "Why Pyongyang Sent Soldiers to Kursk\n"
        "By Jane Doe\n\n"
        "The deployment gave the North's army its first combat experience in decades."
    )
    (item,) = segment(make_doc(text))
    assert item.caption is not None and item.caption.text == "ANALYSIS"
    assert item.headline is not None and item.headline.text == "Why Pyongyang Sent Soldiers to Kursk"
    assert [(d.text, d.reason) for d in item.dropped] == [("By Jane Doe", "byline")]


def test_dated_single_headline_wins_over_document_date(make_doc: Callable[..., Document]) -> None:
    text = "Kim Visits Missile Factory (14.1.2025)\n\nThe leader toured the plant and called for more output."
    (item,) = segment(make_doc(text, published=DOC_DATE))
    assert item.published == PartialDate(2025, 1, 14, "headline")


def test_timeline_in_an_article_is_not_items(make_doc: Callable[..., Document]) -> None:
    text = (
        "How the Kursk Campaign Unfolded\n\n"
        "The fighting lasted about nine months.\n\n"
        "6 August 2024 - Ukrainian troops cross the border\n"
        "5 November 2024 - First clashes with North Korean units\n"
        "26 April 2025 - Moscow declares the region cleared\n\n"
        "Both sides paid a heavy price for the campaign."
    )
    assert len(segment(make_doc(text))) == 1


INLINE: list[tuple[str, str, list[str | None]]] = [
    (
        "interview-questions-stay-one-item",
        "Interview: A Defector on the Kursk Deployment\n\n"
        "Q: Why did the soldiers go?\nThey were told it was training, he said, and learned the truth on the train.\n\n"
        "Q: Will more be sent?\nHe expects so, because the army values the combat experience.",
        ["Interview: A Defector on the Kursk Deployment"],
    ),
    (
        "bulleted-list-inside-an-article",
        "Seoul Lists Steps After Balloon Launches\n\n"
        "The government announced several measures on Sunday:\n"
        "- Loudspeaker broadcasts along the border will resume within days.\n"
        "- Residents near the border will receive protective gear.\n\n"
        "Officials said more steps could follow.",
        ["Seoul Lists Steps After Balloon Launches"],
    ),
    (
        "numbered-statement-stays-one-item",
        "Statement of the General Staff\n\n"
        "1. The southern border will be permanently shut off.\n"
        "2. Roads and railways connected to the south will be cut.\n\n"
        "The measures are self-defensive, the statement said.",
        ["Statement of the General Staff"],
    ),
    (
        "headline-date-line-read-more",
        "Kim Oversees Hypersonic Missile Test\nJanuary 7, 2025\n"
        "North Korea launched a new hypersonic missile on Monday, state media reported... Read more\n\n"
        "Seoul Court Upholds Impeachment\nApril 4, 2025\n"
        "The Constitutional Court removed the president from office in a unanimous ruling... Read more",
        ["Kim Oversees Hypersonic Missile Test", "Seoul Court Upholds Impeachment"],
    ),
    (
        "published-line-is-no-headline",
        "Russia and North Korea Start Work on a Road Bridge\nPublished: 30 April 2025\n\n"
        "The two countries began building a road bridge across the Tumen River, officials said.",
        ["Russia and North Korea Start Work on a Road Bridge"],
    ),
    (
        "lead-sentence-first",
        "Pyongyang, October 10 -- A grand military parade was held in the capital's main square.\n\n"
        "The parade marked the founding anniversary of the ruling party.",
        [None],
    ),
    ("all-boilerplate", "Share\n\n1 2\n\n© 2025 Example", [None]),
    ("one-word", "Kursk", [None]),
]


@pytest.mark.parametrize(("text", "headlines"), [c[1:] for c in INLINE], ids=[c[0] for c in INLINE])
def test_inline_layouts(text: str, headlines: list[str | None], make_doc: Callable[..., Document]) -> None:
    items = segment(make_doc(text))
    assert [i.headline.text if i.headline else None for i in items] == headlines
    if len(items) > 1:
        assert all(not i.published.known for i in items)


def test_blank_text_gives_no_item(make_doc: Callable[..., Document]) -> None:
    assert segment(make_doc("")) == ()
    assert segment(make_doc(" \n\n\t\xa0\n")) == ()


def test_all_boilerplate_is_one_item_of_dropped_lines(make_doc: Callable[..., Document]) -> None:
    (item,) = segment(make_doc("Share\n\n1 2\n"))
    assert item.paragraphs == ()
    assert [(d.text, d.reason) for d in item.dropped] == [("Share", "share-button"), ("1 2", "pagination")]


OFFSETS: list[tuple[str, int, str, int, int, str]] = [
    # (fixture, item position, record, start, end, text)
    ("blogroll_captions.txt", 1, "caption", 0, 25, "Party Anniversary Parade!"),
    ("blogroll_captions.txt", 1, "dropped", 282, 287, "Share"),
    ("blogroll_captions.txt", 4, "dropped", 1299, 1322, "« Previous 1 2 3 Next »"),
    ("blogroll_captions.txt", 1, "item", 0, 287, ""),
    ("blogroll_captions.txt", 2, "item", 289, 783, ""),
    ("crawler_dump.txt", 1, "dropped", 523, 528, "Share"),
    ("article_byline.txt", 1, "dropped", 68, 103, "By Mina Seo and Tom Hale, Asia Wire"),
    ("article_byline.txt", 1, "headline", 0, 67, "North Korea has sent more troops to Russia, Seoul's spy agency says"),
    ("digest_bullets.txt", 1, "headline", 35, 94, "Ukraine says it captured two North Korean soldiers in Kursk"),
]


@pytest.mark.parametrize(("name", "position", "record", "start", "end", "text"), OFFSETS)
def test_offsets(
    name: str,
    position: int,
    record: str,
    start: int,
    end: int,
    text: str,
    fixture_text: Callable[[str], str],
    make_doc: Callable[..., Document],
) -> None:
    doc, items = _segment(fixture_text, make_doc, name, None)
    item = items[position - 1]
    if record == "item":
        assert (item.start, item.end) == (start, end)
        return
    if record == "dropped":
        found = [(d.start, d.end, d.text) for d in item.dropped]
    else:
        span = getattr(item, record)
        found = [(span.start, span.end, span.text)]
    assert (start, end, text) in found
    assert doc.text[start:end] == text
