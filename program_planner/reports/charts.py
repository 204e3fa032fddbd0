"""Server-rendered SVG charts: a horizontal bar chart and a stacked distribution bar.

Both take rows of (label, value) and return markup (markupsafe.Markup) that needs no script, no
CDN and no style attribute (the CSP forbids them): colours are SVG presentation attributes. Each
chart is an image with a <title> and a <desc> (role="img", aria-labelledby); a page must still
pair it with its table equivalent (reports/_charts.html, macro chart_with_table). Labels are
escaped here, so user text (a branch name, a target group) is safe in a chart.
"""

from collections.abc import Callable, Sequence

from markupsafe import Markup, escape

# Okabe–Ito: distinguishable with the common colour-vision deficiencies
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
# 1 (strongly disagree) … 5 (strongly agree): red to blue, readable in grey as well
SCALE_5 = ("#B2182B", "#EF8A62", "#BDBDBD", "#67A9CF", "#2166AC")
BAR_COLOUR = "#0B5394"
MUTED_COLOUR = "#6C757D"
TEXT_COLOUR = "#212529"
WIDTH = 640
FONT = 'font-family="system-ui, sans-serif" font-size="13"'


def _number(value) -> str:
    value = float(value or 0)
    return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"


def _label(text, limit=40) -> str:
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _open(chart_id, title, desc, height) -> str:
    cid = escape(chart_id)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="report-chart" id="{cid}" role="img"'
        f' aria-labelledby="{cid}-title {cid}-desc" viewBox="0 0 {WIDTH} {height}"'
        f' width="100%" preserveAspectRatio="xMinYMin meet" {FONT}>'
        f'<title id="{cid}-title">{escape(title)}</title>'
        f'<desc id="{cid}-desc">{escape(desc)}</desc>'
    )


def bar_chart(
    chart_id: str,
    title: str,
    rows: Sequence[tuple],
    desc: str = "",
    fmt: Callable = _number,
    max_value: float | None = None,
    highlight: Sequence = (),
) -> Markup:
    """Return a horizontal bar chart of rows [(label, value)], one bar per row.

    fmt formats the value printed after each bar; max_value fixes the scale (e.g. 100 for
    percentages); rows whose label is in highlight are drawn in the accent colour.
    """
    rows = [(label, float(value or 0)) for label, value in rows]
    label_w, bar_h, gap, top = 220, 22, 8, 6
    height = top * 2 + max(1, len(rows)) * (bar_h + gap)
    scale_max = max_value or max((v for _, v in rows), default=0) or 1
    room = WIDTH - label_w - 70
    desc = desc or "; ".join(f"{label}: {fmt(value)}" for label, value in rows)
    parts = [_open(chart_id, title, desc, height)]
    for i, (label, value) in enumerate(rows):
        y = top + i * (bar_h + gap)
        width = max(0.0, min(value, scale_max)) / scale_max * room
        colour = PALETTE[1] if label in highlight else BAR_COLOUR
        parts.append(
            f'<text x="{label_w - 8}" y="{y + bar_h * 0.7:.1f}" text-anchor="end"'
            f' fill="{TEXT_COLOUR}">{escape(_label(label))}</text>'
            f'<rect x="{label_w}" y="{y}" width="{width:.1f}" height="{bar_h}" fill="{colour}"/>'
            f'<text x="{label_w + width + 6:.1f}" y="{y + bar_h * 0.7:.1f}"'
            f' fill="{TEXT_COLOUR}">{escape(fmt(value))}</text>'
        )
    if not rows:
        parts.append(f'<text x="8" y="20" fill="{MUTED_COLOUR}">—</text>')
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text in parts went through escape()


def stacked_bar(
    chart_id: str,
    title: str,
    rows: Sequence[tuple],
    desc: str = "",
    colours: Sequence[str] = PALETTE,
) -> Markup:
    """Return one bar split into segments, one per row [(label, count)], with a legend.

    Used for answer distributions: each segment's width is its share of the total; the legend
    gives the label, the count and the percentage (so no text sits on a coloured segment).
    """
    rows = [(label, float(value or 0)) for label, value in rows]
    total = sum(v for _, v in rows)
    bar_h, legend_row = 28, 20
    per_line = 3 if max((len(str(label)) for label, _v in rows), default=0) <= 16 else 2
    legend_lines = (len(rows) + per_line - 1) // per_line
    height = 8 + bar_h + 10 + legend_lines * legend_row + 4
    if not desc:
        desc = (
            "; ".join(f"{label}: {_number(v)} ({_percent(v, total)})" for label, v in rows) or "—"
        )
    parts = [_open(chart_id, title, desc, height)]
    x = 0.0
    if total:
        for i, (_label_text, value) in enumerate(rows):
            width = value / total * WIDTH
            if width > 0:
                parts.append(
                    f'<rect x="{x:.2f}" y="8" width="{width:.2f}" height="{bar_h}"'
                    f' fill="{colours[i % len(colours)]}" stroke="#ffffff" stroke-width="1"/>'
                )
            x += width
    else:
        parts.append(
            f'<rect x="0" y="8" width="{WIDTH}" height="{bar_h}" fill="#ffffff"'
            f' stroke="{MUTED_COLOUR}"/>'
        )
    column = WIDTH / per_line
    for i, (label, value) in enumerate(rows):
        lx = (i % per_line) * column
        ly = 8 + bar_h + 10 + (i // per_line) * legend_row
        parts.append(
            f'<rect x="{lx:.1f}" y="{ly}" width="12" height="12"'
            f' fill="{colours[i % len(colours)]}"/>'
            f'<text x="{lx + 18:.1f}" y="{ly + 11}" fill="{TEXT_COLOUR}">'
            f"{escape(_label(label, 32))} {escape(_number(value))}"
            f" ({escape(_percent(value, total))})</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text in parts went through escape()


def _percent(value, total) -> str:
    return f"{round(100 * value / total)} %" if total else "—"
