"""The live diagram check over HTTP: a flowchart read into nodes with roles, or a located
diagram_syntax problem."""

from __future__ import annotations

from fastapi.testclient import TestClient

from app.kinds.design.answer import MAX_DIAGRAM


def test_a_diagram_is_read_with_its_roles(client: TestClient) -> None:
    diagram = """flowchart LR
  api[Shortener API] -->|lookup| cache[(Redis)]
  subgraph store [Storage]
    api --- db[(Links)]
  end"""
    response = client.post("/api/design/diagram", json={"diagram": diagram})
    assert response.status_code == 200
    assert response.json() == {
        "direction": "LR",
        "nodes": [
            {"id": "api", "label": "Shortener API", "shape": "rect", "line": 2, "roles": ["api"]},
            {"id": "cache", "label": "Redis", "shape": "cylinder", "line": 2, "roles": ["cache"]},
            {"id": "db", "label": "Links", "shape": "cylinder", "line": 4, "roles": ["database"]},
        ],
        "edges": [
            {"source": "api", "target": "cache", "label": "lookup", "directed": True, "line": 2},
            {"source": "api", "target": "db", "label": None, "directed": False, "line": 4},
        ],
        "subgraphs": [{"id": "store", "title": "Storage", "members": ["api", "db"]}],
    }


def test_a_syntax_error_is_a_located_problem(client: TestClient) -> None:
    response = client.post("/api/design/diagram", json={"diagram": "flowchart LR\n  A -> B"})
    problem = response.json()
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert problem["code"] == "diagram_syntax" and (problem["line"], problem["column"]) == (2, 5)
    assert problem["detail"].startswith("line 2, column 5: unknown arrow `->`")


def test_a_diagram_longer_than_allowed_is_refused(client: TestClient) -> None:
    diagram = "flowchart LR\n" + "A --> B\n" * (MAX_DIAGRAM // 8)
    response = client.post("/api/design/diagram", json={"diagram": diagram})
    assert response.status_code == 422 and response.json()["code"] == "validation_error"
