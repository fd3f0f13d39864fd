from django.urls import path, re_path

from questions.views import accounts, bookmarks, browse, health, mock, notes, pages, search, study

urlpatterns = [
    path("", browse.home, name="home"),
    path("questions/", browse.question_list, name="question_list"),
    path("questions/<slug:slug>/", browse.question_detail, name="question_detail"),
    path("questions/<slug:slug>/bookmark/", bookmarks.bookmark_toggle, name="bookmark_toggle"),
    path("questions/<slug:slug>/note/", notes.note_edit, name="note_edit"),
    path("topics/", browse.topic_list, name="topic_list"),
    path("topics/<slug:slug>/", browse.topic_detail, name="topic_detail"),
    path("career/", pages.career, name="career"),
    path("prepare/", pages.prepare, name="prepare"),
    path("faq/", pages.faq, name="faq"),
    path("bookmarks/", bookmarks.bookmark_list, name="bookmark_list"),
    path("notes/", notes.note_list, name="note_list"),
    path("notes/export/", notes.notes_export, name="notes_export"),
    path("notes/<int:pk>/delete/", notes.note_delete, name="note_delete"),
    # The editor's live preview; markdownx.urls is not included (no login check, no sanitizing).
    path("markdownx/markdownify/", notes.markdown_preview, name="markdownx_markdownify"),
    path("review/", study.review, name="review"),
    path("review/add/", study.review_add, name="review_add"),
    path("review/<int:pk>/reveal/", study.review_reveal, name="review_reveal"),
    path("review/<int:pk>/rate/", study.review_rate, name="review_rate"),
    path("progress/", study.progress, name="progress"),
    re_path(
        r"^progress/export/(?P<kind>progress|reviews)\.(?P<fmt>csv|json)$",
        study.progress_export,
        name="progress_export",
    ),
    path("mock/", mock.mock_start, name="mock_start"),
    path("mock/<int:pk>/", mock.mock_detail, name="mock_detail"),
    path("mock/<int:pk>/answer/", mock.mock_answer, name="mock_answer"),
    path("mock/<int:pk>/rate/", mock.mock_rate, name="mock_rate"),
    path("accounts/signup/", accounts.signup, name="signup"),
    path("search/", search.search, name="search"),
    path("healthz", health.healthz, name="healthz"),
]
