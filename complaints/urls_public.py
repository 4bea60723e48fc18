"""Public (worker-facing) pages and API: filing, tracking, the pay calculator."""

urlpatterns: list = []
