"""The geoparsing evaluation harness, on a tiny XML file written here (same format as LGL/TR-News)."""

from __future__ import annotations

from pathlib import Path

import pytest

from counterpoint.annotate.places import Gazetteer
from counterpoint.evaluate.geo import format_report, main, read_articles, run_geo_eval

XML = """<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="1">
    <title>Storm</title>
    <text><![CDATA[Storms hit Paris, Texas. Later the Kursk region and Kyiv were named, and Qwertzburg too.]]></text>
    <toponyms>
      <toponym><start>11</start><end>16</end><phrase>Paris</phrase>
        <gaztag geonameid="4717560"><name>Paris</name><fclass>P</fclass><fcode>PPL</fcode>
          <lat>33.66094</lat><lon>-95.55551</lon></gaztag></toponym>
      <toponym><start>18</start><end>23</end><phrase>Texas</phrase>
        <gaztag geonameid="4736286"><name>Texas</name><fclass>A</fclass><fcode>ADM1</fcode>
          <lat>31.25044</lat><lon>-99.25061</lon></gaztag></toponym>
      <toponym><start>39</start><end>51</end><phrase>Kursk region</phrase>
        <gaztag geonameid="1"><name>Kursk Oblast</name><fclass>A</fclass><fcode>ADM1</fcode>
          <lat>51.5</lat><lon>36.0</lon></gaztag></toponym>
      <toponym><start>56</start><end>60</end><phrase>Kyiv</phrase>
        <gaztag geonameid="703448"><name>Kyiv</name><fclass>P</fclass><fcode>PPLC</fcode>
          <lat>50.45466</lat><lon>30.5238</lon></gaztag></toponym>
      <toponym><start>77</start><end>87</end><phrase>Qwertzburg</phrase>
        <gaztag geonameid="2"><name>Qwertzburg</name><fclass>P</fclass><fcode>PPL</fcode>
          <lat>10.0</lat><lon>10.0</lon></gaztag></toponym>
      <toponym><start>0</start><end>6</end><phrase>Storms</phrase></toponym>
    </toponyms>
  </article>
</articles>
"""


@pytest.fixture
def data_dir(tmp_path: Path, gazetteer: Gazetteer) -> Path:
    (tmp_path / "lgl.xml").write_text(XML, encoding="utf-8")
    return tmp_path


def test_read_articles(data_dir: Path) -> None:
    [article] = list(read_articles(data_dir / "lgl.xml"))
    assert article.docid == "1" and len(article.toponyms) == 6
    assert article.toponyms[0].geonameid == 4717560 and article.toponyms[-1].geonameid is None


def test_scores(data_dir: Path) -> None:
    result = run_geo_eval(data_dir)
    scores = result["datasets"]["LGL"]
    assert scores["toponyms"] == 5 and scores["unscored"] == 1
    assert scores["exact"] == pytest.approx(3 / 5)  # Paris, Texas, Kyiv
    assert scores["acc161"] == pytest.approx(4 / 5)  # and the oblast, by its coordinates
    assert scores["coverage"] == pytest.approx(4 / 5)
    assert scores["anchor_exact"] == pytest.approx(0.794)
    assert "TR-News" not in result["datasets"]
    report = format_report(result)
    assert "LGL" in report and "79.4%" in report and "acc@161" in report


DEMONYM_XML = """<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="1">
    <text><![CDATA[Russian troops left.]]></text>
    <toponyms>
      <toponym><start>0</start><end>7</end><phrase>Russian</phrase>
        <gaztag geonameid="2017370"><name>Russia</name><fclass>A</fclass><fcode>PCLI</fcode>
          <lat>60.0</lat><lon>100.0</lon></gaztag></toponym>
    </toponyms>
  </article>
</articles>
"""


def test_demonyms_are_resolved_unless_asked_not_to(tmp_path: Path, gazetteer: Gazetteer,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "TR-News.xml").write_text(DEMONYM_XML, encoding="utf-8")
    assert run_geo_eval(tmp_path)["datasets"]["TR-News"]["exact"] == 1.0
    off = run_geo_eval(tmp_path, demonyms=False)["datasets"]["TR-News"]
    assert off["exact"] == 0.0 and off["unresolved_country_words"] == 1.0
    assert main(["--data", str(tmp_path), "--no-demonyms"]) == 0
    assert "left unresolved (--no-demonyms)" in capsys.readouterr().out


def test_limit(data_dir: Path) -> None:
    assert run_geo_eval(data_dir, limit=0)["datasets"]["LGL"]["toponyms"] == 0


def test_missing_data_is_skipped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert "skipped" in run_geo_eval(tmp_path / "absent")
    assert "skipped" in run_geo_eval(tmp_path)  # a folder without the files
    assert main(["--data", str(tmp_path / "absent")]) == 0
    assert capsys.readouterr().out.startswith("skipped: ")
