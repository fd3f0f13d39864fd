import factory
from django.contrib.auth.models import User

from questions.models import Question, Source, Topic
from study.models import Bookmark, Note


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"source-{n}")
    name = factory.Sequence(lambda n: f"Source {n}")


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"topic-{n}")
    name = factory.Sequence(lambda n: f"Topic {n}")
    description = "What this topic covers."


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"question-{n}")
    prompt = factory.Sequence(lambda n: f"How would you design system number {n}?")
    summary = "Probes trade-offs."
    level = Question.Level.BEGINNER
    position = factory.Sequence(int)
    source = factory.SubFactory(SourceFactory)
    answer = "A **sample** answer with `code`.\n\n```python\nprint('hi')\n```\n"
    why_asked = "Interviewers want to see judgement."
    strong_answer_points = "Names the trade-off\nGives an example\nMentions failure modes"
    tip = "Start with the requirements."
    follow_ups = "What changes at ten times the load?"

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set(extracted)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"learner{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    password = factory.django.Password("correct horse battery")


class BookmarkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bookmark

    user = factory.SubFactory(UserFactory)
    question = factory.SubFactory(QuestionFactory)


class NoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Note

    user = factory.SubFactory(UserFactory)
    question = factory.SubFactory(QuestionFactory)
    body = "My *own* words."
