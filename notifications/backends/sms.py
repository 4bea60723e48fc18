"""SMS backends: the outside world behind one interface; settings.SMS_BACKEND chooses."""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from core.identifiers import mask_mobile

logger = logging.getLogger("wagewatch.sms")


class SmsDeliveryError(Exception):
    """The gateway did not take the message; the caller retries later."""


@dataclass
class SentSms:
    to: str
    body: str
    key: str
    sent_at: datetime = field(default_factory=timezone.now)


class BaseSmsBackend:
    def send(self, *, to: str, body: str, key: str) -> None:
        """Send one message; ``key`` is an idempotency key the gateway may use to drop repeats."""
        raise NotImplementedError


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


class HttpSmsGatewayBackend(BaseSmsBackend):
    """Production backend: POST JSON to the SMS gateway with a timeout; errors raise SmsDeliveryError."""

    def send(self, *, to: str, body: str, key: str) -> None:
        import urllib.error
        import urllib.request

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
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise SmsDeliveryError(str(exc)) from exc


def get_sms_backend() -> BaseSmsBackend:
    return import_string(settings.SMS_BACKEND)()
