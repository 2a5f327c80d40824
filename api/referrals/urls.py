from django.urls import path
from rest_framework.routers import SimpleRouter

from api.referrals import views

router = SimpleRouter()
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("referrals", views.ReferralViewSet, basename="referral")

urlpatterns = [
    path(
        "cases/<int:case_pk>/suggestions/",
        views.CaseReferralViewSet.as_view({"get": "suggestions"}),
        name="case-suggestions",
    ),
    path(
        "cases/<int:case_pk>/referrals/",
        views.CaseReferralViewSet.as_view({"post": "create"}),
        name="case-referrals",
    ),
    *router.urls,
]
