"""A vendor on a phone goes from sign-up to a listed stall; an organiser reviews on a desktop."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from playwright.sync_api import expect

from events.models import Stage
from participants.models import Product, StallApplication, User
from tests.e2e.browser import PHONE
from tests.factories import StallFactory, open_market_edition

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_vendor_journey_from_sign_up_to_the_public_market(live_server, browser, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    edition = open_market_edition()
    stage = edition.stages.create(kind=Stage.Kind.MARKET, name_ko="장터", name_en="Market")
    stall = StallFactory(stage=stage, number=21, zone="general")
    organiser = User.objects.create_superuser("organiser@example.org", "organiser-password-2025")
    # Staff sign in through allauth, which wants a verified address.
    EmailAddress.objects.create(user=organiser, email=organiser.email, verified=True, primary=True)
    base = f"{live_server.url}/en"

    # The vendor signs up on a phone and confirms the email address.
    phone = browser.new_context(**PHONE).new_page()
    phone.goto(f"{base}/accounts/signup/")
    phone.fill("input[name=email]", "sun@example.org")
    phone.fill("input[name=name]", "Sun")
    phone.fill("input[name=password1]", "a long vendor password 2025")  # optional, chosen
    phone.locator("form:has(input[name=password1]) button[type=submit]").click()
    link = re.search(r"https?://\S+/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    confirm_path = link[link.index("/", 8) :]
    phone.goto(live_server.url + confirm_path)
    phone.locator("form[action*='confirm-email'] button[type=submit]").click()
    phone.wait_for_load_state()

    # Profile, then the application, submitted.
    phone.goto(f"{base}/vendor/")
    phone.fill("#id_display_name_ko", "햇살 공예")
    phone.fill("#id_display_name_en", "Sunlight Crafts")
    phone.check("input[name=visibility][value=pseudonym]")
    phone.fill("#id_legal_name", "Private Person")
    phone.get_by_role("button", name="Save the profile").click()
    expect(phone.locator(".messages")).to_contain_text("Your vendor profile is saved.")
    phone.get_by_role("link", name="Apply for a stall").click()
    phone.check("input[name=categories][value=crafts]")
    phone.get_by_role("button", name="Submit to the organisers").click()
    expect(phone.locator(".status").first).to_have_text("Submitted")

    # The organiser approves with a note, lists the vendor and places the stall.
    desk = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    desk.goto(f"{base}/admin/login/")
    desk.fill("#id_login", "organiser@example.org")
    desk.fill("#id_password", "organiser-password-2025")
    desk.click("#password-sign-in")
    desk.goto(f"{base}/admin/participants/stallapplication/")
    desk.check("input[name=_selected_action]")
    desk.select_option("select[name=action]", "approve")
    desk.fill("input[name=note]", "Welcome to the market!")
    desk.click("button[name=index]")
    expect(desk.locator(".messagelist")).to_contain_text("Approved: 1.")
    desk.goto(f"{base}/admin/participants/vendor/")
    desk.check("input[name=_selected_action]")
    desk.select_option("select[name=action]", "list_in_market")
    desk.click("button[name=index]")
    expect(desk.locator(".messagelist")).to_contain_text("Listed: 1.")
    application = StallApplication.objects.get()
    desk.goto(f"{base}/admin/participants/stallapplication/{application.pk}/assign/")
    desk.select_option("select[name=stall]", str(stall.pk))
    desk.click("input[type=submit]")
    expect(desk.locator(".messagelist")).to_contain_text("The placement is saved.")
    application.refresh_from_db()
    assert (application.status, application.stall.number) == ("approved", 21)

    # The vendor sees the note and the stall, adds a product and finds it in the market.
    phone.goto(f"{base}/vendor/")
    expect(phone.locator(".organiser-note")).to_have_text("Welcome to the market!")
    expect(phone.locator("main")).to_contain_text("Your stall is number 21")
    phone.goto(f"{base}/vendor/products/add/")
    phone.fill("#id_name_ko", "자수 손수건")
    phone.fill("#id_name_en", "Embroidered handkerchief")
    phone.select_option("#id_category", "crafts")
    phone.fill("#id_price_won", "15000")
    phone.select_option("#id_provenance", "north_style")
    phone.get_by_role("button", name="Save the product").click()
    expect(phone.locator(".messages")).to_contain_text("The product is saved.")
    assert Product.objects.get().name_en == "Embroidered handkerchief"
    phone.goto(f"{base}/market/")
    card = phone.locator(".market-grid li.card").first
    assert card.locator("h2").inner_text() == "Sunlight Crafts"
    assert "Stall 21" in card.inner_text()
    assert "Embroidered handkerchief" in card.inner_text()
    assert "Private Person" not in phone.content()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
