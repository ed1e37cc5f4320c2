"""Configuration read from the environment and validated once at start.

Every setting the operator may change is read here, so that a wrong value stops the
start with one clear message instead of failing later in a request.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

TRUE_WORDS = {"1", "true", "yes", "on", "是"}
FALSE_WORDS = {"0", "false", "no", "off", "否", ""}


class ConfigError(Exception):
    """A configuration value that cannot be used."""


def _bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ConfigError(f"环境变量 {name} 的值“{raw}”无法识别：请使用 on/off、true/false 或 1/0。")


def _port(name: str, default: int) -> int:
    raw = os.environ.get(name, str(default))
    try:
        port = int(raw)
    except ValueError:
        raise ConfigError(f"环境变量 {name} 的值“{raw}”不是端口号：应为 1–65535 的整数。") from None
    if not 1 <= port <= 65535:
        raise ConfigError(f"环境变量 {name} 的值“{raw}”超出范围：应为 1–65535 的整数。")
    return port


def _positive_int(name: str, default: int, minimum: int = 1) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"环境变量 {name} 的值“{raw}”不是整数。") from None
    if value < minimum:
        raise ConfigError(f"环境变量 {name} 的值“{raw}”过小：至少为 {minimum}。")
    return value


# What one uploaded ledger file may hold (ledgers/limits.py): checked before it is parsed, and the
# process that parses it may not take more memory than `memory_mb` beyond what it started with.
IMPORT_LIMITS = {  # key: (environment variable, default, minimum)
    "upload_mb": ("QB_IMPORT_MAX_UPLOAD_MB", 200, 1),
    "unpacked_mb": ("QB_IMPORT_MAX_UNPACKED_MB", 1024, 1),
    "ratio": ("QB_IMPORT_MAX_RATIO", 100, 10),
    "rows": ("QB_IMPORT_MAX_ROWS", 1_048_576, 10),
    "columns": ("QB_IMPORT_MAX_COLUMNS", 256, 20),
    "sheets": ("QB_IMPORT_MAX_SHEETS", 50, 1),
    "cell_chars": ("QB_IMPORT_MAX_CELL_CHARS", 32_767, 255),
    "memory_mb": ("QB_IMPORT_MEMORY_MB", 4096, 256),
}


def _import_limits() -> dict[str, int]:
    return {key: _positive_int(env, default, minimum) for key, (env, default, minimum) in IMPORT_LIMITS.items()}


def _today(name: str) -> dt.date | None:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise ConfigError(f"环境变量 {name} 的值“{raw}”不是日期：应为 YYYY-MM-DD，例如 2014-07-10。") from None


def _days(name: str, default: int, low: int, high: int) -> int:
    raw = os.environ.get(name, "").strip() or str(default)
    try:
        days = int(raw)
    except ValueError:
        raise ConfigError(f"环境变量 {name} 的值“{raw}”不是天数：应为 {low}–{high} 的整数。") from None
    if not low <= days <= high:
        raise ConfigError(f"环境变量 {name} 的值“{raw}”超出范围：应为 {low}–{high} 的整数。")
    return days


def smtp_url(raw: str) -> str:
    """QB_SMTP_URL: smtp://用户:密码@主机:端口 (smtps:// for SSL, submission:// for STARTTLS); the digest is
    e-mailed only when it is set (alerts/digest.py). The password is never repeated in a message."""
    raw = raw.strip()
    if not raw:
        return ""
    parsed = urlparse(raw)
    shown = f"{parsed.scheme}://{parsed.hostname or ''}" if parsed.scheme else "（无法识别）"
    if parsed.scheme not in {"smtp", "smtps", "submission"}:
        raise ConfigError(f"QB_SMTP_URL“{shown}…”无法识别：应为 smtp://用户:密码@主机:端口"
                          "（SSL 用 smtps://，STARTTLS 用 submission://）。")
    if not parsed.hostname:
        raise ConfigError("QB_SMTP_URL 缺少邮件服务器主机名：应为 smtp://用户:密码@主机:端口。")
    try:
        port = parsed.port
    except ValueError:
        raise ConfigError(f"QB_SMTP_URL 的端口无效（{shown}）：应为 1–65535 的整数。") from None
    if port == 0:
        raise ConfigError(f"QB_SMTP_URL 的端口无效（{shown}）：应为 1–65535 的整数。")
    if parsed.password and not parsed.username:
        raise ConfigError("QB_SMTP_URL 给出了密码却没有用户名：应为 smtp://用户:密码@主机:端口。")
    return raw


def _redis_url(name: str) -> str:
    """The shared cache of the figures (indicators/cache.py) in Redis instead of the database table."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return ""
    if urlparse(raw).scheme not in {"redis", "rediss", "unix"}:
        raise ConfigError(f"环境变量 {name} 的值“{raw}”无法识别：应为 redis://主机:端口/库号。")
    try:
        import redis  # noqa: F401
    except ImportError:
        raise ConfigError(f"已设置 {name}，但未安装 redis 客户端：请执行 pip install redis，"
                          f"或去掉 {name} 以使用数据库缓存表。") from None
    return raw


