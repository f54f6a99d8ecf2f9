"""Running SQL over HTTP, and the errors a person or a fuzzer can provoke."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_run(client: TestClient) -> None:
    body = {"dataset": "org", "sql": "SELECT 7 / 2 AS half, 'x' AS s"}
    result = client.post("/api/sql/run", json=body).json()
    assert result["columns"] == [
        {"name": "half", "type": "INTEGER"},
        {"name": "s", "type": "VARCHAR"},
    ]
    assert result["rows"] == [[3, "x"]] and result["truncated"] is False


def test_sql_errors_have_code_line_and_column(client: TestClient) -> None:
    response = client.post("/api/sql/run", json={"dataset": "org", "sql": "SELECT *\nFROM nope"})
    problem = response.json()
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert problem["code"] == "sql_unknown_table" and (problem["line"], problem["column"]) == (2, 6)


def test_forbidden_sql(client: TestClient) -> None:
    response = client.post("/api/sql/run", json={"dataset": "org", "sql": "DROP TABLE employees"})
    assert response.json()["code"] == "sql_forbidden_statement"


def test_malformed_json_is_a_400(client: TestClient) -> None:
    response = client.post(
        "/api/sql/run",
        content=b'{"dataset": "org", "sql": ',
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 400 and response.json()["code"] == "malformed_json"


def test_missing_and_unknown_fields(client: TestClient) -> None:
    missing = client.post("/api/sql/run", json={"dataset": "org"})
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "sql"
    extra = client.post("/api/sql/run", json={"dataset": "org", "sql": "SELECT 1", "x": 1})
    assert extra.status_code == 422 and extra.json()["code"] == "validation_error"


def test_huge_bodies_are_refused(client: TestClient) -> None:
    sql = "SELECT " + "1 + " * 40_000 + "1"
    response = client.post("/api/sql/run", json={"dataset": "org", "sql": sql})
    assert response.status_code == 413 and response.json()["code"] == "payload_too_large"


def test_request_id_in_and_out(client: TestClient) -> None:
    given = client.get("/healthz", headers={"x-request-id": "abc-123"})
    assert given.headers["x-request-id"] == "abc-123"
    assert len(client.get("/healthz").headers["x-request-id"]) == 32


def test_unknown_route_is_a_problem(client: TestClient) -> None:
    response = client.get("/api/nothing-here")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_health_readiness_and_metrics(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz").json()
    assert ready["ready"] and all(ready["checks"].values())
    client.post("/api/sql/run", json={"dataset": "org", "sql": "SELECT nope"})
    text = client.get("/metrics").text
    assert "drill_http_request_duration_seconds_bucket" in text
    assert 'drill_query_errors_total{code="sql_runtime_error"}' in text
    assert "drill_worker_restarts" in text


def test_docs_work_offline(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200 and "/docs-assets/swagger-ui-bundle.js" in page.text
    assert client.get("/docs-assets/swagger-ui-bundle.js").status_code == 200
    assert client.get("/openapi.json").json()["components"]["schemas"]["Problem"]


def test_a_repeated_run_says_it_came_from_the_cache(client: TestClient) -> None:
    body = {"dataset": "org", "sql": "SELECT count(*) AS cache_probe FROM employees"}
    first, second = (client.post("/api/sql/run", json=body).json() for _ in range(2))
    assert (first["cached"], second["cached"]) == (False, True)
    assert second["rows"] == first["rows"] and second["elapsed_ms"] == first["elapsed_ms"]


def test_a_run_that_reads_the_clock_is_never_cached(client: TestClient) -> None:
    body = {"dataset": "org", "sql": "SELECT now() AS clock_probe"}
    answers = [client.post("/api/sql/run", json=body).json() for _ in range(2)]
    assert [a["cached"] for a in answers] == [False, False]


def test_a_repeated_submit_is_graded_from_the_cache_and_recorded(client: TestClient) -> None:
    question = client.get("/api/questions", params={"round": "sql", "limit": 1}).json()["items"][0][
        "id"
    ]
    body = {"question_id": question, "sql": "SELECT 1 AS cache_probe"}
    first, second = (client.post("/api/sql/submit", json=body).json() for _ in range(2))
    assert (first["cached"], second["cached"]) == (False, True)
    assert second["status"] == first["status"] == "incorrect"
    assert second["attempt_id"] == first["attempt_id"] + 1  # a cached verdict is still an attempt


def test_openapi_documents_the_cached_flag(client: TestClient) -> None:
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    for name in ("RunResponse", "SubmitResponse"):
        assert "this version of the dataset" in schemas[name]["properties"]["cached"]["description"]
