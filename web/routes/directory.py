"""Who is who: the current user and the units."""

from fastapi import APIRouter
from sqlmodel import select

from db import models
from web.deps import CurrentUser, SessionDep

router = APIRouter(prefix="/api", tags=["directory"])


@router.get("/me", response_model=models.UserPublic)
def me(user: CurrentUser) -> models.User:
    return user


@router.get("/units", response_model=list[models.UnitPublic])
def units(session: SessionDep, _user: CurrentUser) -> list[models.Unit]:
    return list(session.exec(select(models.Unit).order_by(models.Unit.name)).all())
