"""Staff login lockout with django-axes (core/lockout.py): per account and per address, with backoff."""

from __future__ import annotations

from .env import env

# Failures within the cool-off that lock out an account (from any address) or an address (for any
# account): a password guesser on one account is stopped wherever it comes from, and a guesser trying
# many accounts from one address is stopped too. A correct login does not wipe the count (it would let an
# insider reset the address's count on a colleague's account with their own password).
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=10)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = False
# Backoff: LOGIN_COOLOFF_MINUTES for the first lockout, doubled for every further run of failures.
LOGIN_COOLOFF_MINUTES = env.int("LOGIN_COOLOFF_MINUTES", default=15)
AXES_COOLOFF_TIME = "core.lockout.login_cool_off"
# Each attempt row expires on its own clock, so that one account's short cool-off never clears another's.
AXES_USE_ATTEMPT_EXPIRATION = True
AXES_LOCKOUT_CALLABLE = "core.lockout.lockout_response"
# The same client address as the rate limits (DRF's NUM_PROXIES for X-Forwarded-For).
AXES_CLIENT_IP_CALLABLE = "core.lockout.login_client_ip"
AXES_HTTP_RESPONSE_CODE = 429
