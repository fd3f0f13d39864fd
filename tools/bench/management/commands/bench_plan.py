"""Benchmark the study planner at 1,000 questions and 90 days (`make bench-plan`).

A measurement, not a test: the figures go in docs/performance.md. Two parts:

1. the pure planner (study/planner.py) on synthetic plain data, in four scenarios;
2. the whole adapter (study/plans.build: the queries, then the planner) on a scratch SQLite
   database, var/bench/plan.sqlite3, never the site's own, holding 1,000 questions and a learner
   with 500 reviewed cards: what the Today panel and the plan page pay per request.
"""

import random
import statistics
import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone

from study import planner, plans

SEED = 2026
ROUNDS = (
    planner.MockRound("coding", "Coding", 25),
    planner.MockRound("system_design", "System design", 45),
)
LEVELS = ["beginner", "intermediate", "advanced"]


def timings(function, runs: int) -> dict:
    function()  # warm up
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return {
        "min": samples[0],
        "p50": statistics.median(samples),
        "p95": samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))],
    }


def synthetic_questions(count: int, rng: random.Random) -> tuple[planner.PlanQuestion, ...]:
    # The bank's spread: most 5-12 minutes, design exercises 30-45.
    minutes = [5, 6, 7, 8, 8, 10, 10, 12, 15, 25, 35, 45]
    return tuple(
        planner.PlanQuestion(i, rng.choice(minutes), LEVELS[i % 3], "concept", (i % 18,))
        for i in range(1, count + 1)
    )


def synthetic_cards(count: int, today, rng: random.Random) -> tuple[planner.CardState, ...]:
    return tuple(
        planner.CardState(
            100_000 + i, today + timedelta(days=rng.randint(-10, 60)), rng.choice([0, 2, 12, 40])
        )
        for i in range(count)
    )


