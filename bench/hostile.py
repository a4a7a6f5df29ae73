"""Hostile inputs: every case of the hostile-input run (issue 16), each beside a good document.

    .venv/bin/python bench/hostile.py [--workdir DIR] [--only NAME ...] [--limit 120] [--json]

Each case is a folder holding one bad input (or a bad situation: a FIFO, a link out of the
folder, a read-only store folder) and one good generated article. The runner analyses it
with ``counterpoint analyze`` in a child process, bounded by ``--limit`` seconds, samples the
resident memory of the whole process tree (workers included), then reads the store and says
what happened: whether the good document was stored, what was recorded for the bad input,
and the case's own check (nothing leaked, nothing invented). The signal cases kill a run
with two workers and count the processes left behind; the web cases start ``serve`` on
loopback and send the hostile requests.

Prints a table: case, seconds, peak MB of all processes and of the largest one, verdict (ok /
FAIL), what was seen. The target of issue 16: every case ok within 60 s, each process under
1 GB (two workers each load the models, about 0.7 GB: a tree of three processes is over 1 GB
on any input). Nothing here comes from a real article.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "counterpoint"]
GOOD_MARK = "Harbour authorities in Varna"
SECRET = "HOSTILE-SECRET-7f3a"
GOOD_TEXT = (
    " date 2025-03-14 \n"
    "Harbour authorities in Varna reopen the northern quay after storm repairs\n\n"
    "Harbour authorities in Varna said on Friday that the northern quay had reopened to cargo ships after "
    "three weeks of repairs to storm damage. The port's director told reporters that two cranes were back in "
    "service and a third would follow next month.\n\n"
    "The Bulgarian transport ministry said the repairs had cost about 4 million levs. Shipping agents welcomed "
    "the decision, saying that queues of vessels had built up off the coast since late February.\n"
)


@dataclass
class Outcome:
    seconds: float
    #: Peak resident memory of the whole process tree (main process and workers together), and of
    #: its largest process (each worker has its own budget, doc_memory_mb).
    peak_mb: float
    ok: bool
    seen: str
    largest_mb: float = 0.0


@dataclass
class Case:
    name: str
    defect: str
    make: Callable[[Path], None]
    #: What the store must show: (ok, what was seen) from the store's path and the run's output.
    check: Callable[[Path, str], tuple[bool, str]] = field(default=lambda db, out: (True, ""))


# ---------------------------------------------------------------- what a run leaves in the store

def _rows(db: Path, sql: str, args: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    if not db.exists():
        return []
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        try:
            return list(conn.execute(sql, args))
        except sqlite3.Error:
            return []


def _good_stored(db: Path) -> bool:
    return bool(_rows(db, "SELECT 1 FROM documents WHERE text LIKE ?", (f"%{GOOD_MARK}%",)))


def _failures(db: Path) -> list[str]:
    return [f"{code}: {str(reason)[:90]}" for code, reason in _rows(db, "SELECT code, reason FROM failures")]


def _docs(db: Path) -> int:
    return len(_rows(db, "SELECT id FROM documents"))


def _recorded(db: Path, out: str) -> tuple[bool, str]:
    """The good document stored, and the bad input recorded as a failure or stored correctly."""
    fails = _failures(db)
    ok = _good_stored(db) and (bool(fails) or _docs(db) >= 2)
    return ok, f"{_docs(db)} docs; " + ("; ".join(fails[:2]) or "no failure recorded")


def _no_secret(db: Path, out: str) -> tuple[bool, str]:
    leaked = bool(_rows(db, "SELECT 1 FROM documents WHERE text LIKE ?", (f"%{SECRET}%",)))
    ok, seen = _recorded(db, out)
    return ok and not leaked, ("LEAKED the outside file; " if leaked else "outside file not read; ") + seen


def _stored_bad(db: Path, out: str) -> tuple[bool, str]:
    """Both documents stored (the bad one read correctly, not refused)."""
    ok = _good_stored(db) and _docs(db) >= 2
    return ok, f"{_docs(db)} docs; " + ("; ".join(_failures(db)[:2]) or "no failure")


def _kind(kind: str, marker: str) -> Callable[[Path, str], tuple[bool, str]]:
    def check(db: Path, out: str) -> tuple[bool, str]:
        kinds = [str(r[0]) for r in _rows(db, "SELECT kind FROM documents WHERE text LIKE ?", (f"%{marker}%",))]
        ok = _good_stored(db) and kind in kinds
        return ok, f"read as {kinds or 'nothing'}; " + ("; ".join(_failures(db)[:1]) or "no failure")
    return check


def _bounded(db: Path, out: str) -> tuple[bool, str]:
    """Entities are not expanded: no stored text holds a long run of the payload."""
    longest = max((len(str(r[0])) for r in _rows(db, "SELECT text FROM documents")), default=0)
    ok, seen = _recorded(db, out)
    return ok and not _rows(db, "SELECT 1 FROM documents WHERE text LIKE ?", ("%" + "lol" * 100 + "%",)), (
        f"longest text {longest} chars; {seen}")


def _undated(marker: str) -> Callable[[Path, str], tuple[bool, str]]:
    def check(db: Path, out: str) -> tuple[bool, str]:
        rows = _rows(db, "SELECT published FROM documents WHERE text LIKE ?", (f"%{marker}%",))
        dates = [r[0] for r in rows]
        item_dates = [r[0] for r in _rows(
            db, "SELECT i.published FROM items i JOIN documents d ON d.id = i.document_id WHERE d.text LIKE ?",
            (f"%{marker}%",))]
        invented = [d for d in [*dates, *item_dates] if d and not str(d).startswith("2025-03")]
        ok = _good_stored(db) and bool(rows) and not invented
        warned = [f for f in _failures(db) if "date" in f.lower()]
        return ok, f"published {dates or 'not stored'}, items {item_dates}; " + ("; ".join(warned[:1]) or
                                                                                  "no date warning recorded")
    return check


def _decoded(db: Path, out: str) -> tuple[bool, str]:
    rows = _rows(db, "SELECT text, encoding FROM documents WHERE text LIKE 'Herr %'")
    texts = [(str(t), e) for t, e in rows]
    ok = _good_stored(db) and bool(texts) and all("Müller" in t and "Übersetzung" in t for t, _ in texts)
    return ok, f"decoded as {[e for _, e in texts]}: " + (texts[0][0][:60].replace("\n", " ") if texts else "-")


def _summary_true(db: Path, out: str) -> tuple[bool, str]:
    """The summary printed matches what the store holds."""
    try:
        printed = json.loads(out[out.index("{"):])
    except ValueError:
        return False, "no JSON summary"
    items = len(_rows(db, "SELECT id FROM items"))
    events = len(_rows(db, "SELECT id FROM events"))
    p_items = printed.get("items")
    p_events = printed.get("stages", {}).get("extract", {}).get("events")
    ok = p_items == items and p_events == events
    return ok, f"printed {p_items} items, {p_events} events; stored {items} items, {events} events"


# ---------------------------------------------------------------- the cases

def _good(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")


def _article(n: int, marker: str = "") -> str:
    return (f"{marker} The regional council of district {n} said on Monday that it would open a new bridge over "
            f"the river next spring. Officials said the work had cost {n + 2} million euros.")


def make_bad_name(folder: Path) -> None:
    _good(folder)
    with open(os.fsencode(folder) + b"/caf\xe9.txt", "wb") as handle:
        handle.write(_article(1).encode())


def make_tiny_elements(folder: Path) -> None:
    _good(folder)
    (folder / "tiny.html").write_bytes(b"<html><body>" + b"<p>a</p>" * 1_000_000 + b"</body></html>")


def make_long_line(folder: Path) -> None:
    _good(folder)
    sentence = "Officials in the northern province said the new bridge would carry traffic from next spring. "
    line = (sentence * (10_000_000 // len(sentence) + 1))[:10_000_000]
    (folder / "long-line.txt").write_text(line, encoding="ascii")


def make_fifo(folder: Path) -> None:
    _good(folder)
    os.mkfifo(folder / "pipe.txt")


def make_link_out(folder: Path) -> None:
    _good(folder)
    outside = folder.parent / f"{folder.name}-outside.txt"
    outside.write_text(f"{SECRET} root:x:0:0:root:/root:/bin/bash\n" + _article(2), encoding="utf-8")
    (folder / "notes.txt").symlink_to(outside)


def make_far_future(folder: Path) -> None:
    _good(folder)
    (folder / "future.txt").write_text(_article(3, "FARFUTURE"), encoding="utf-8")
    (folder / "future.txt.meta.toml").write_text('published = "9999-12-31"\n', encoding="utf-8")


def make_bad_feed_date(folder: Path) -> None:
    _good(folder)
    (folder / "feed.xml").write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>Regional wire</title>'
        "<link>https://wire.example/</link><description>news</description><item><title>Bridge opens</title>"
        "<link>https://wire.example/a</link><pubDate>2025-13-45T10:00:00Z</pubDate>"
        f"<description>{_article(4, 'BADFEEDDATE')}</description></item></channel></rss>\n", encoding="utf-8")


def make_read_only(folder: Path) -> None:
    _good(folder)
    (folder / "ro").mkdir()


def make_atom_dtd(folder: Path) -> None:
    _good(folder)
    (folder / "atom.xml").write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE feed [\n  <!ENTITY org "Regional Wire">\n]>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>&org; feed</title><id>urn:x</id>'
        "<updated>2025-03-14T10:00:00Z</updated><entry><title>Bridge opens</title><id>urn:x:1</id>"
        "<updated>2025-03-14T10:00:00Z</updated><link href=\"https://wire.example/b\"/>"
        f"<content type=\"text\">{_article(5)}</content></entry></feed>\n", encoding="utf-8")


def make_laughs(folder: Path) -> None:
    _good(folder)
    ents = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)]
    (folder / "laughs.xml").write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE rss [\n' + "\n".join(ents) + "\n]>\n"
        '<rss version="2.0"><channel><title>&lol9;</title><item><title>x</title>'
        f"<description>{_article(6)}</description></item></channel></rss>\n", encoding="utf-8")


def make_deep(folder: Path) -> None:
    _good(folder)
    words = "Deep words: the regional council said the bridge would open next spring after repairs."
    (folder / "deep.html").write_text(
        "<html><body>" + "<div>" * 100_000 + words + "</div>" * 100_000 + "</body></html>", encoding="ascii")


def make_latin1(folder: Path) -> None:
    _good(folder)
    (folder / "latin1.txt").write_bytes("Herr Müller sagte, die Übersetzung sei fertig.\n".encode("latin-1"))


def make_summary(folder: Path) -> None:
    """The same feed saved twice: its entries are one set of documents, stored and counted once."""
    _good(folder)
    entries = "".join(
        f"<item><title>Council news {n}</title><link>https://council.example/{n}</link>"
        f"<pubDate>Mon, 10 Mar 2025 0{n}:00:00 GMT</pubDate><description>{_article(10 + n)} North Korea "
        f"fired two missiles into the sea on Sunday, the military in Seoul said.</description></item>"
        for n in range(3))
    feed = ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>Council</title>'
            f"<link>https://council.example/</link><description>news</description>{entries}</channel></rss>\n")
    (folder / "feed-a.xml").write_text(feed, encoding="utf-8")
    (folder / "feed-b.xml").write_text(feed, encoding="utf-8")


CASES = [
    Case("non-utf8-name", "1", make_bad_name, _recorded),
    Case("1M-tiny-elements", "2", make_tiny_elements, _recorded),
    Case("10MB-one-line", "2", make_long_line, _recorded),
    Case("fifo", "3", make_fifo, _recorded),
    Case("link-out-of-root", "4", make_link_out, _no_secret),
    Case("date-9999", "7", make_far_future, _undated("FARFUTURE")),
    Case("feed-date-2025-13-45", "8", make_bad_feed_date, _undated("BADFEEDDATE")),
    Case("atom-internal-dtd", "9", make_atom_dtd, _kind("feed", "district 5")),
    Case("billion-laughs", "9", make_laughs, _bounded),
    Case("100k-deep-html", "9", make_deep, _stored_bad),
    Case("latin1-no-charset", "9", make_latin1, _decoded),
    Case("summary-counts", "9", make_summary, _summary_true),
]


# ---------------------------------------------------------------- running

def _tree_rss(proc: psutil.Process) -> tuple[float, float]:
    """Resident MB of the whole tree, and of its largest process."""
    sizes = []
    for p in [proc, *proc.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            sizes.append(p.memory_info().rss)
    return sum(sizes) / 1e6, max(sizes, default=0) / 1e6


def _run(args: list[str], *, limit: float, env: dict[str, str] | None = None
         ) -> tuple[float, tuple[float, float], str, int | None]:
    """Run a command bounded by ``limit`` seconds: (seconds, peak MB of its tree and of its largest
    process, output, exit code)."""
    started = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=ROOT, env=env,
                            start_new_session=True)
    watch = psutil.Process(proc.pid)
    peak = largest = 0.0
    code: int | None = None
    while time.perf_counter() - started < limit:
        code = proc.poll()
        if code is not None:
            break
        tree, one = _tree_rss(watch)
        peak, largest = max(peak, tree), max(largest, one)
        time.sleep(0.1)
    if code is None:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    out = proc.stdout.read().decode("utf-8", "replace") if proc.stdout else ""
    return time.perf_counter() - started, (peak, largest), out, code


def _env(home: Path) -> dict[str, str]:
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    env.setdefault("XDG_CACHE_HOME", str(Path.home() / ".cache"))
    return env


def run_case(case: Case, work: Path, limit: float) -> Outcome:
    folder = work / case.name
    case.make(folder)
    db = folder / "ro" / "store.db" if case.name == "read-only-store" else work / f"{case.name}.db"
    seconds, peak, out, code = _run([*CLI, "--db", str(db), "-q", "analyze", "--json", str(folder)],
                                    limit=limit, env=_env(work))
    if code is None:
        return Outcome(seconds, peak[0], False, f"still running after {limit:.0f} s (killed)", peak[1])
    ok, seen = case.check(db, out)
    if code not in (0, 1):
        ok, seen = False, f"exit {code}: {out.strip().splitlines()[-1][:120] if out.strip() else ''}; {seen}"
    return Outcome(seconds, peak[0], ok, seen, peak[1])


def run_read_only(work: Path, limit: float) -> Outcome:
    """A store in a folder the user cannot write: a clear error that says so. Root writes anywhere,
    so a root run drops the capability to override file permissions (``setpriv``)."""
    folder = work / "read-only-store"
    make_read_only(folder)
    db = folder / "ro" / "store.db"
    _run([*CLI, "--db", str(db), "-q", "ingest", str(folder / "good.txt")], limit=limit, env=_env(work))
    os.chmod(folder / "ro", 0o555)  # a store made earlier, in a folder that is read-only now
    drop = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search"] if os.geteuid() == 0 else []
    seconds, peak, out, code = _run([*drop, *CLI, "--db", str(db), "-q", "analyze", str(folder / "good.txt")],
                                    limit=limit, env=_env(work))
    said = out.strip().splitlines()[-3:] if out.strip() else []
    text = " ".join(said)
    ok = code not in (0, None) and "another version" not in text and any(
        w in text.lower() for w in ("writ", "permission", "read-only", "read only"))
    return Outcome(seconds, peak[0], ok, f"exit {code}: {text[:160]}", peak[1])


def _descendants(pid: int) -> list[psutil.Process]:
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.Error:
        return []


def run_kill(work: Path, sig: signal.Signals, limit: float) -> Outcome:
    """Kill a run with two workers mid-way: every worker, fork server and tracker must go too."""
    folder = work / f"kill-{sig.name}"
    _good(folder)
    for n in range(40):
        (folder / f"doc-{n:03d}.txt").write_text(_article(n, f"Article {n}.") * 6, encoding="utf-8")
    db = work / f"kill-{sig.name}.db"
    started = time.perf_counter()
    proc = subprocess.Popen([*CLI, "--db", str(db), "-q", "analyze", "--workers", "2", str(folder)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_env(work))
    children: list[psutil.Process] = []
    peak = largest = 0.0
    while time.perf_counter() - started < limit and proc.poll() is None:
        tree, one = _tree_rss(psutil.Process(proc.pid))
        peak, largest = max(peak, tree), max(largest, one)
        children = _descendants(proc.pid)
        if len(children) >= 3 and peak > 1500:  # the fork server and two workers with their models
            children = _descendants(proc.pid)
            break
        time.sleep(0.2)
    if proc.poll() is not None:
        return Outcome(time.perf_counter() - started, peak, False, "the run ended before the kill", largest)
    proc.send_signal(sig)
    proc.wait()
    deadline = time.time() + 10
    alive = children
    while time.time() < deadline:
        alive = [c for c in children if c.is_running() and c.status() != psutil.STATUS_ZOMBIE]
        if not alive:
            break
        time.sleep(0.2)
    for c in alive:
        c.kill()
    seen = f"{len(children)} child processes; {len(alive)} alive 10 s after {sig.name}"
    return Outcome(time.perf_counter() - started, peak, not alive, seen, largest)


def _request(url: str, method: str = "GET", host: str | None = None) -> tuple[int, bytes]:
    req = urllib.request.Request(url, method=method)
    if host:
        req.add_header("Host", host)
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def run_web(work: Path, limit: float) -> list[tuple[str, str, Outcome]]:
    """Serve a store that holds a far-future date (written as an older version would) on loopback."""
    folder = work / "web"
    _good(folder)
    (folder / "future.txt").write_text(_article(8, "FARFUTURE"), encoding="utf-8")
    db = work / "web.db"
    _run([*CLI, "--db", str(db), "-q", "analyze", str(folder)], limit=limit, env=_env(work))
    with sqlite3.connect(db) as conn:  # what a store of an older version may hold
        conn.execute("UPDATE documents SET published = '9999-12-31' WHERE text LIKE '%FARFUTURE%'")
        conn.execute("UPDATE items SET published = '9999-12-31' WHERE document_id IN "
                     "(SELECT id FROM documents WHERE text LIKE '%FARFUTURE%')")
        conn.execute("UPDATE stories SET first_reported = '9999-12-31', start = '9999-12-31', \"end\" = '9999-12-31' "
                     "WHERE id IN (SELECT story_id FROM story_items WHERE item_id IN (SELECT i.id FROM items i "
                     "JOIN documents d ON d.id = i.document_id WHERE d.text LIKE '%FARFUTURE%'))")
    port = _free_port()
    started = time.perf_counter()
    server = subprocess.Popen([*CLI, "--db", str(db), "serve", "--port", str(port)], cwd=ROOT, env=_env(work),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                _request(base + "/")
                break
            except OSError:
                time.sleep(0.2)
        up = time.perf_counter() - started
        rebinding, _ = _request(base + "/index.json", host="attacker.example")
        own, _ = _request(base + "/index.json", host=f"127.0.0.1:{port}")
        head, body = _request(base + "/timeline", method="HEAD")
        status, page = _request(base + "/timeline")
        months = page.decode("utf-8", "replace")
        drawn = status == 200 and "9980" not in months and "2025-03" in months
        rows = [
            ("Host attacker.example", "6", Outcome(up, 0, rebinding in (400, 403, 421) and own == 200,
                                                   f"foreign Host -> {rebinding}, own Host -> {own}")),
            ("HEAD /timeline", "9", Outcome(up, 0, head == 200 and not body, f"HEAD -> {head}, {len(body)} bytes")),
            ("chart with 9999-12-31", "7", Outcome(up, 0, drawn,
                                                  f"GET /timeline -> {status}; "
                                                  + ("draws 9980" if "9980" in months else "no 9980 months"))),
        ]
        return rows
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait()


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _good_outcome(outcome: Outcome) -> bool:
    """The issue's target: the case's check holds, within 60 s, every process under 1 GB (a run with
    two workers holds two copies of the models: its tree is over 1 GB on any input)."""
    return outcome.ok and outcome.seconds <= 60 and outcome.largest_mb <= 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--only", nargs="*", default=None, help="case names (default: all)")
    parser.add_argument("--limit", type=float, default=120.0, help="seconds before a case is killed")
    parser.add_argument("--json", action="store_true", help="one JSON line per case as well")
    args = parser.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="cp-hostile-"))
    work.mkdir(parents=True, exist_ok=True)
    os.chmod(work, 0o755)
    wanted = set(args.only) if args.only else None
    print(f"cores: {os.cpu_count()}, workdir {work}, limit {args.limit:.0f} s")
    rows: list[tuple[str, str, Outcome]] = []

    def show(name: str, defect: str, outcome: Outcome) -> None:
        rows.append((name, defect, outcome))
        verdict = "ok" if _good_outcome(outcome) else "FAIL"
        print(f"| {name} | {defect} | {outcome.seconds:.1f} | {outcome.peak_mb:.0f} | {outcome.largest_mb:.0f} | "
              f"{verdict} | {outcome.seen} |",
              flush=True)
        if args.json:
            print(json.dumps({"case": name, "defect": defect, "seconds": round(outcome.seconds, 2),
                              "peak_mb": round(outcome.peak_mb), "largest_mb": round(outcome.largest_mb),
                              "ok": outcome.ok, "seen": outcome.seen}))

    print("| case | defect | seconds | peak MB, all processes | peak MB, largest process | verdict | seen |\n"
          "|---|---|---|---|---|---|---|")
    for case in CASES:
        if wanted is None or case.name in wanted:
            show(case.name, case.defect, run_case(case, work, args.limit))
    if wanted is None or "read-only-store" in wanted:
        show("read-only-store", "9", run_read_only(work, args.limit))
    for sig in (signal.SIGTERM, signal.SIGKILL):
        if wanted is None or f"kill-{sig.name}" in wanted:
            show(f"kill-{sig.name}", "5", run_kill(work, sig, args.limit))
    if wanted is None or "web" in wanted:
        for name, defect, outcome in run_web(work, args.limit):
            show(name, defect, outcome)
    bad = [name for name, _, o in rows if not _good_outcome(o)]
    print(f"{len(rows) - len(bad)} of {len(rows)} cases ok" + (f"; not ok: {', '.join(bad)}" if bad else ""))


if __name__ == "__main__":
    main()
