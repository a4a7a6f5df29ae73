"""Hostile paths (issue 16): names that are not UTF-8, pipes and devices, links that leave the folder."""

from __future__ import annotations

import io
import os
import socket
import threading
import time
from pathlib import Path

import pytest

from counterpoint.config import Settings
from counterpoint.errors import InputError
from counterpoint.locators import locator_bytes
from counterpoint.read import inputs
from counterpoint.read.base import RawInput
from counterpoint.read.inputs import SidecarError, iter_inputs

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
needs_bytes_names = pytest.mark.skipif(os.name != "posix", reason="file names are bytes on POSIX only")


def collect(paths: list[str], settings: Settings | None = None) -> list[RawInput | InputError]:
    return list(iter_inputs(paths, settings or Settings(), io.BytesIO(b"")))


def read(out: list[RawInput | InputError]) -> dict[str, bytes]:
    return {Path(o.locator).name: o.data for o in out if isinstance(o, RawInput)}


def errors(out: list[RawInput | InputError]) -> list[InputError]:
    return [o for o in out if isinstance(o, InputError)]


# -- names that are not UTF-8 ---------------------------------------------------------------------
@needs_bytes_names
def test_a_name_that_is_not_utf8_gets_a_text_locator_that_maps_back_to_its_bytes(tmp_path: Path) -> None:
    root = os.fsencode(tmp_path)
    with open(root + b"/caf\xe9.txt", "wb") as f:
        f.write(b"North Korea sent troops.")
    (tmp_path / "good.txt").write_text("Good")
    out = collect([str(tmp_path)])
    assert not errors(out)
    bad = next(o for o in out if isinstance(o, RawInput) and o.data.startswith(b"North"))
    bad.locator.encode("utf-8")  # valid text: the store, JSON and terminals take it
    assert bad.locator.startswith("bytes:")
    assert locator_bytes(bad.locator) == root + b"/caf\xe9.txt"
    assert bad.path is not None and os.fsencode(bad.path) == root + b"/caf\xe9.txt"
    assert read(out)["good.txt"] == b"Good"


@needs_bytes_names
def test_errors_about_names_that_are_not_utf8_are_text(tmp_path: Path) -> None:
    folder = os.fsencode(tmp_path) + b"/d\xff"
    os.mkdir(folder)
    open(folder + b"/empty\xe9.txt", "wb").close()
    with open(folder + b"/style.css", "wb") as f:
        f.write(b"p{}")
    missing = os.fsdecode(os.fsencode(tmp_path) + b"/gone\xfe.txt")
    out = collect([os.fsdecode(folder), missing])
    for error in errors(out):
        error.locator and error.locator.encode("utf-8")
        error.reason.encode("utf-8")
    assert {e.code for e in errors(out)} == {"skipped", "not-found"}
    assert any("gone\\xfe.txt" in e.reason for e in errors(out))


# -- pipes, sockets and devices -------------------------------------------------------------------
@needs_fifo
@pytest.mark.timeout(60)
def test_a_fifo_in_a_folder_is_skipped_and_never_opened(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("A")
    os.mkfifo(tmp_path / "pipe.txt")  # opening it would wait for a writer forever
    out = collect([str(tmp_path)])
    assert read(out) == {"a.txt": b"A"}
    [error] = errors(out)
    assert (error.code, error.severity) == ("not-a-file", "warning")
    assert "named pipe" in error.reason and error.fix
    assert Path(error.locator or "").name == "pipe.txt"
    out = collect([str(tmp_path / "*.txt")])  # the same through a pattern
    assert read(out) == {"a.txt": b"A"} and [e.code for e in errors(out)] == ["not-a-file"]


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="no Unix sockets on this system")
def test_a_socket_in_a_folder_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("A")
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(tmp_path / "s.txt"))
        out = collect([str(tmp_path)])
    assert read(out) == {"a.txt": b"A"}
    assert [(e.code, "a socket" in e.reason) for e in errors(out)] == [("not-a-file", True)]


