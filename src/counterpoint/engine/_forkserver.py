"""Imported by the fork server of the local engine's workers, and by nothing else.

The fork server imports its preload modules when it starts (``set_forkserver_preload``):
importing this one binds the fork server's life to the main process's
(``lifetime.bind_fork_server``). The check on ``sys.argv`` keeps an accidental import
elsewhere harmless.
"""

from __future__ import annotations

import sys

from counterpoint.engine.lifetime import bind_fork_server

if sys.argv[:1] == ["-c"] and "multiprocessing.forkserver" in sys.modules:
    bind_fork_server()
