"""One route table: every address of the app is spelled in ce_tracker/routes.py and nowhere else.

A literal such as ``"/planner"`` or ``f"/review/{id}"`` elsewhere in the package is a second place to change when
an address moves (and a broken link when someone forgets); pages, emails and routes use the table's names.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from ce_tracker import routes

PACKAGE = Path(routes.__file__).parent
TABLE = {name: value for name, value in vars(routes).items()
         if name.isupper() and isinstance(value, str) and value.startswith("/") and value != "/"}
# The first segment of every address in the table ("planner", "account", "files", ...).
SEGMENTS = sorted({re.match(r"/([\w-]+)", value)[1] for value in TABLE.values()})
APP_PATH = re.compile(rf"^\^?/(?:{'|'.join(map(re.escape, SEGMENTS))})(?:$|[/?.#{{\[])")


def literal_paths(source: str) -> list[tuple[int, str]]:
    """Every string literal (or literal part of an f-string) in ``source`` that starts with an app address."""
    return [(node.lineno, node.value) for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and APP_PATH.match(node.value)]


def test_the_scan_finds_addresses_in_plain_and_formatted_strings():
    found = literal_paths('a = "/planner"\nb = f"/review/{n}"\nc = page_link(s, "/home")\nd = "/app.css"\n'
                          'e = re.compile(r"^/credentials/term/([0-9]+)")\nf = "/"\n')
    assert [value for _, value in found] == ["/planner", "/review/", "/home", "^/credentials/term/([0-9]+)"]


def test_no_module_outside_the_route_table_spells_an_app_address():
    found = [f"{path.relative_to(PACKAGE.parent)}:{line}: {value!r}"
             for path in sorted(PACKAGE.rglob("*.py")) if path != PACKAGE / "routes.py"
             for line, value in literal_paths(path.read_text(encoding="utf-8"))]
    assert found == [], "use ce_tracker.routes instead of:\n" + "\n".join(found)


def test_every_backend_route_is_registered_at_a_pattern_of_the_table():
    from ce_tracker.web.routes import api

    assert {route.path for route in api.routes} <= set(TABLE.values())


def test_builders_fill_both_kinds_of_pattern():
    assert routes.cme_event(7) == "/cme/7"
    assert routes.certificate("AMI 1") == "/certificates/AMI%201"
    assert routes.unsubscribe("tok") == "/reminders/unsubscribe/tok"
    assert routes.term_credential(3, "ab") == "/credentials/term/3/ab.json"
    assert routes.fixed_prefix(routes.UNSUBSCRIBE) == "/reminders/unsubscribe/"
    assert routes.login_then(routes.RECORD) == "/login?next=/record" and routes.login_then() == "/login"
