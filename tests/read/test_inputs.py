"""Paths to input bytes: folders, patterns, stdin, caps, duplicates, sidecars."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from counterpoint.config import Settings
from counterpoint.errors import InputError
from counterpoint.read import inputs
from counterpoint.read.base import RawInput
from counterpoint.read.inputs import SidecarError, iter_inputs


def collect(
    paths: list[str], settings: Settings | None = None, stdin: bytes | None = None
) -> list[RawInput | InputError]:
    stream = io.BytesIO(stdin) if stdin is not None else None
    return list(iter_inputs(paths, settings or Settings(), stream))


def tree(tmp_path: Path) -> Path:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "deep").mkdir()
    (tmp_path / ".hidden").mkdir()
    for name, text in {
        "a.txt": "A",
        "c.html": "C",
        "b/z.txt": "Z",
        "b/deep/y.txt": "Y",
        ".secret.txt": "S",
        ".hidden/h.txt": "H",
        "a.txt.meta.toml": 'source = "Alpha"\n',
    }.items():
        (tmp_path / name).write_text(text)
    return tmp_path


def test_folder_walk_is_sorted_recursive_and_skips_hidden_and_sidecars(tmp_path: Path) -> None:
    root = tree(tmp_path)
    out = collect([str(root)])
    assert all(isinstance(o, RawInput) for o in out)
    names = [Path(o.locator).relative_to(root).as_posix() for o in out if isinstance(o, RawInput)]
    assert names == ["a.txt", "b/deep/y.txt", "b/z.txt", "c.html"]
    first = out[0]
    assert isinstance(first, RawInput)
    assert first.sidecar == {"source": "Alpha"}
    assert first.data == b"A"


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("*.txt", ["a.txt"]),
        ("**/*.txt", ["a.txt", "b/deep/y.txt", "b/z.txt"]),
        ("?.html", ["c.html"]),
        ("[ab].txt", ["a.txt"]),
        ("b", ["b/deep/y.txt", "b/z.txt"]),
    ],
)
def test_patterns(tmp_path: Path, pattern: str, expected: list[str]) -> None:
    root = tree(tmp_path)
    out = collect([str(root / pattern)])
    assert [Path(o.locator).relative_to(root).as_posix() for o in out] == expected


def test_pattern_matching_nothing(tmp_path: Path) -> None:
    (error,) = collect([str(tmp_path / "*.nothing")])
    assert isinstance(error, InputError) and error.code == "not-found"
    assert "no file matches" in error.reason and error.fix


def test_nonexistent_path(tmp_path: Path) -> None:
    missing = str(tmp_path / "missing.txt")
    (error,) = collect([missing])
    assert isinstance(error, InputError) and error.code == "not-found"
    assert error.locator == missing
    assert "does not exist" in error.reason
    assert "check the path" in error.fix


def test_stdin_and_stdin_twice() -> None:
    first, second = collect(["-", "-"], stdin=b"piped text")
    assert isinstance(first, RawInput) and first.locator == "-" and first.data == b"piped text"
    assert isinstance(second, InputError) and second.code == "duplicate" and second.severity == "warning"


def test_too_large_is_decided_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 2000)

    def never(path: str, limit: int) -> bytes:
        raise AssertionError("a file over the cap must not be read")

    monkeypatch.setattr(inputs, "read_file_bytes", never)
    (error,) = collect([str(big)], Settings(max_bytes=1000))
    assert isinstance(error, InputError) and error.code == "too-large"
    assert "0.001 MB" in error.reason and "0.002 MB" in error.reason
    for name in ("--max-bytes", "max_bytes", "counterpoint.toml", "COUNTERPOINT_MAX_BYTES"):
        assert name in error.fix


def test_stdin_over_the_cap() -> None:
    (error,) = collect(["-"], Settings(max_bytes=10), stdin=b"x" * 11)
    assert isinstance(error, InputError) and error.code == "too-large"


def test_unreadable_file_in_a_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tree(tmp_path)
    real = inputs.read_file_bytes

    def guarded(path: str, limit: int) -> bytes:
        if path.endswith("z.txt"):
            raise PermissionError(13, "Permission denied", path)
        return real(path, limit)

    monkeypatch.setattr(inputs, "read_file_bytes", guarded)
    out = collect([str(root)])
    errors = [o for o in out if isinstance(o, InputError)]
    assert len(errors) == 1 and errors[0].code == "unreadable"
    assert errors[0].locator is not None and errors[0].locator.endswith("z.txt")
    assert "Permission denied" in errors[0].reason
    assert "permissions" in errors[0].fix
    assert len([o for o in out if isinstance(o, RawInput)]) == 3


def test_same_file_twice_by_path_and_by_link(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_text("A")
    link = tmp_path / "link.txt"
    os.symlink(target, link)
    out = collect([str(target), str(tmp_path / "." / "a.txt"), str(link)])
    assert isinstance(out[0], RawInput)
    assert [o.code for o in out[1:] if isinstance(o, InputError)] == ["duplicate", "duplicate"]
    assert all(o.severity == "warning" for o in out[1:] if isinstance(o, InputError))
    assert str(target) in out[2].reason  # names the first path it duplicates


def write_sidecar(tmp_path: Path, toml: str) -> Path:
    doc = tmp_path / "report.html"
    doc.write_text("<html><body><p>Text</p></body></html>")
    (tmp_path / "report.html.meta.toml").write_text(toml)
    return doc


def test_sidecar_values_are_checked_and_normalised(tmp_path: Path) -> None:
    doc = write_sidecar(
        tmp_path,
        'source = "Harbour Gazette"\nurl = "https://h.example/a"\npublished = 2025-03-14\n'
        'title = " Strike "\nlanguage = "en-GB"\n',
    )
    (raw,) = collect([str(doc)])
    assert isinstance(raw, RawInput)
    assert raw.sidecar == {
        "source": "Harbour Gazette",
        "url": "https://h.example/a",
        "published": "2025-03-14",
        "title": "Strike",
        "language": "en",
    }


@pytest.mark.parametrize(
    ("toml", "words"),
    [
        ('sauce = "x"\n', "unknown key"),
        ('source = "unclosed\n', "not valid TOML"),
        ("source = 3\n", "not a string"),
        ('published = "14/03/2025"\n', "not a valid date"),
        ('published = "2025-02-30"\n', "not a valid date"),
        ('language = "English language"\n', "not a language code"),
        ('url = "harbour-gazette"\n', "not an http(s) URL"),
    ],
)
def test_bad_sidecar_leaves_the_input_out(tmp_path: Path, toml: str, words: str) -> None:
    doc = write_sidecar(tmp_path, toml)
    (error,) = collect([str(doc)])
    assert isinstance(error, SidecarError) and error.code == "sidecar"
    assert error.locator == str(doc)
    assert words in error.reason
    assert "report.html.meta.toml" in error.reason
    assert error.fix


def test_folder_walk_skips_notes_and_assets_with_one_warning_each(tmp_path: Path) -> None:
    from counterpoint.config import Settings
    from counterpoint.errors import SkippedInputError
    from counterpoint.read.inputs import iter_inputs

    (tmp_path / "report.txt").write_text("A report about the border closure and the roads.", encoding="utf-8")
    (tmp_path / "README.md").write_text("# notes about this pile", encoding="utf-8")
    (tmp_path / "page_files").mkdir()
    for name in ("a.css", "b.css", "logo.png"):
        (tmp_path / "page_files" / name).write_bytes(b"x")
    got = list(iter_inputs([str(tmp_path)], Settings()))
    read = [g.locator for g in got if not isinstance(g, Exception)]
    skipped = [g for g in got if isinstance(g, SkippedInputError)]
    assert read == [str(tmp_path / "report.txt")]
    assert len(skipped) == 3 and all(s.severity == "warning" for s in skipped)
    assert any("2 .css files" in s.message for s in skipped)
    # named explicitly, a .md file is read
    named = list(iter_inputs([str(tmp_path / "README.md")], Settings()))
    assert [type(g).__name__ for g in named] == ["RawInput"]
