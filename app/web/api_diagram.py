"""The architecture stage's live diagram check: read a Mermaid flowchart and say what each node
is recognised as, or where the text cannot be read (422 `diagram_syntax`, with line and column)."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter
from pydantic import BaseModel, Field

from app.kinds.design.answer import MAX_DIAGRAM
from app.kinds.design.diagram import DiagramError, Flowchart, Node, Role, parse_flowchart, roles
from app.kinds.design.roles import ROLE_ORDER
from app.web.errors import ApiError
from app.web.schemas import Body, problem_responses

router = APIRouter(prefix="/api/design", tags=["design"], responses=problem_responses())
EXAMPLE = "flowchart LR\n  api[API] --> cache[(Redis)]"


class DiagramRequest(Body):
    diagram: str = Field(max_length=MAX_DIAGRAM, examples=[EXAMPLE])


class DiagramNodeOut(BaseModel):
    id: str
    label: str = Field(description="As shown; its id when the diagram gives it no label.")
    shape: str
    line: int
    roles: list[Role] = Field(description="What the node is recognised as; may be empty.")


class DiagramEdgeOut(BaseModel):
    source: str = Field(description="A node's id, or a subgraph's (an edge to the whole group).")
    target: str
    label: str | None
    directed: bool = Field(description="False for an open link (`---`) or a two-way arrow.")
    line: int


class SubgraphOut(BaseModel):
    id: str
    title: str
    members: list[str] = Field(description="The nodes and subgraphs named inside it.")


class DiagramResponse(BaseModel):
    direction: str
    nodes: list[DiagramNodeOut]
    edges: list[DiagramEdgeOut]
    subgraphs: list[SubgraphOut]


@router.post("/diagram", response_model=DiagramResponse)
def read_diagram(body: DiagramRequest) -> DiagramResponse:
    """Parse a Mermaid flowchart: its nodes with the roles they are recognised as, its edges
    and subgraphs. A diagram that cannot be read is a 422 `diagram_syntax` problem whose
    `line` and `column` (null when the whole line is at fault) point at the trouble."""
    try:
        chart = parse_flowchart(body.diagram)
    except DiagramError as error:
        raise ApiError(
            422, "diagram_syntax", error.message, line=error.line, column=error.column
        ) from None
    return _response(chart)


def _response(chart: Flowchart) -> DiagramResponse:
    return DiagramResponse(
        direction=chart.direction,
        nodes=[_node(node) for node in chart.nodes.values()],
        edges=[DiagramEdgeOut(**asdict(edge)) for edge in chart.edges],
        subgraphs=[
            SubgraphOut(id=group.id, title=group.title, members=list(group.members))
            for group in chart.subgraphs.values()
        ],
    )


def _node(node: Node) -> DiagramNodeOut:
    found = roles(node)
    listed = [role for role in ROLE_ORDER if role in found]
    return DiagramNodeOut(
        id=node.id, label=node.label, shape=node.shape, line=node.line, roles=listed
    )
