"""How the browser tests start Chromium: the machine's own build, without a sandbox (containers
have none), and without the background traffic that would make a page's timing vary."""

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
CHROMIUM_PATH = "/usr/bin/chromium"


def chromium_launch(playwright, **options):
    """A Chromium browser of ``playwright`` (sync API), launched as every browser test does."""
    return playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS, **options)
