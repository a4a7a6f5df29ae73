"""Worker processes die with the process that started them, however it ends.

A run killed with SIGKILL (or SIGTERM, whose default action is the same) runs no cleanup, so
its workers, the fork server that made them and the resource tracker would live on, each
worker holding its models (about 1 GB). Two guards, both in the worker and in the fork server:

* on Linux the kernel's parent-death signal (``prctl(PR_SET_PDEATHSIG, SIGKILL)``): a worker's
  parent is the fork server, the fork server's parent is the main process. The signal fires
  when the *thread* that started the process ends, so the fork server sets it only when the
  main process started it from its main thread (``MAIN_THREAD_ENV``);
* everywhere, a daemon thread that checks every ``POLL_SECONDS`` whether the process to outlive
  not is still there (the main process by pid and start time; the fork server's parent by
  ``os.getppid()``), and ends this process at once when it is not.

With the workers and the fork server gone, the resource tracker sees its last writer close
and ends too. ``terminate_as_interrupt`` makes SIGTERM of the main process a
``KeyboardInterrupt``, so that it cleans up the way Ctrl-C does.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

import psutil

#: Seconds between two checks of the watchdog thread.
POLL_SECONDS = 0.5
#: Set (to "1") in the environment the fork server starts with when the main process starts it
#: from its main thread: only then may the fork server use the parent-death signal.
MAIN_THREAD_ENV = "COUNTERPOINT_FORKSERVER_FROM_MAIN_THREAD"
_PR_SET_PDEATHSIG = 1


def set_parent_death_signal(sig: int = signal.SIGKILL) -> bool:
    """Ask the kernel to send ``sig`` to this process when its parent (thread) ends; Linux only.
    Returns whether it is set."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return int(libc.prctl(_PR_SET_PDEATHSIG, int(sig), 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def _watch(alive: Callable[[], bool], name: str) -> None:
    def loop() -> None:
        while True:
            time.sleep(POLL_SECONDS)
            if not alive():
                os._exit(1)  # nothing to clean: the results had nobody left to go to

    threading.Thread(target=loop, name=name, daemon=True).start()


def die_with_process(pid: int) -> None:
    """End this process when process ``pid`` ends (a watchdog thread; the pid's start time is
    checked too, so a new process given the same pid does not keep this one alive)."""
    try:
        watched = psutil.Process(pid)
    except psutil.NoSuchProcess:
        os._exit(1)

    def alive() -> bool:
        try:
            return watched.is_running() and watched.status() != psutil.STATUS_ZOMBIE
        except psutil.Error:
            return False

    _watch(alive, "counterpoint-parent-watch")


def bind_worker(main_pid: int) -> None:
    """In a worker process: die with the fork server (parent-death signal) and with the main
    process ``main_pid`` (watchdog)."""
    parent = os.getppid()
    if set_parent_death_signal() and os.getppid() != parent:  # the parent ended before the signal was set
        os._exit(1)
    die_with_process(main_pid)


def bind_fork_server() -> None:
    """In the fork server: die with the main process that started it."""
    parent = os.getppid()
    if os.environ.get(MAIN_THREAD_ENV) == "1" and set_parent_death_signal() and os.getppid() != parent:
        os._exit(1)
    # a thread in a process that forks: it holds no lock while it sleeps, and the forked
    # children do not inherit it
    _watch(lambda: os.getppid() == parent, "counterpoint-forkserver-watch")


def mark_main_thread() -> None:
    """Before the fork server may start: tell it whether it is started from the main thread."""
    os.environ[MAIN_THREAD_ENV] = "1" if threading.current_thread() is threading.main_thread() else "0"


@contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """Within the block SIGTERM raises ``KeyboardInterrupt`` in the main thread, so that the
    engine's workers are shut down as on Ctrl-C. Does nothing outside the main thread."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
