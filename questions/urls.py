from django.urls import path

from questions.views import browse, pages

urlpatterns = [
    path("", browse.home, name="home"),
    path("questions/", browse.question_list, name="question_list"),
    path("questions/<slug:slug>/", browse.question_detail, name="question_detail"),
    path("topics/", browse.topic_list, name="topic_list"),
    path("topics/<slug:slug>/", browse.topic_detail, name="topic_detail"),
    path("career/", pages.career, name="career"),
    path("prepare/", pages.prepare, name="prepare"),
    path("faq/", pages.faq, name="faq"),
]
