"""Unit tests cannot reach the network: pytest-socket (pyproject addopts) blocks every host but
127.0.0.1 / ::1. This test proves the guard is on, so a parser test can never hit a live site."""

from __future__ import annotations

import socket

import pytest
import requests
from pytest_socket import SocketBlockedError, SocketConnectBlockedError

pytestmark = pytest.mark.filterwarnings("ignore:A test tried to use socket:UserWarning")


def test_a_real_connection_is_refused() -> None:
    with pytest.raises((SocketBlockedError, SocketConnectBlockedError)):
        socket.create_connection(("192.0.2.1", 80), timeout=1)  # TEST-NET-1, never routed


def test_requests_to_a_remote_address_are_refused() -> None:
    with pytest.raises((SocketBlockedError, SocketConnectBlockedError)):
        requests.get("http://192.0.2.1/", timeout=1)  # an address: DNS is not what is tested
