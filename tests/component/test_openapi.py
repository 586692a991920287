"""The OpenAPI document tells clients what the API really answers when it refuses."""

from __future__ import annotations

from typing import Any

import jsonschema

from tests.builders import complaint
from tests.system import System


async def test_every_refusal_is_documented_with_the_real_error_body(system: System) -> None:
    async with await system.client("complaints:write") as client:
        document: dict[str, Any] = (await client.get("/openapi.json")).json()
        refusals = {
            ("/v1/complaints", "post", "422"): await client.post("/v1/complaints", json={}),
            ("/v1/complaints/{complaint_id}", "get", "403"): await client.get(
                "/v1/complaints/00000000-0000-0000-0000-000000000000"
            ),
            ("/v1/complaints", "get", "403"): await client.get("/v1/complaints"),
            ("/v1/complaints/{complaint_id}/withdraw", "post", "404"): await client.post(
                "/v1/complaints/00000000-0000-0000-0000-000000000000/withdraw",
                json={"reason": "不需要了"},
            ),
            ("/v1/complaints", "post", "413"): await client.post(
                "/v1/complaints", json=complaint(text="x" * 300_000)
            ),
        }
    assert "HTTPValidationError" not in str(document)
    error = document["components"]["schemas"]["Error"]
    for (path, method, status), response in refusals.items():
        assert str(response.status_code) == status, (path, response.text)
        documented = document["paths"][path][method]["responses"][status]
        assert documented["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/Error"
        }
        jsonschema.validate(response.json(), error)
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if not path.startswith("/health"):
                assert {"401", "422", "503"} <= set(operation["responses"]), (path, method)


async def test_metrics_time_requests_by_route_template_and_count_consumed_messages(
    system: System,
) -> None:
    async with await system.client("admin") as client:
        posted = (await client.post("/v1/complaints", json=complaint())).json()
        await client.get(f"/v1/complaints/{posted['id']}")
        await system.drain()
        metrics = (await client.get("/metrics")).text
    assert (
        'tousu_http_request_duration_seconds_count{method="GET",route="/v1/complaints/'
        '{complaint_id}",status="200"}' in metrics
    )
    assert posted["id"] not in metrics  # never the raw path: ids would make labels unbounded
    assert 'tousu_consumer_messages_total{consumer="routing",outcome="processed"}' in metrics
