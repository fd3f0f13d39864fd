"""The page for a request the site refuses before any view runs: an oversized body."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def request_too_large(request: HttpRequest, limit: int | None = None) -> HttpResponse:
    limit_kib = (limit or settings.DATA_UPLOAD_MAX_MEMORY_SIZE) // 1024
    return render(request, "413.html", {"limit_kib": limit_kib}, status=413)
