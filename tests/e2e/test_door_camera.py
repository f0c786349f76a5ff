"""The door's camera path in Chromium with a fake camera: a .y4m video showing a real ticket's
QR code. Chromium on Linux has no BarcodeDetector, so this drives the vendored polyfill
(barcode-detector on zxing-wasm, served from our static files) end to end."""

import os

import pytest
import segno
from PIL import Image

from participants.models import CheckIn, Rsvp
from tests.factories import RsvpFactory, UserFactory, door_edition, door_staff

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

WIDTH, HEIGHT = 640, 480


def write_y4m(path, text: str, frames: int = 15) -> None:
    """A Y4M video (a header, then raw YUV 4:2:0 frames) of ``text``'s QR code on white."""
    qr = segno.make(text, error="q")
    image = Image.new("L", (WIDTH, HEIGHT), 255)
    size = 360
    code = Image.open(qr_png(qr)).convert("L").resize((size, size), Image.NEAREST)
    image.paste(code, ((WIDTH - size) // 2, (HEIGHT - size) // 2))
    luma = image.tobytes()
    chroma = bytes([128]) * ((WIDTH // 2) * (HEIGHT // 2))
    with open(path, "wb") as video:
        video.write(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(frames):
            video.write(b"FRAME\n" + luma + chroma + chroma)


def qr_png(qr):
    import io

    buffer = io.BytesIO()
    qr.save(buffer, kind="png", scale=10, border=4)
    buffer.seek(0)
    return buffer


def test_door_camera_reads_a_real_ticket_and_checks_it_in(live_server, client, tmp_path):
    from playwright.sync_api import sync_playwright

    edition = door_edition(capacity=10)
    ticket = RsvpFactory(edition=edition, user=UserFactory(name="카메라 손님"), party_size=2)
    client.force_login(door_staff(name="입구"))
    video = tmp_path / "ticket.y4m"
    write_y4m(video, ticket.ticket_code)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--use-fake-device-for-media-stream",
                "--use-fake-ui-for-media-stream",
                f"--use-file-for-fake-video-capture={video}",
            ],
        )
        context = browser.new_context(permissions=["camera"], locale="ko-KR")
        context.add_cookies(
            [
                {
                    "name": "sessionid",
                    "value": client.cookies["sessionid"].value,
                    "url": live_server.url,
                }
            ]
        )
        page = context.new_page()
        page.goto(f"{live_server.url}/checkin/")
        page.click("#scan-start")
        page.wait_for_selector("#scan-result[data-outcome=checked_in]", timeout=30000)
        shown = page.inner_text("#scan-result")
        context.close()
        browser.close()

    ticket.refresh_from_db()
    assert "입장 확인: 2명 중 2명" in shown
    assert "카메라 손님" in shown
    assert (ticket.status, ticket.arrived) == (Rsvp.Status.CHECKED_IN, 2)
    assert CheckIn.objects.get(rsvp=ticket).kind == "scan"
