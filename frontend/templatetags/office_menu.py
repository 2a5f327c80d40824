"""The back office's header menu (frontend/office/menu.py decides what it offers)."""

from django import template

from frontend.office.menu import landing_url, menu_links

register = template.Library()


@register.inclusion_tag("office/_menu.html", takes_context=True)
def office_menu(context):
    request = context["request"]
    return {
        "links": menu_links(request.user, request.path),
        "home": landing_url(request.user),
        "user": request.user,
        "csrf_token": context.get("csrf_token"),
    }
