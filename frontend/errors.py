"""Translated error pages that reveal nothing about the server."""

from django.shortcuts import render


def bad_request(request, exception=None):
    return render(request, "frontend/error.html", {"status": 400}, status=400)


def forbidden(request, exception=None):
    return render(request, "frontend/error.html", {"status": 403}, status=403)


def not_found(request, exception=None):
    return render(request, "frontend/error.html", {"status": 404}, status=404)


def server_error(request):
    return render(request, "frontend/error.html", {"status": 500}, status=500)
