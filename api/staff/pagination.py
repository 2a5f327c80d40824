from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from reporting.models import CaseStatus


class StaffPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class CasePagination(StaffPagination):
    """Pages of the inbox, with the number of visible cases per status."""

    def get_paginated_response(self, data, status_counts: dict[str, int] | None = None):
        return Response(
            {
                "count": self.page.paginator.count,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "status_counts": status_counts or {},
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        paginated = super().get_paginated_response_schema(schema)
        paginated["properties"]["status_counts"] = {
            "type": "object",
            "description": "Visible cases per status (all statuses, independent of filters).",
            "properties": {status: {"type": "integer"} for status in CaseStatus.values},
            "required": list(CaseStatus.values),
        }
        paginated["required"] = [*paginated["required"], "status_counts"]
        return paginated