def parse_database_url(url: str) -> dict:
    """Turn `sqlite:///PATH` or `postgres://USER:PASS@HOST:PORT/NAME` into Django settings."""
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        path = unquote(url[len("sqlite:///"):]) if url.startswith("sqlite:///") else ""
        if not path:
            raise ConfigError("DATABASE_URL 的 SQLite 路径为空：应为 sqlite:///路径。")
        if path != ":memory:" and not path.startswith("/"):
            path = str(Path.cwd() / path)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": path,
            # WAL lets the web server read while the worker writes; the busy timeout makes a
            # writer wait for the other instead of failing with "database is locked".
            "OPTIONS": {
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": (
                    "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;"
                    "PRAGMA busy_timeout=20000;PRAGMA cache_size=-65536;PRAGMA temp_store=MEMORY;"
                ),
            },
        }
    if parsed.scheme in {"postgres", "postgresql", "pgsql"}:
        name = unquote(parsed.path.lstrip("/"))
        if not name:
            raise ConfigError("DATABASE_URL 缺少数据库名：应为 postgres://用户:密码@主机:端口/库名。")
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
            "CONN_MAX_AGE": 60,
        }
    raise ConfigError(
        f"DATABASE_URL 的协议“{parsed.scheme or url}”不受支持：应为 sqlite:///路径 或 postgres://…。"
    )


@dataclass(frozen=True)
class Config:
    data_dir: Path
    database: dict
    secret_key: str
    demo: bool
    debug: bool
    port: int
    allowed_hosts: list[str]
    secure: bool
    today: dt.date | None
    smtp_url: str
    uscc_strict: bool
    import_limits: dict[str, int]
    api_token_days: int = 90
    redis_url: str = ""


def _secret_key(data_dir: Path) -> str:
    key = os.environ.get("SECRET_KEY", "").strip()
    if key:
        return key
    key_file = data_dir / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    key = secrets.token_urlsafe(50)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


def load() -> Config:
    data_dir = Path(os.environ.get("QB_DATA_DIR", "./var")).resolve()
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"数据目录 QB_DATA_DIR={data_dir} 无法创建：{exc.strerror}。") from None
    db_url = os.environ.get("DATABASE_URL", "").strip() or f"sqlite:///{data_dir / 'qualitybrand.sqlite3'}"
    hosts = [h.strip() for h in os.environ.get("QB_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()]
    if not hosts:
        raise ConfigError("QB_ALLOWED_HOSTS 为空：至少填写一个主机名，例如 127.0.0.1。")
    smtp = smtp_url(os.environ.get("QB_SMTP_URL", ""))
    redis_url = _redis_url("QB_REDIS_URL")
    return Config(
        data_dir=data_dir,
        database=parse_database_url(db_url),
        secret_key=_secret_key(data_dir),
        demo=_bool("QB_DEMO", False),
        debug=_bool("QB_DEBUG", False),
        port=_port("QB_PORT", 8000),
        allowed_hosts=hosts,
        secure=_bool("QB_SECURE", False),
        today=_today("QB_TODAY"),
        smtp_url=smtp,
        uscc_strict=_bool("QB_USCC_STRICT", True),
        import_limits=_import_limits(),
        api_token_days=_days("QB_API_TOKEN_DAYS", 90, 1, 3650),
        redis_url=redis_url,
    )


def load_or_exit() -> Config:
    try:
        return load()
    except ConfigError as exc:
        sys.stderr.write(f"配置错误：{exc}\n")
        raise SystemExit(2) from None