class Command(BaseCommand):
    help = "Time the study planner at 1,000 questions and 90 days (pure, then with the database)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--questions", type=int, default=1_000)
        parser.add_argument("--days", type=int, default=90)
        parser.add_argument("--cards", type=int, default=500)
        parser.add_argument("--runs", type=int, default=30)
        parser.add_argument("--no-database", action="store_true", help="the pure planner only")

    def handle(self, *args, **options) -> None:
        rng = random.Random(SEED)  # noqa: S311 - reproducible data, not secrets
        today = timezone.localdate()
        questions = synthetic_questions(options["questions"], rng)
        cards = synthetic_cards(options["cards"], today, rng)
        interview = today + timedelta(days=options["days"])
        model = plans.review_model()
        base = {
            "today": today,
            "interview_date": interview,
            "weekdays": frozenset(range(7)),
            "questions": questions,
            "review_model": model,
        }
        scenarios = [
            ("new learner, 60 min a day, every day", {"minutes_per_day": 60}),
            (
                f"{len(cards)} cards due, 90 min on 5 days, 2 mock rounds",
                {
                    "minutes_per_day": 90,
                    "weekdays": frozenset(range(5)),
                    "cards": cards,
                    "mock_rounds": ROUNDS,
                },
            ),
            ("far behind: 20 min a day", {"minutes_per_day": 20, "cards": cards}),
            ("everything fits: 600 min a day", {"minutes_per_day": 600, "cards": cards}),
        ]
        header = (
            f"{options['questions']:,} questions, {options['days']} days, {options['runs']} runs"
        )
        self.stdout.write(f"\nPure planner (study.planner.build_plan), {header}, milliseconds")
        self.stdout.write("| Scenario | Scheduled | Unscheduled | min | p50 | p95 |")
        self.stdout.write("| --- | ---: | ---: | ---: | ---: | ---: |")
        for label, overrides in scenarios:
            request = planner.PlanRequest(**(base | overrides))
            plan = planner.build_plan(request)
            figures = timings(lambda request=request: planner.build_plan(request), options["runs"])
            self.stdout.write(
                f"| {label} | {len(plan.scheduled)} | {len(plan.unscheduled)} | "
                f"{figures['min']:.1f} | {figures['p50']:.1f} | {figures['p95']:.1f} |"
            )
        if not options["no_database"]:
            self.bench_database(options, rng)

    def bench_database(self, options: dict, rng: random.Random) -> None:
        name = Path(str(settings.DATABASES["default"]["NAME"]))
        if connection.vendor != "sqlite" or "bench" not in str(name):
            raise CommandError(
                "The database part runs on a scratch SQLite database only: run it with "
                "DATABASE_URL=sqlite:///var/bench/plan.sqlite3 (make bench-plan does)."
            )
        call_command("migrate", verbosity=0)
        plan_settings = self.fill(options, rng)
        view = plans.build(plan_settings)
        figures = timings(lambda: plans.build(plan_settings), options["runs"])
        with connection.execute_wrapper(counter := QueryCounter()):
            plans.build(plan_settings)
        self.stdout.write(
            f"\nWhole adapter (study.plans.build: queries + planner), SQLite {name.name}, "
            f"{options['questions']:,} questions, {options['cards']} reviewed cards, "
            f"{options['days']} days, milliseconds"
        )
        self.stdout.write("| Queries | Scheduled | Unscheduled | min | p50 | p95 |")
        self.stdout.write("| ---: | ---: | ---: | ---: | ---: | ---: |")
        self.stdout.write(
            f"| {counter.count} | {len(view.plan.scheduled)} | {len(view.plan.unscheduled)} | "
            f"{figures['min']:.1f} | {figures['p50']:.1f} | {figures['p95']:.1f} |"
        )

    def fill(self, options: dict, rng: random.Random):
        from django.contrib.auth.models import User

        from questions.models import Question, Topic
        from study.models import ReviewCard, ReviewLog, StudyPlan

        now = timezone.now()
        with transaction.atomic():
            for model in (ReviewLog, ReviewCard, StudyPlan):
                model.objects.all().delete()
            User.objects.filter(username="bench-planner").delete()
            Question.topics.through.objects.all().delete()
            Question.objects.all().delete()
            Topic.objects.all().delete()
            topics = Topic.objects.bulk_create(
                Topic(slug=f"bench-topic-{i}", name=f"Bench topic {i}", position=i)
                for i in range(18)
            )
            minutes = [5, 6, 7, 8, 8, 10, 10, 12, 15, 25, 35, 45]
            rounds = Question.RoundType.values
            questions = Question.objects.bulk_create(
                Question(
                    slug=f"bench-question-{i}",
                    prompt=f"Benchmark question {i}?",
                    level=LEVELS[i % 3],
                    round_type=rounds[i % len(rounds)],
                    expected_minutes=rng.choice(minutes),
                    position=i,
                    answer="An answer.",
                )
                for i in range(options["questions"])
            )
            Question.topics.through.objects.bulk_create(
                Question.topics.through(question_id=q.pk, topic_id=topics[i % 18].pk)
                for i, q in enumerate(questions)
            )
            user = User.objects.create_user("bench-planner")
            reviewed = questions[: options["cards"]]
            cards = ReviewCard.objects.bulk_create(
                ReviewCard(
                    user=user,
                    question=q,
                    state=2,
                    stability=5.0,
                    difficulty=5.0,
                    due=now + timedelta(days=rng.randint(-10, 60)),
                    last_review=now - timedelta(days=rng.randint(1, 30)),
                )
                for q in reviewed
            )
            ReviewLog.objects.bulk_create(
                ReviewLog(
                    user=user,
                    card=card,
                    question_id=card.question_id,
                    rating=3,
                    reviewed_at=card.last_review - timedelta(days=k),
                    review_duration=rng.randint(30_000, 240_000),
                )
                for card in cards
                for k in range(3)
            )
            plan_settings = StudyPlan.objects.create(
                user=user,
                interview_date=timezone.localdate() + timedelta(days=options["days"]),
                time_amount=90,
                time_unit=StudyPlan.TimeUnit.MINUTES_DAY,
                round_types="coding,system_design",
            )
            plans.replan(plan_settings)
        return plan_settings


class QueryCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)
