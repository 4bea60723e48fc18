"""Settings, split by concern; every value comes from the environment with an embedded default.

Defaults run on one machine with no services (SQLite, in-memory channel layer, tasks in process);
DATABASE_URL and REDIS_URL switch to PostgreSQL, Redis, a Celery worker and beat.
"""

from .api import *  # noqa: F401,F403
from .base import *  # noqa: F401,F403
from .database import *  # noqa: F401,F403
from .domain import *  # noqa: F401,F403
from .i18n import *  # noqa: F401,F403
from .lockout import *  # noqa: F401,F403
from .maps import *  # noqa: F401,F403
from .portal import *  # noqa: F401,F403
from .realtime import *  # noqa: F401,F403
from .security import *  # noqa: F401,F403
from .tasks import *  # noqa: F401,F403
