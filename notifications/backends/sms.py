"""SMS backends: the outside world behind one interface; settings.SMS_BACKEND chooses."""

from __future__ import annotations

import abc
import json
import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from core.identifiers import mask_mobile

logger = logging.getLogger("wagewatch.sms")


class SmsDeliveryError(Exception):
    """The gateway did not take the message; the caller retries later."""

    def __init__(self, message: str, *, retryable: bool = True) -> None:
        super().__init__(message)
        self.retryable = retryable


@dataclass
class SentSms:
    to: str
    body: str
    key: str
    sent_at: datetime = field(default_factory=timezone.now)


class BaseSmsBackend(abc.ABC):
    """The interface every SMS backend implements."""

    @abc.abstractmethod
    def send(self, *, to: str, body: str, key: str) -> None:
        """Send one message; ``key`` is an idempotency key the gateway may use to drop repeats."""


class RecordingSmsBackend(BaseSmsBackend):
    """Development and test backend: keeps messages in memory (``outbox``) and logs them masked."""

    outbox: list[SentSms] = []
    _lock = threading.Lock()

    def send(self, *, to: str, body: str, key: str) -> None:
        with self._lock:
            type(self).outbox.append(SentSms(to=to, body=body, key=key))
        logger.info("SMS to %s: %s", mask_mobile(to), body)

    @classmethod
    def clear(cls) -> None:
        with cls._lock:
            cls.outbox.clear()


class FileSmsBackend(BaseSmsBackend):
    """Development backend shared across processes (web, worker): appends one JSON line per message.

    The file is settings.SMS_FILE_PATH; ``read`` returns what was sent, for tests that run a real worker.
    """

    def __init__(self, path: str | None = None) -> None:
        self.path = path or settings.SMS_FILE_PATH

    def send(self, *, to: str, body: str, key: str) -> None:
        line = json.dumps({"to": to, "body": body, "key": key, "sent_at": timezone.now().isoformat()})
        with open(self.path, "a", encoding="utf-8") as handle:
            handle.write(line + "\n")
        logger.info("SMS to %s written to file", mask_mobile(to))

    @staticmethod
    def read(path: str) -> list[dict]:
        try:
            with open(path, encoding="utf-8") as handle:
                return [json.loads(line) for line in handle if line.strip()]
        except FileNotFoundError:
            return []


class HttpSmsGatewayBackend(BaseSmsBackend):
    """Production backend: POST JSON to the SMS gateway with a timeout and a few quick retries.

    Errors raise SmsDeliveryError; the delivery task then retries with backoff. Every attempt carries
    the same idempotency key, so the gateway drops a repeat of a message it already took.
    A 4xx answer (other than 408/429) is final for this attempt: retrying the same request won't help.
    """

    def send(self, *, to: str, body: str, key: str) -> None:
        attempts = max(1, settings.SMS_GATEWAY_RETRIES + 1)
        for attempt in range(attempts):
            try:
                self._post(to=to, body=body, key=key)
                return
            except SmsDeliveryError as exc:
                if attempt + 1 >= attempts or not exc.retryable:
                    raise
                time.sleep(min(2.0, 0.25 * 2**attempt))

    def _post(self, *, to: str, body: str, key: str) -> None:
        import urllib.error
        import urllib.request

        if not settings.SMS_GATEWAY_URL:
            raise SmsDeliveryError("SMS_GATEWAY_URL is not set", retryable=False)
        payload = json.dumps({"to": to, "body": body, "idempotency_key": key}).encode()
        request = urllib.request.Request(
            settings.SMS_GATEWAY_URL,
            data=payload,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {settings.SMS_GATEWAY_TOKEN}",
                "Idempotency-Key": key,
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=settings.SMS_GATEWAY_TIMEOUT) as response:
                if response.status >= 300:
                    raise SmsDeliveryError(f"gateway answered {response.status}")
        except urllib.error.HTTPError as exc:
            retryable = exc.code >= 500 or exc.code in (408, 429)
            raise SmsDeliveryError(f"gateway answered {exc.code}", retryable=retryable) from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise SmsDeliveryError(str(exc)) from exc


def get_sms_backend() -> BaseSmsBackend:
    return import_string(settings.SMS_BACKEND)()
