"""Pagination for big case lists: counting stops at a cap, so no page counts a million rows."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.functional import cached_property
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

PAGE_SIZE = 25
COUNT_CAP = 500


class CappedPaginator(Paginator):
    """A Paginator whose ``count`` is exact up to COUNT_CAP and COUNT_CAP + 1 beyond ("1000+")."""

    cap = COUNT_CAP

    @cached_property
    def count(self) -> int:
        # Django counts a sliced queryset as SELECT count(*) FROM (SELECT ... LIMIT cap + 1).
        return self.object_list.order_by().values("pk")[: self.cap + 1].count()

    @property
    def count_capped(self) -> bool:
        return self.count > self.cap


class CasePagination(PageNumberPagination):
    page_size = PAGE_SIZE
    django_paginator_class = CappedPaginator

    def get_paginated_response(self, data):
        paginator = self.page.paginator
        return Response(
            {
                "count": min(paginator.count, paginator.cap),
                "count_capped": paginator.count_capped,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["count_capped"] = {"type": "boolean"}
        return response
