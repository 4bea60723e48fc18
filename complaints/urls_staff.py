"""Staff pages and API: the workbench and case actions."""

urlpatterns: list = []
