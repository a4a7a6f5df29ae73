"""`counterpoint actors`: who is named in the store, under which names, by which source."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

import click

from counterpoint.cli.app import Context, cli, pass_context
from counterpoint.display import terminal_safe


@cli.command("actors")
@click.option("--registry", "whole_registry", is_flag=True,
              help="List the registry's curated and user entries instead of the actors seen in the store.")
@click.option("--country", metavar="ISO3", help="Only actors of this country (ISO 3166 alpha-3).")
@click.option("--json", "as_json", is_flag=True, help="One JSON record per line.")
@pass_context
def actors_cmd(app: Context, whole_registry: bool, country: str | None, as_json: bool) -> None:
    """Actors named in the stored items: canonical name, country, sector, and the names each source
    gives them (pejorative and honorific names marked), most mentioned first."""
    from counterpoint.annotate.actors import ActorRegistry

    registry = ActorRegistry.load(extra=app.settings.registry_files)
    if whole_registry:
        for actor in registry:
            if actor.origin == "phoenix" or (country and actor.country != country.upper()):
                continue
            _show(app, actor.to_dict(), as_json)
        return
    store = app.store(read_only=True)
    try:
        uses = store.name_uses()
    finally:
        store.close()
    names: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    totals: dict[str, int] = defaultdict(int)
    for use in uses:
        names[use.actor_id][use.source or "?"].append({"name": use.text, "kind": use.alias_kind, "count": use.count})
        totals[use.actor_id] += use.count
    for actor_id in sorted(totals, key=lambda a: (-totals[a], a)):
        known = registry.get(actor_id)
        if country and (known is None or known.country != country.upper()):
            continue
        record = {
            "id": actor_id,
            "name": known.name if known else actor_id,
            "country": known.country if known else None,
            "sector": known.sector if known else None,
            "qid": known.qid if known else None,
            "mentions": totals[actor_id],
            "names_by_source": names[actor_id],
        }
        _show(app, record, as_json)
    if not totals and not as_json:
        app.out.print("no actors linked yet: run `counterpoint analyze PATH...`.")


def _show(app: Context, record: dict[str, Any], as_json: bool) -> None:
    if as_json:
        app.out.print(json.dumps(record, ensure_ascii=False))
        return
    where = "/".join(str(record[k]) for k in ("country", "sector") if record.get(k))
    count = f"  {record['mentions']} mentions" if "mentions" in record else ""
    app.out.print(f"{record['id']}  {terminal_safe(record['name'])}  [{where}]{count}")
    for source, used in (record.get("names_by_source") or {}).items():
        shown = ", ".join(
            f"{terminal_safe(u['name'], one_line=True)}"
            + (f" ({u['kind']})" if u["kind"] != "neutral" else "") + f" x{u['count']}"
            for u in used
        )
        app.out.print(f"    {terminal_safe(source, one_line=True)}: {shown}")
