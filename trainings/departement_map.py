"""A schematic map of the region's twelve départements for « Où se former »: one tile per
département, placed roughly where it lies (west to east, north to south). The shapes are not
the real borders, and the page says so (« carte schématique »)."""

from careers_site.core.geo import Departement

TILE_WIDTH, TILE_HEIGHT = 140, 92
STEP_X, STEP_Y = 150, 104
MARGIN = 8

# (column, row) of each tile, in steps; neighbours stay neighbours on the map.
LAYOUT = {
    "03": (1.1, 0.0),
    "01": (3.3, 0.15),
    "74": (4.45, 0.3),
    "63": (0.75, 1.0),
    "42": (1.85, 0.95),
    "69": (2.95, 1.1),
    "73": (4.8, 1.35),
    "15": (0.4, 2.05),
    "43": (1.5, 2.05),
    "38": (3.75, 2.2),
    "07": (2.6, 2.9),
    "26": (3.7, 3.25),
}
NAMES = {code: label.rsplit(" (", 1)[0] for code, label in Departement.choices}


def map_tiles(counts, selected=""):
    """[{code, name, count, x, y, …}] for the template, from {code: number of offers}."""
    busiest = max(counts.values(), default=0)
    tiles = []
    for code, (column, row) in LAYOUT.items():
        count = counts.get(code, 0)
        if count == 0:
            shade = "none"
        elif count * 2 <= busiest:
            shade = "some"
        else:
            shade = "many"
        x, y = MARGIN + column * STEP_X, MARGIN + row * STEP_Y
        tiles.append(
            {
                "code": code,
                "name": NAMES[code],
                "count": count,
                "shade": shade,
                "selected": code == selected,
                "x": round(x),
                "y": round(y),
                "cx": round(x + TILE_WIDTH / 2),
                "name_y": round(y + 34),
                "count_y": round(y + 72),
            }
        )
    return tiles


def view_box():
    width = max(c for c, _r in LAYOUT.values()) * STEP_X + TILE_WIDTH + 2 * MARGIN
    height = max(r for _c, r in LAYOUT.values()) * STEP_Y + TILE_HEIGHT + 2 * MARGIN
    return f"0 0 {round(width)} {round(height)}"
