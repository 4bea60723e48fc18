"""SMS backends: the HTTP gateway (a local fake gateway stands in for the outside world) and the file backend."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from notifications.backends.sms import FileSmsBackend, HttpSmsGatewayBackend, SmsDeliveryError


class FakeGateway:
    """A tiny HTTP server answering with the given status codes in turn (then 200); records requests."""

    def __init__(self, answers: list[int], delay: float = 0.0) -> None:
        self.answers = list(answers)
        self.delay = delay
        self.requests: list[dict] = []
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                gateway.requests.append({"body": body, "key": self.headers["Idempotency-Key"]})
                time.sleep(gateway.delay)
                status = gateway.answers.pop(0) if gateway.answers else 200
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/send"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def gateway(settings):
    made = []

    def make(answers, delay=0.0):
        fake = FakeGateway(answers, delay)
        made.append(fake)
        settings.SMS_GATEWAY_URL = fake.url
        settings.SMS_GATEWAY_TOKEN = "t0ken"
        settings.SMS_GATEWAY_RETRIES = 2
        settings.SMS_GATEWAY_TIMEOUT = 2.0
        return fake

    yield make
    for fake in made:
        fake.close()


def test_gateway_retries_server_errors_with_the_same_idempotency_key(gateway):
    fake = gateway([503, 502])
    HttpSmsGatewayBackend().send(to="13800138000", body="您的投诉已受理", key="out-7")
    assert [r["key"] for r in fake.requests] == ["out-7", "out-7", "out-7"]
    assert fake.requests[-1]["body"] == {
        "to": "13800138000",
        "body": "您的投诉已受理",
        "idempotency_key": "out-7",
    }


def test_gateway_gives_up_after_its_retries(gateway):
    fake = gateway([500, 500, 500, 500])
    with pytest.raises(SmsDeliveryError):
        HttpSmsGatewayBackend().send(to="13800138000", body="x", key="out-8")
    assert len(fake.requests) == 3


def test_gateway_client_error_is_not_retried(gateway):
    fake = gateway([400])
    with pytest.raises(SmsDeliveryError) as info:
        HttpSmsGatewayBackend().send(to="13800138000", body="x", key="out-9")
    assert not info.value.retryable and len(fake.requests) == 1


def test_gateway_timeout_raises(gateway, settings):
    gateway([200], delay=1.0)
    settings.SMS_GATEWAY_TIMEOUT = 0.2
    settings.SMS_GATEWAY_RETRIES = 0
    with pytest.raises(SmsDeliveryError):
        HttpSmsGatewayBackend().send(to="13800138000", body="x", key="out-10")


def test_gateway_not_configured(settings):
    settings.SMS_GATEWAY_URL = ""
    with pytest.raises(SmsDeliveryError):
        HttpSmsGatewayBackend().send(to="13800138000", body="x", key="out-11")


def test_file_backend_appends_one_line_per_message(tmp_path):
    path = str(tmp_path / "sms.jsonl")
    backend = FileSmsBackend(path)
    backend.send(to="13800138000", body="一", key="out-1")
    backend.send(to="13900139000", body="二", key="out-2")
    assert [(m["to"], m["body"], m["key"]) for m in FileSmsBackend.read(path)] == [
        ("13800138000", "一", "out-1"),
        ("13900139000", "二", "out-2"),
    ]