@needs_fifo
@pytest.mark.timeout(60)
def test_a_sidecar_that_is_a_fifo_is_refused_not_waited_for(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("A")
    os.mkfifo(tmp_path / "a.txt.meta.toml")
    out = collect([str(tmp_path)])
    assert [type(e) for e in errors(out)] == [SidecarError]
    assert "not a regular file" in errors(out)[0].reason


@needs_fifo
@pytest.mark.timeout(60)
def test_a_fifo_named_explicitly_with_no_writer_fails_after_a_bounded_wait(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(inputs, "PIPE_WAIT", 0.2)
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "b.txt").write_text("B")
    out = collect([str(tmp_path / "pipe"), str(tmp_path / "b.txt")])
    [error] = errors(out)
    assert error.code == "unreadable" and "nothing to read within 0.2 s" in error.reason
    assert read(out) == {"b.txt": b"B"}


@needs_fifo
@pytest.mark.timeout(60)
def test_a_fifo_named_explicitly_is_read_from_its_writer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(inputs, "PIPE_WAIT", 20.0)
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)

    def write() -> None:
        time.sleep(0.1)
        with open(pipe, "wb") as f:
            f.write(b"Seoul said ")
            f.flush()
            time.sleep(0.1)
            f.write(b"so.")

    writer = threading.Thread(target=write)
    writer.start()
    out = collect([str(pipe)])
    writer.join()
    assert read(out) == {"pipe": b"Seoul said so."}


def test_stdin_still_works() -> None:
    out = list(iter_inputs(["-"], Settings(), io.BytesIO(b"from stdin")))
    assert [(o.locator, o.data) for o in out if isinstance(o, RawInput)] == [("-", b"from stdin")]


# -- symbolic links -------------------------------------------------------------------------------
@pytest.fixture
def linked(tmp_path: Path) -> Path:
    secret = tmp_path / "outside" / "passwd"
    secret.parent.mkdir()
    secret.write_text("root:x:0:0")
    (tmp_path / "outside" / "more.txt").write_text("More")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("A")
    os.symlink(secret, docs / "notes.txt")
    os.symlink(docs / "a.txt", docs / "b.txt")  # inside: read once
    os.symlink(tmp_path / "outside", docs / "elsewhere")  # a folder outside
    return docs


def test_a_link_out_of_the_folder_is_skipped_and_recorded(linked: Path) -> None:
    out = collect([str(linked)])
    assert read(out) == {"a.txt": b"A"}
    assert all(b"root" not in o.data for o in out if isinstance(o, RawInput))
    codes = {Path(e.locator or "").name: (e.code, e.severity) for e in errors(out)}
    assert codes == {"notes.txt": ("link-outside", "warning"), "b.txt": ("duplicate", "warning"),
                     "elsewhere": ("link-outside", "warning")}
    note = next(e for e in errors(out) if e.locator and e.locator.endswith("notes.txt"))
    assert "outside" in note.reason and "--follow-links" in note.fix


def test_a_pattern_is_bounded_by_its_leading_folder(linked: Path) -> None:
    out = collect([str(linked / "*.txt")])
    assert read(out) == {"a.txt": b"A"}
    assert [e.code for e in errors(out)] == ["duplicate", "link-outside"]
    out = collect([str(linked / "*")])  # the linked folder matches too: it is not walked
    assert read(out) == {"a.txt": b"A"} and "link-outside" in {e.code for e in errors(out)}


def test_follow_links_reads_them(linked: Path) -> None:
    out = collect([str(linked)], Settings(follow_links=True))
    # the linked folder is walked (elsewhere/more.txt, elsewhere/passwd); notes.txt is then the same file again
    assert read(out) == {"a.txt": b"A", "more.txt": b"More", "passwd": b"root:x:0:0"}
    assert [e.code for e in errors(out)] == ["duplicate", "duplicate"]


def test_follow_links_never_loops(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("A")
    os.symlink(tmp_path, tmp_path / "loop")
    out = collect([str(tmp_path)], Settings(follow_links=True))
    assert read(out) == {"a.txt": b"A"}
    assert [e.code for e in errors(out)] == ["link-outside"] and "loop" in errors(out)[0].reason


def test_a_link_named_on_the_command_line_is_read(linked: Path) -> None:
    out = collect([str(linked / "notes.txt")])
    assert read(out) == {"notes.txt": b"root:x:0:0"} and not errors(out)


def test_a_sidecar_linked_from_outside_leaves_its_input_out(tmp_path: Path) -> None:
    outside = tmp_path / "meta.toml"
    outside.write_text('source = "Elsewhere"\n')
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("A")
    os.symlink(outside, docs / "a.txt.meta.toml")
    out = collect([str(docs)])
    assert [type(e) for e in errors(out)] == [SidecarError] and "outside" in errors(out)[0].reason
    assert read(collect([str(docs)], Settings(follow_links=True))) == {"a.txt": b"A"}
