"""POST /v1/feedback: a thumbs up or down on an answer, kept with the question and verdict."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import OwnerDep, ServicesDep
from api.errors import error_responses
from api.schemas import FeedbackReceipt, FeedbackRequest

router = APIRouter(tags=["feedback"])


@router.post(
    "/v1/feedback",
    status_code=201,
    response_model=FeedbackReceipt,
    responses=error_responses(400, 401, 404, 413, 422, 429, 503),
)
def post_feedback(body: FeedbackRequest, services: ServicesDep, owner: OwnerDep) -> FeedbackReceipt:
    # 404 if unknown or another principal's answer; the rater is the principal rating.
    item = services.feedback.add(body.answer_id, body.rating, body.comment, owner, owner=owner)
    services.metrics.feedback.labels(rating=item.rating).inc()
    return FeedbackReceipt(
        id=item.id, answer_id=item.answer_id, rating=item.rating, created_at=item.created_at
    )
