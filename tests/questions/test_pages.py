import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["career", "prepare", "faq"])
def test_career_pages_render_in_few_queries(client, content, django_assert_max_num_queries, name):
    with django_assert_max_num_queries(6):
        response = client.get(reverse(name))
    assert response.status_code == 200


def test_career_page_shows_figures_chart_and_companies(client, content):
    html = client.get(reverse("career")).text
    for text in ["$182,681", "$70,000", "$360,000", "122", "Tesorio", "Equal Experts"]:
        assert text in html
    assert '<svg viewBox="0 0' in html
    assert 'role="img"' in html
    assert "SkillExchange" in html


def test_career_page_without_figures_says_so(client, db):
    assert "No salary figures" in client.get(reverse("career")).text


def test_prepare_page_lists_tips_mistakes_and_skills(client, content):
    html = client.get(reverse("prepare")).text
    assert html.count('<li class="card">') == 10
    assert "Event-Driven Architecture" in html


def test_faq_page_answers_the_salary_question(client, content):
    assert "$182,681" in client.get(reverse("faq")).text


def test_pages_have_titles_and_descriptions(client, content):
    for url in ["/", "/questions/", "/questions/cap-theorem/", "/career/", "/topics/caching/"]:
        html = client.get(url).text
        assert "<title>" in html
        assert '<meta name="description" content="' in html
        assert 'href="#main"' in html
