"""Write ``examples/example.warc.gz``, the bundled example web archive.

The archive holds one ``request`` record and two ``response`` records whose
HTML articles were written for this project (the outlet and its domain are
invented). Record ids, WARC dates and HTTP dates are fixed, and warcio's gzip
stream carries no timestamp, so running the script again gives the same bytes.

Usage::

    .venv/bin/python scripts/make_example_warc.py [OUTPUT]
"""

from __future__ import annotations

import sys
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

DEFAULT_OUTPUT = Path(__file__).resolve().parent.parent / "examples" / "example.warc.gz"

SITE = "https://frontline-digest.example"

INCURSION_URL = f"{SITE}/2024/08/07/ukrainian-forces-cross-into-kursk"
INCURSION_HTML = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Ukrainian forces cross into Russia's Kursk region | Frontline Digest</title>
<meta property="og:site_name" content="Frontline Digest">
<meta property="article:published_time" content="2024-08-07T18:05:00+00:00">
<link rel="canonical" href="https://frontline-digest.example/2024/08/07/ukrainian-forces-cross-into-kursk">
</head>
<body>
<nav><a href="/">Frontline Digest</a> | <a href="/ukraine/">Ukraine</a> | <a href="/russia/">Russia</a></nav>
<article>
<h1>Ukrainian forces cross into Russia's Kursk region</h1>
<p>Ukrainian troops pushed across the border into Russia's Kursk region on Tuesday, August 6, in
what appeared to be the largest cross-border attack on Russian territory since the full-scale
invasion began in February 2022, according to Russian officials and military bloggers on both sides.</p>
<p>Russia's defence ministry said its forces were repelling an attack by Ukrainian units backed by
tanks and armoured vehicles near the town of Sudzha, a few kilometres from the border and home to a
gas metering station. The acting regional governor said civilians had been killed and wounded and
that residents of border districts were being evacuated.</p>
<p>Russian President Vladimir Putin called the attack a large-scale provocation. Officials in Kyiv
largely stayed silent about the operation on Wednesday.</p>
<p>Independent verification of the depth of the advance was not possible. Analysts said the operation
appeared designed to stretch Russian reserves and to gain leverage for any future negotiations.</p>
</article>
<footer>Frontline Digest - independent war coverage</footer>
</body>
</html>
"""

RETAKEN_URL = f"{SITE}/2025/04/26/moscow-says-kursk-retaken"
RETAKEN_HTML = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Moscow says Kursk region retaken, cites North Korean help; Kyiv denies | Frontline Digest</title>
<meta property="og:site_name" content="Frontline Digest">
<meta property="article:published_time" content="2025-04-26T16:40:00+00:00">
<link rel="canonical" href="https://frontline-digest.example/2025/04/26/moscow-says-kursk-retaken">
</head>
<body>
<nav><a href="/">Frontline Digest</a> | <a href="/ukraine/">Ukraine</a> | <a href="/russia/">Russia</a></nav>
<article>
<h1>Moscow says Kursk region retaken, cites North Korean help; Kyiv denies</h1>
<p>Russia's chief of the general staff, Valery Gerasimov, told President Vladimir Putin on Saturday,
April 26, that the last village held by Ukrainian forces in the Kursk region had been recaptured and
that the region was now fully under Russian control, almost nine months after Ukraine's incursion
began on August 6, 2024.</p>
<p>For the first time, Gerasimov publicly acknowledged that soldiers from North Korea had fought
alongside Russian troops, praising what he described as their professionalism and courage.</p>
<p>Ukraine's General Staff rejected the Russian account, saying its units were still conducting
defensive operations in parts of the region and that the claims of full control were propaganda.
Neither side's statements could be independently confirmed.</p>
<p>Seoul and Washington have estimated that Pyongyang sent between 10,000 and 12,000 troops to Russia
from October 2024. Pyongyang had not commented on the Russian statement by Saturday evening.</p>
</article>
<footer>Frontline Digest - independent war coverage</footer>
</body>
</html>
"""

# (uri, html, warc date, http date, record id of the response)
RESPONSES = [
    (
        INCURSION_URL,
        INCURSION_HTML,
        "2024-08-08T09:00:00Z",
        "Thu, 08 Aug 2024 09:00:00 GMT",
        "<urn:uuid:6b1f0c2e-0d4a-4c3b-9a51-000000000001>",
    ),
    (
        RETAKEN_URL,
        RETAKEN_HTML,
        "2025-04-27T09:00:00Z",
        "Sun, 27 Apr 2025 09:00:00 GMT",
        "<urn:uuid:6b1f0c2e-0d4a-4c3b-9a51-000000000002>",
    ),
]
REQUEST_ID = "<urn:uuid:6b1f0c2e-0d4a-4c3b-9a51-000000000003>"


def write_archive(output: Path) -> None:
    """Write the request record and the two response records to ``output``."""
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for index, (uri, html, warc_date, http_date, record_id) in enumerate(RESPONSES):
            body = html.encode("utf-8")
            if index == 1:
                # one request record, for the second page, as a crawler would write it
                request_headers = StatusAndHeaders(
                    "GET /2025/04/26/moscow-says-kursk-retaken HTTP/1.1",
                    [
                        ("Host", "frontline-digest.example"),
                        ("User-Agent", "counterpoint-example-crawler/1.0"),
                        ("Accept", "text/html"),
                    ],
                    is_http_request=True,
                )
                request = writer.create_warc_record(
                    uri,
                    "request",
                    http_headers=request_headers,
                    warc_headers_dict={
                        "WARC-Date": warc_date,
                        "WARC-Record-ID": REQUEST_ID,
                        "WARC-Concurrent-To": record_id,
                    },
                )
                writer.write_record(request)
            http_headers = StatusAndHeaders(
                "200 OK",
                [
                    ("Content-Type", "text/html; charset=utf-8"),
                    ("Content-Length", str(len(body))),
                    ("Date", http_date),
                ],
                protocol="HTTP/1.1",
            )
            response = writer.create_warc_record(
                uri,
                "response",
                payload=BytesIO(body),
                length=len(body),
                http_headers=http_headers,
                warc_headers_dict={"WARC-Date": warc_date, "WARC-Record-ID": record_id},
            )
            writer.write_record(response)


def main(argv: list[str]) -> int:
    output = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUTPUT
    write_archive(output)
    print(f"wrote {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
