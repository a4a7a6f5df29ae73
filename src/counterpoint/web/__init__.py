"""The web UI and the HTML report: server-rendered pages over a read-only store, each with a JSON twin.

``create_app(db)`` builds the application (``counterpoint serve`` runs it);
``counterpoint.report.html`` writes the self-contained report from the same templates. Every string
from the store is hostile: see ``counterpoint.web.text`` for how it is shown.
"""

from __future__ import annotations

from counterpoint.web.app import create_app

__all__ = ["create_app"]
