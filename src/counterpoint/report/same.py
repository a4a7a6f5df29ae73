"""Whether two stores hold the same record: their ``export all`` folders compared, file by file.

What legitimately differs between two runs over the same inputs is left out: the time a
document was first seen (``first_seen``), which is when that run stored it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

#: Keys whose values are times of a run, not facts of the documents.
RUN_TIMES = frozenset({"first_seen"})


def _without_run_times(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_run_times(v) for k, v in value.items() if k not in RUN_TIMES}
    if isinstance(value, list):
        return [_without_run_times(v) for v in value]
    return value


def _lines(path: Path) -> list[Any]:
    text = path.read_text("utf-8")
    if path.suffix != ".jsonl":
        return text.splitlines()
    return [_without_run_times(json.loads(line)) for line in text.splitlines() if line.strip()]


def export_differences(a: Path, b: Path, *, limit: int = 20) -> list[str]:
    """What differs between two ``export all`` folders (at most ``limit`` lines); empty when the same."""
    out: list[str] = []
    names = sorted({p.name for p in a.iterdir()} | {p.name for p in b.iterdir()})
    for name in names:
        pa, pb = a / name, b / name
        if not (pa.is_file() and pb.is_file()):
            out.append(f"{name}: only in {a if pa.is_file() else b}")
            continue
        la, lb = _lines(pa), _lines(pb)
        if len(la) != len(lb):
            out.append(f"{name}: {len(la)} records against {len(lb)}")
        for n, (x, y) in enumerate(zip(la, lb, strict=False), start=1):
            if x != y:
                out.append(f"{name} record {n}: {json.dumps(x, ensure_ascii=False)[:300]}"
                           f" != {json.dumps(y, ensure_ascii=False)[:300]}")
                break
    return out[:limit]
