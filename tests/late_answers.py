"""A page's answers kept on their way, as a slow 3G line keeps them, until the test lets them come: the order in which
answers arrive is the test's, not the machine's load's."""

from __future__ import annotations


class LateAnswers:
    """The answers to the requests of ``page`` matching ``url`` (a Playwright URL pattern), held until ``come``; a
    request made after it is answered at once."""

    def __init__(self, page, url: str) -> None:
        self.held: list = []
        self.came = False
        page.route(url, self._route)

    def _route(self, route) -> None:
        if self.came:
            route.continue_()
        else:
            self.held.append(route)

    def come(self) -> None:
        self.came = True
        while self.held:
            self.held.pop(0).continue_()
