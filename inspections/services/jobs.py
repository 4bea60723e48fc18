"""Live progress of background jobs: a non-stored message to the websocket group job-<id>."""

from __future__ import annotations

from notifications.broadcast import group_send


def job_progress(job_id: int | None, *, done: int, total: int, status: str, stage: str = "") -> None:
    """Tell open pages how far a job is (the page also polls its status URL as a fallback)."""
    if job_id is None:
        return
    group_send(
        f"job-{job_id}",
        {"type": "progress", "job": job_id, "done": done, "total": total, "status": status, "stage": stage},
    )
