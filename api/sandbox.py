"""Keep the engine off the network: a seccomp filter under which `socket()` fails for every family but AF_UNIX.

Oxigraph sends HTTP requests for `SERVICE` and `LOAD` and has no switch to stop it. The query
guard refuses both, but a wall that depends on two parsers agreeing is not a wall, so the processes and
threads that run the engine give up the network first: after `deny_network`, creating an internet (or any
non-Unix) socket fails with EPERM, and Oxigraph's client reports "Operation not permitted" without sending a
byte. Unix sockets stay allowed — a worker's pipe to the app is a socketpair made before the filter, and it
keeps working — and so does every socket already open. io_uring is refused too (it can create sockets
without calling `socket()`).

The filter needs only no_new_privs, which libseccomp sets, so it works unprivileged and as root in a container.
A filter applies to the thread that loads it and to the threads it starts afterwards; `all_threads` (seccomp's
TSYNC) extends it to every thread of the process, which a worker process wants. Loaded without it, it
confines only the calling thread: a query thread of the app loses the network, the event loop's keeps it.

Where seccomp cannot be used (no libseccomp, a kernel without it) the caller is told; `confine` records that,
and `require_confinement` then refuses jobs with 503 unless CKG_ALLOW_UNSANDBOXED says otherwise: fail closed.
"""

from __future__ import annotations

import errno
import logging
import socket
import threading

from .errors import ApiError

log = logging.getLogger("cislunar_kg.sandbox")

_outcome = threading.local()  # .failure: None once confined, the reason when it could not be; unset: never asked


class SandboxUnavailable(Exception):
    """The network sandbox could not be applied here; the message says why."""


def deny_network(*, all_threads: bool) -> None:
    """Make `socket()` fail with EPERM for every address family but AF_UNIX, from now on, in this thread (and
    the threads it starts) or, with `all_threads`, in the whole process. Raises `SandboxUnavailable`."""
    try:
        import pyseccomp as seccomp
    except (ImportError, RuntimeError, OSError) as error:  # pyseccomp raises RuntimeError without libseccomp
        raise SandboxUnavailable(f"libseccomp cannot be loaded ({error})") from None
    refuse = seccomp.ERRNO(errno.EPERM)
    not_unix = seccomp.Arg(0, seccomp.NE, socket.AF_UNIX)
    try:
        rules = seccomp.SyscallFilter(seccomp.ALLOW)
        if all_threads:
            rules.set_attr(seccomp.Attr.CTL_TSYNC, 1)
        rules.add_rule(refuse, "socket", not_unix)
        rules.add_rule(refuse, "socketpair", not_unix)
        rules.add_rule(refuse, "io_uring_setup")
        rules.load()
    except (OSError, ValueError, RuntimeError) as error:
        raise SandboxUnavailable(f"the seccomp filter could not be loaded ({error})") from None


def confine(*, all_threads: bool) -> bool:
    """`deny_network`, with the outcome remembered for `require_confinement`; logs and returns False on failure."""
    try:
        deny_network(all_threads=all_threads)
    except SandboxUnavailable as error:
        _outcome.failure = str(error)
        log.error("network sandbox unavailable: %s; queries and updates here are refused with 503 unless "
                  "CKG_ALLOW_UNSANDBOXED is on", error)
        return False
    _outcome.failure = None
    return True


def confine_thread() -> None:
    """A thread pool's initializer: confine each of its threads (the rest of the process keeps the network)."""
    confine(all_threads=False)


def require_confinement(allow_unsandboxed: bool) -> None:
    """Refuse (503) to run a client's query or update in a thread that was to be confined and could not be.

    The service's own fixed jobs (graph sizes, the readiness ping) hold no client text and still run; a thread
    that was never to be confined (the remote store's, which must reach its endpoint) is not concerned."""
    failure = getattr(_outcome, "failure", None)
    if failure is None or allow_unsandboxed:
        return
    raise ApiError(503, "Sandbox unavailable",
                   "This service runs queries and updates only where the engine is cut off from the network, and "
                   f"that could not be done here: {failure}. The operator can fix the machine or allow running "
                   "without it (CKG_ALLOW_UNSANDBOXED).")
