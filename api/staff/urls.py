from django.urls import path
from rest_framework.routers import SimpleRouter

from api.staff import views

router = SimpleRouter()
router.register("cases", views.CaseViewSet, basename="case")
router.register("events", views.EventViewSet, basename="event")
router.register("shared-cases", views.SharedCaseListViewSet, basename="shared-case")
router.register("attachments", views.AttachmentViewSet, basename="attachment")

urlpatterns = [
    path("me/", views.MeViewSet.as_view({"get": "retrieve"}), name="me"),
    *router.urls,
]
