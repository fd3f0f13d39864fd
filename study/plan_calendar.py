"""The plan's calendar: weeks of days, each with what was done (past) or is planned (to come)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from study import planner
from study.plans import PlanView


@dataclass
class CalendarDay:
    day: date
    kind: str  # "past", "today", "future", "interview", "outside"
    new: int = 0
    reviews: int = 0
    mock: planner.MockSession | None = None
    used: float = 0.0
    budget: float = 0.0
    planned_new: int = 0  # past days: what the plan made then expected
    study_day: bool = True

    @property
    def missed(self) -> bool:
        return self.kind == "past" and self.planned_new > 0 and not self.new and not self.reviews

    @property
    def load(self) -> int:
        """How full the day is, 0-100, for its bar."""
        if not self.budget:
            return 0
        return min(100, round(100 * self.used / self.budget))

    @property
    def load_level(self) -> int:
        return 0 if not self.used else 1 if self.load < 40 else 2 if self.load < 80 else 3


def calendar(view: PlanView) -> list[list[CalendarDay]]:
    """Weeks (Monday first) from the week the plan was made to the interview's week."""
    first = min(view.settings.planned_on, view.plan.today)
    start = first - timedelta(days=first.weekday())
    end = view.settings.interview_date
    end += timedelta(days=6 - end.weekday())
    planned = baseline_days(view)
    by_day = {day.day: day for day in view.plan.days}
    weekdays = view.settings.weekday_set
    weeks, week = [], []
    for offset in range((end - start).days + 1):
        day = start + timedelta(days=offset)
        cell = CalendarDay(day, "outside", study_day=day.weekday() in weekdays)
        if day == view.settings.interview_date:
            cell.kind = "interview"
        elif first <= day < view.plan.today:
            cell.kind = "past"
            cell.new = view.history.new_by_day.get(day, 0)
            cell.reviews = view.history.reviews_by_day.get(day, 0)
            cell.planned_new = planned.get(day, 0)
        elif view.plan.today <= day < view.settings.interview_date:
            cell.kind = "today" if day == view.plan.today else "future"
            if plan_day := by_day.get(day):
                cell.new, cell.reviews, cell.mock = (
                    len(plan_day.new),
                    plan_day.reviews,
                    plan_day.mock,
                )
                cell.used, cell.budget = plan_day.used, plan_day.budget
                if day == view.plan.today:
                    cell.new += view.today.new_done
                    cell.reviews += view.today.reviews_done
                    cell.budget = view.minutes_per_day
                    cell.used = min(cell.budget, cell.used + view.spent_today)
        week.append(cell)
        if len(week) == 7:
            weeks.append(week)
            week = []
    return weeks


def baseline_days(view: PlanView) -> dict[date, int]:
    days = (view.settings.baseline or {}).get("days", {})
    return {date.fromisoformat(day): count for day, count in days.items()}
