from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        from questions.models import Question, Topic
        from questions.signals import questions_updated
        from search import index
        from study.models import Note

        post_save.connect(index.question_saved, sender=Question, dispatch_uid="search-question")
        post_delete.connect(
            index.question_deleted, sender=Question, dispatch_uid="search-question-delete"
        )
        m2m_changed.connect(
            index.question_topics_changed,
            sender=Question.topics.through,
            dispatch_uid="search-question-topics",
        )
        post_save.connect(index.topic_saved, sender=Topic, dispatch_uid="search-topic")
        pre_delete.connect(index.topic_deleting, sender=Topic, dispatch_uid="search-topic-pre")
        post_delete.connect(index.topic_deleted, sender=Topic, dispatch_uid="search-topic-del")
        post_save.connect(index.note_saved, sender=Note, dispatch_uid="search-note")
        post_delete.connect(index.note_deleted, sender=Note, dispatch_uid="search-note-delete")
        questions_updated.connect(index.questions_bulk_updated, dispatch_uid="search-bulk")
