"""Small server-rendered SVG charts for the admin (no script, no CDN): a spark line and a bar
row. Each chart is paired in the templates with a data table for screen readers."""

from django.utils.html import format_html, format_html_join


def sparkline(values: list[int], *, width: int = 240, height: int = 48, label: str = "") -> str:
    """A polyline of ``values`` scaled to the box; an empty series draws a flat line."""
    if not values:
        values = [0]
    top = max(values) or 1
    step = width / max(len(values) - 1, 1)
    points = " ".join(
        f"{round(i * step, 1)},{round(height - 2 - (v / top) * (height - 4), 1)}"
        for i, v in enumerate(values)
    )
    return format_html(
        '<svg class="sparkline" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" '
        'aria-label="{label}"><polyline fill="none" stroke="#1f4e79" stroke-width="2" '
        'points="{points}"/></svg>',
        w=width,
        h=height,
        label=label,
        points=points,
    )


def bars(
    values: list[tuple[str, int]], *, width: int = 320, bar_height: int = 14, label: str = ""
) -> str:
    """Horizontal bars, one per (label, value), scaled to the largest value."""
    top = max((v for _label, v in values), default=0) or 1
    rows = [
        (
            i * (bar_height + 6),
            round((v / top) * (width - 60)),
            bar_height,
            round((v / top) * (width - 60)) + 4,
            i * (bar_height + 6) + bar_height - 2,
            v,
        )
        for i, (_label, v) in enumerate(values)
    ]
    height = max(len(values) * (bar_height + 6), bar_height)
    return format_html(
        '<svg class="bars" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" '
        'aria-label="{label}">{rects}</svg>',
        w=width,
        h=height,
        label=label,
        rects=format_html_join(
            "",
            '<rect x="0" y="{}" width="{}" height="{}" fill="#1f4e79"/>'
            '<text x="{}" y="{}" font-size="12" fill="#1b1f24">{}</text>',
            rows,
        ),
    )
