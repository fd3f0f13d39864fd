"""The career facts around the role: salary and jobs, preparation, FAQ."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from questions.models import FAQ, CommonMistake, JobMarket, PreparationTip, RelatedSkill
from questions.pagecache import cache_anonymous_page

CHART_WIDTH = 280
CHART_LABEL_WIDTH = 80
BAR_HEIGHT = 34
BAR_GAP = 14


def salary_chart(market: JobMarket) -> dict:
    """Bars for the inline-SVG salary chart: minimum, median and maximum, scaled to the maximum."""
    figures = [
        ("Minimum", market.min_salary),
        ("Median", market.median_salary),
        ("Maximum", market.max_salary),
    ]
    top = max(market.max_salary, 1)
    bars = [
        {
            "label": label,
            "amount": amount,
            "y": index * (BAR_HEIGHT + BAR_GAP),
            "text_y": index * (BAR_HEIGHT + BAR_GAP) + BAR_HEIGHT // 2 + 5,
            "width": max(round(amount / top * CHART_WIDTH), 2),
            "is_median": label == "Median",
        }
        for index, (label, amount) in enumerate(figures)
    ]
    return {
        "bars": bars,
        "label_width": CHART_LABEL_WIDTH,
        "width": CHART_LABEL_WIDTH + CHART_WIDTH + 100,
        "height": len(bars) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP,
        "bar_height": BAR_HEIGHT,
    }


@cache_anonymous_page
def career(request: HttpRequest) -> HttpResponse:
    market = JobMarket.objects.select_related("source").prefetch_related("companies").first()
    return render(
        request,
        "questions/career.html",
        {"market": market, "chart": salary_chart(market) if market else None},
    )


@cache_anonymous_page
def prepare(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "questions/prepare.html",
        {
            "tips": PreparationTip.objects.all(),
            "mistakes": CommonMistake.objects.all(),
            "skills": RelatedSkill.objects.all(),
        },
    )


@cache_anonymous_page
def faq(request: HttpRequest) -> HttpResponse:
    return render(request, "questions/faq.html", {"faqs": FAQ.objects.all()})
