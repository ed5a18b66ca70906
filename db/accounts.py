"""Accounts from the command line, for the administrator of the server.

    python -m db.accounts add-super-admin <user name> <full name> <mail address>
    python -m db.accounts set-password <user name>

`add-super-admin` makes the service's first account on a new database: a super-admin, of no issuer, who
then creates the issuers and their first admins on the pages (/admin/issuers). It asks for the password as
`set-password` does. `set-password` asks for the new password twice (or reads one line from standard input when it is not a terminal, for a
script) and stores its hash, if the password policy allows it (common/passwords.py: 10 to 200
characters, not a common password, not the user name or full name); the user's logins end. A user made by a release before the web pages' logins has no password, and
cannot log in until one is set. The database is the one of the settings (DATABASE_URL).
"""

import argparse
import getpass
import sys

from pydantic import ValidationError
from sqlmodel import Session, select

from common.passwords import check_password
from common.settings import get_settings
from db.engine import create_tables, make_engine
from db.models import User
from db.password_links import set_new_password
from schemas.directory_api import FirstAdmin
from schemas.dossier_actions import Role


def set_password(session: Session, username: str, password: str) -> None:
    user = session.exec(select(User).where(User.username == username)).first()
    if user is None:
        raise ValueError(f"Không có người dùng {username!r}.")
    check_password(password, user.username, user.full_name)  # the pages' policy: PasswordRefused, a ValueError
    set_new_password(session, user, password)  # the lock lifted, the user's logins ended
    session.commit()


def add_super_admin(session: Session, username: str, full_name: str, email: str, password: str) -> None:
    """A super-admin with the password (the policy checked first); a user name already taken is refused."""
    try:  # as the pages check an issuer's first admin
        entered = FirstAdmin(username=username, full_name=full_name, email=email)
    except ValidationError as error:
        raise ValueError("; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())) from None
    if session.exec(select(User).where(User.username == entered.username)).first() is not None:
        raise ValueError(f"Đã có người dùng {entered.username!r}.")
    check_password(password, entered.username, entered.full_name)
    user = User(**entered.model_dump(), roles=[Role.super_admin.value])
    set_new_password(session, user, password)
    session.commit()


def read_password() -> str:
    if not sys.stdin.isatty():
        return sys.stdin.readline().removesuffix("\n")
    password = getpass.getpass("Mật khẩu mới: ")
    if getpass.getpass("Nhập lại mật khẩu: ") != password:
        raise ValueError("Hai lần nhập mật khẩu không khớp.")
    return password


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m db.accounts", description="Users' passwords")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("set-password", help="set a user's password for the web pages").add_argument("username")
    first = commands.add_parser("add-super-admin", help="make the service's super-admin, on a new database")
    for name in ("username", "full_name", "email"):
        first.add_argument(name)
    args = parser.parse_args(argv)
    engine = make_engine(get_settings().database_url)
    create_tables(engine)
    try:
        with Session(engine) as session:
            if args.command == "set-password":
                set_password(session, args.username, read_password())
            else:
                add_super_admin(session, args.username, args.full_name, args.email, read_password())
    except ValueError as refused:
        print(refused, file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    done = "Đã đặt mật khẩu cho" if args.command == "set-password" else "Đã tạo quản trị hệ thống"
    print(f"{done} {args.username}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
