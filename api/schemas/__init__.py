"""The shapes of the API's JSON answers, as routers declare them (``response_model``) and /openapi.json publishes them.

One module per subject: ``geojson`` (features, links), ``projects``, ``monitoring`` (indicators, submissions,
agencies), ``unit_figures`` (progress, salinity, forest per unit), ``tiles``, ``ogc``, ``accounts``, ``uploads``,
``service``. ``tests/test_response_schemas.py`` checks real answers against them.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Schema(BaseModel):
    """An answer's object: its documented members; a member it does not name is passed on as it is, not dropped
    (the test of the schemas fails on such a member, so the documentation keeps up)."""

    model_config = ConfigDict(extra="allow")
