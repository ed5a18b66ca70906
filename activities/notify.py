"""Who is told what: each notification becomes outbox mails, one per recipient, and their in-app notifications
(db/notifications.py), in one transaction.

The mails are keyed by the workflow event that caused them and the recipient, so a retried activity or
a replayed workflow adds none twice. Each is delivered by its own workflow (workflows/mail.py).
"""

from sqlalchemy import Engine
from sqlmodel import Session
from temporalio import activity

from common.settings import Settings
from db import models, notifications
from mail.events import campaign_settings, dossier_url, unit_heads, users_with_roles
from mail.outbox import enqueue, mail_key
from schemas.dossier import NomineeNotice
from schemas.dossier_actions import APPRAISERS, Role


class NotifyActivities:
    def __init__(self, engine: Engine, settings: Settings) -> None:
        self.engine = engine
        self.settings = settings

    @activity.defn
    def nominee_held_or_resumed(self, notice: NomineeNotice) -> list[str]:
        """Tell the unit head and the appraising office that a nominee is held, resumed or out."""
        with Session(self.engine) as session:
            dossier = session.get(models.Dossier, notice.dossier_id)
            campaign = campaign_settings(session, dossier.campaign_code)
            issuer = campaign.issuer_id  # the campaign's issuer's people only
            recipients = unit_heads(session, dossier.unit_id, issuer) + users_with_roles(session, APPRAISERS, issuer)
            keys = []
            for user in recipients:
                key = mail_key(notice.event, user.email)
                context = {
                    "recipient_name": user.full_name,
                    "campaign_title": campaign.title,
                    "unit_name": dossier.unit_name,
                    "dossier_title": dossier.title,
                    "nominee": {"name": notice.nominee_name, "position": notice.nominee_position},
                    "reason": notice.reason,
                    "dossier_url": dossier_url(self.settings, dossier.id, Role(user.main_role)),
                }
                mail = enqueue(session, key, notice.kind, user.email, context)
                link = notifications.link_of(context, self.settings.public_base_url)
                notifications.record(session, user.id, notice.event, notice.kind, mail.subject, link)  # the bell's
                keys.append(key)
            session.commit()
            return keys
