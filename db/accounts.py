"""Users' passwords from the command line, for the administrator of the server.

    python -m db.accounts set-password <user name>

asks for the new password twice (or reads one line from standard input when it is not a terminal, for a
script) and stores its hash, if the password policy allows it (common/passwords.py: 10 to 200
characters, not a common password, not the user name or full name); the user's logins end. A user made by a release before the web pages' logins has no password, and
cannot log in until one is set. The database is the one of the settings (DATABASE_URL).
"""

import argparse
import getpass
import sys

from sqlmodel import Session, select

from common.passwords import check_password
from common.settings import get_settings
from db.engine import create_tables, make_engine
from db.models import User
from db.password_links import set_new_password


def set_password(session: Session, username: str, password: str) -> None:
    user = session.exec(select(User).where(User.username == username)).first()
    if user is None:
        raise ValueError(f"Không có người dùng {username!r}.")
    check_password(password, user.username, user.full_name)  # the pages' policy: PasswordRefused, a ValueError
    set_new_password(session, user, password)  # the lock lifted, the user's logins ended
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
    args = parser.parse_args(argv)
    engine = make_engine(get_settings().database_url)
    create_tables(engine)
    try:
        with Session(engine) as session:
            set_password(session, args.username, read_password())
    except ValueError as refused:
        print(refused, file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    print(f"Đã đặt mật khẩu cho {args.username}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
