"""Small network helpers shared by the local stack's starters, the tests and the benchmarks."""

import socket


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on right now (a tiny race remains: bind to it soon)."""
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]
