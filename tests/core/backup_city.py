"""Run in a child process (DATABASE_URL and QB_DATA_DIR set by the test): fill a database for the backup tests.

    python -m tests.core.backup_city populate SEED
        imports a small random city (tests/contract/citygen) through the engine and stores a few
        uploaded files (one under a Chinese name) and a scoring scheme under QB_DATA_DIR
    python -m tests.core.backup_city slow_import ROWS PAUSED GO
        imports ROWS new entities in one batch, and after the second chunk (the first one written,
        not yet committed) creates the file PAUSED and waits for the file GO before going on
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(1, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qualitybrand.settings")

BIG_NAME = "备份测试企业"


def populate(seed: int) -> None:
    from django.conf import settings

    from qualitybrand.ledgers.engine import import_file
    from tests.contract.citygen import ORDER, generate

    city = generate(seed)
    folder = Path(settings.DATA_DIR) / "city"
    folder.mkdir(exist_ok=True)
    paths = city.write(folder)
    for ledger in ORDER:
        result = import_file(ledger, paths[ledger])
        assert not result.errors, (ledger, result.errors[:3])
    media = Path(settings.MEDIA_ROOT)
    (media / "evidence" / "1" / "3").mkdir(parents=True, exist_ok=True)
    (media / "evidence" / "1" / "3" / "秦州区佐证材料.pdf").write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 40)
    (media / "imports" / "1").mkdir(parents=True, exist_ok=True)
    (media / "imports" / "1" / "entities.csv").write_bytes(paths["entities"].read_bytes())
    schemes = Path(settings.DATA_DIR) / "schemes"
    schemes.mkdir(exist_ok=True)
    (schemes / "quality_award.json").write_text('{"code": "quality_award", "items": []}', encoding="utf-8")


def slow_import(rows: int, paused: Path, go: Path) -> None:
    from django.conf import settings

    from qualitybrand.core.codes import make_uscc
    from qualitybrand.core.models import Region
    from qualitybrand.ledgers.engine import import_file

    counties = list(Region.objects.filter(parent__isnull=False, parent__parent__isnull=True)
                    .values_list("code", flat=True)) or list(Region.objects.values_list("code", flat=True))
    path = Path(settings.DATA_DIR) / "big_entities.csv"
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("统一社会信用代码,名称,主体类型,区划代码,成立日期\n")
        for i in range(rows):
            region = counties[i % len(counties)]
            fh.write(f"{make_uscc('91', region, f'7{i:07d}')},{BIG_NAME}{i}有限公司,企业,{region},2012-03-04\n")
    calls = []

    def progress(done: int) -> None:
        calls.append(done)
        if len(calls) == 2:  # chunk 1 is written (chunk k is written once chunk k+1 is checked)
            paused.write_text(str(done))
            deadline = time.monotonic() + 120
            while not go.exists() and time.monotonic() < deadline:
                time.sleep(0.05)

    result = import_file("entities", path, progress=progress)
    assert not result.errors and result.created == rows, (result.errors[:3], result.created)


if __name__ == "__main__":
    import django

    django.setup()
    command = sys.argv[1]
    if command == "populate":
        populate(int(sys.argv[2]))
    elif command == "slow_import":
        slow_import(int(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]))
    else:
        sys.exit(f"unknown command {command}")
