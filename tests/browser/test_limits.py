"""The pages a limit answers with read well and pass axe, in light and dark."""

from playwright.sync_api import expect

from accounts import throttle


def test_the_too_many_requests_page_says_when_to_retry(page, site, assert_accessible):
    for _ in range(throttle.SIGNUP.limit):
        throttle.hit(throttle.SIGNUP, "127.0.0.1")
    page.goto(site + "/accounts/signup/")
    page.get_by_label("Username").fill("newcomer")
    page.locator("#id_password1").fill("a long passphrase 1")
    page.locator("#id_password2").fill("a long passphrase 1")
    page.locator("main").get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Too many requests")
    expect(page.get_by_role("alert")).to_contain_text("Please try again in")
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        assert_accessible(page)
