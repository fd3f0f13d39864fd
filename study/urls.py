from django.urls import path, re_path

from study.views import bookmarks, data, exports, mock, notes, plan, review

urlpatterns = [
    path("questions/<slug:slug>/bookmark/", bookmarks.bookmark_toggle, name="bookmark_toggle"),
    path("questions/<slug:slug>/note/", notes.note_edit, name="note_edit"),
    path("bookmarks/", bookmarks.bookmark_list, name="bookmark_list"),
    path("notes/", notes.note_list, name="note_list"),
    path("notes/export/", exports.notes_export, name="notes_export"),
    path("notes/<int:pk>/delete/", notes.note_delete, name="note_delete"),
    # The editor's live preview; markdownx.urls is not included (no login check, no sanitizing).
    path("markdownx/markdownify/", notes.markdown_preview, name="markdownx_markdownify"),
    path("review/", review.review, name="review"),
    path("review/add/", review.review_add, name="review_add"),
    path("review/<int:pk>/reveal/", review.review_reveal, name="review_reveal"),
    path("review/<int:pk>/rate/", review.review_rate, name="review_rate"),
    path("progress/", review.progress, name="progress"),
    re_path(
        r"^progress/export/(?P<kind>progress|reviews)\.(?P<fmt>csv|json)$",
        exports.progress_export,
        name="progress_export",
    ),
    path("data/", data.your_data, name="your_data"),
    path("data/export.json", data.data_export, name="data_export"),
    path("data/anki.apkg", data.anki_deck, name="anki_deck"),
    path("data/print/", data.print_sheet, name="print_sheet"),
    path("data/import/", data.data_import, name="data_import"),
    path("plan/", plan.plan, name="plan"),
    path("plan/today/", plan.plan_today, name="plan_today"),
    path("plan/trim/", plan.plan_trim, name="plan_trim"),
    path("plan/delete/", plan.plan_delete, name="plan_delete"),
    path("plan/feed/reset/", plan.plan_feed_reset, name="plan_feed_reset"),
    path("plan/feed/<int:pk>/<str:token>.ics", plan.plan_feed, name="plan_feed"),
    path("mock/", mock.mock_start, name="mock_start"),
    path("mock/<int:pk>/", mock.mock_detail, name="mock_detail"),
    path("mock/<int:pk>/begin/", mock.mock_begin, name="mock_begin"),
    path("mock/<int:pk>/answer/", mock.mock_answer, name="mock_answer"),
    path("mock/<int:pk>/rate/", mock.mock_rate, name="mock_rate"),
]
