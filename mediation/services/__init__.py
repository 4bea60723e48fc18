"""Every write to mediation: requests, transitions, sessions, agreements, the deadline scan."""

from .agreements import mediation_reach_agreement, term_record_performed  # noqa: F401
from .calendar import unavailability_add  # noqa: F401
from .deadlines import mediation_deadline_for, mediation_deadline_scan, session_remind, sessions_to_remind  # noqa: F401
from .request_transitions import (  # noqa: F401
    mediation_accept,
    mediation_adjourn,
    mediation_decline,
    mediation_fail,
    mediation_follow_up,
    mediation_lapse,
    mediation_record_not_performed,
    mediation_record_performed,
    mediation_start_session,
)
from .requests import (  # noqa: F401
    complaint_refer_to_mediation,
    mediation_access_code_reissue,
    mediation_clean,
    mediation_create_from_complaint,
    mediation_file,
    mediation_record_oral,
)
from .scheduling import session_book, session_cancel, session_reschedule  # noqa: F401
