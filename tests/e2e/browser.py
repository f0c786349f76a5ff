"""How the browser tests start Chromium: the machine's own build, without a sandbox (containers
have none), and without the background traffic that would make a page's timing vary."""

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
CHROMIUM_PATH = "/usr/bin/chromium"
# A phone's browser context: what the journeys "on a phone" open.
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def chromium_launch(playwright, **options):
    """A Chromium browser of ``playwright`` (sync API), launched as every browser test does."""
    return playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS, **options)


def sign_in(page, base_url: str, email: str, password: str, *, path: str = "/accounts/login/"):
    """Sign ``page`` in with a password on allauth's form at ``path`` (the site's, in either
    language, or the admin's /admin/login/) and wait until the browser has left that form."""
    page.goto(f"{base_url}{path}")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.locator("#password-sign-in").click()
    page.wait_for_url(lambda url: path not in url)
