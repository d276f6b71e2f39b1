"""Indicator charts as inline-SVG geometry: numbers only, so nothing user-written reaches SVG."""

from __future__ import annotations

from dataclasses import dataclass

from game_rules.report.debrief import IndicatorSeries

WIDTH = 240.0
HEIGHT = 110.0
PAD_LEFT = 28.0
PAD_RIGHT = 8.0
PAD_TOP = 8.0
PAD_BOTTOM = 18.0


@dataclass(frozen=True)
class Chart:
    place: str
    place_name: str
    dimension: str
    start: float
    end: float
    trend: str  # "better", "worse" or "same"
    points: str  # the polyline's "x,y x,y ..."
    end_x: float
    end_y: float
    width: float = WIDTH
    height: float = HEIGHT
    grid: tuple[tuple[float, int], ...] = ()  # (y, label)
    x_label: str = ""

    @property
    def label(self) -> str:
        return (
            f"{self.dimension} security in {self.place_name}: "
            f"{self.start:g} at the start, {self.end:g} at the end"
        )


def _x(t: float, duration: float) -> float:
    span = WIDTH - PAD_LEFT - PAD_RIGHT
    return round(PAD_LEFT + (t / duration) * span if duration > 0 else PAD_LEFT, 1)


def _y(value: float) -> float:
    span = HEIGHT - PAD_TOP - PAD_BOTTOM
    return round(PAD_TOP + (1 - value / 100.0) * span, 1)


def chart_for(series: IndicatorSeries, duration: float) -> Chart:
    """A step line: an indicator keeps its value until the next change."""
    duration = max(duration, max((t for t, _ in series.points), default=0.0), 1.0)
    coords: list[tuple[float, float]] = []
    previous: float | None = None
    for t, value in series.points:
        if previous is not None:
            coords.append((_x(t, duration), _y(previous)))
        coords.append((_x(t, duration), _y(value)))
        previous = value
    coords.append((_x(duration, duration), _y(series.end)))
    trend = "same"
    if series.end != series.start:
        trend = "better" if series.end > series.start else "worse"
    minutes = duration / 60
    return Chart(
        place=series.place,
        place_name=series.place_name,
        dimension=series.dimension,
        start=series.start,
        end=series.end,
        trend=trend,
        points=" ".join(f"{x:g},{y:g}" for x, y in coords),
        end_x=coords[-1][0],
        end_y=coords[-1][1],
        grid=tuple((_y(v), v) for v in (0, 50, 100)),
        x_label=f"{minutes:.0f} min",
    )


def charts_by_place(
    indicators: tuple[IndicatorSeries, ...], duration: float
) -> list[tuple[str, str, list[Chart]]]:
    """[(place id, place name, charts in HDR 1994 order)] in the order the series come."""
    grouped: dict[str, tuple[str, list[Chart]]] = {}
    for series in indicators:
        _, charts = grouped.setdefault(series.place, (series.place_name, []))
        charts.append(chart_for(series, duration))
    return [(place, name, charts) for place, (name, charts) in grouped.items()]
