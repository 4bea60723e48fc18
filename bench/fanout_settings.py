"""Settings for bench/fanout.py's own web server and worker: the project's settings plus a stand-in URL.

The stand-in (``POST /api/v1/bench/cases/<id>/transition/``) records a case event through
event_record exactly as a lifecycle service does; it goes once /api/v1/cases/{id}/{action}/ exists.
"""

from core.settings import *  # noqa: F401,F403

ROOT_URLCONF = "bench.fanout_urls"
