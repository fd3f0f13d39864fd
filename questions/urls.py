from django.urls import path

from questions.views import accounts, bookmarks, browse, health, notes, pages

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
    path("accounts/signup/", accounts.signup, name="signup"),
    path("healthz", health.healthz, name="healthz"),
]
