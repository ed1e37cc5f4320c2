"""The responsibility story's parts without the demo: a part whose app is missing is skipped with a
message (as run_hooks skips a missing area), the evidence files are what the material check accepts,
and the re-homing choice is stable and shares the entities out over the six towns."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from qualitybrand.demo import story_responsibility as S


def test_a_part_whose_app_is_missing_is_skipped_with_a_message(monkeypatch):
    ran, lines = [], []
    monkeypatch.setattr(S, "PARTS", [
        ("缺失的部分", lambda out: ran.append("missing"), ("qualitybrand.no_such_app.services",)),
        ("现有的部分", lambda out: ran.append("present") or "现有的部分：已加载", ()),
    ])
    done = S.load_demo_responsibility(out=lines.append)
    assert ran == ["present"] and done == ["现有的部分"]
    assert any("缺失的部分" in line and "跳过" in line for line in lines)


def test_a_missing_module_inside_an_existing_app_is_a_real_error(monkeypatch):
    def broken(out):
        import qualitybrand.no_such_module  # noqa: F401

    monkeypatch.setattr(S, "PARTS", [("部分", broken, ())])
    with pytest.raises(ModuleNotFoundError):
        S.load_demo_responsibility(out=lambda line: None)


@pytest.mark.parametrize("name", ["住建质量工作机制建设情况.pdf", "大城街道质量工作站挂牌照片.png"])
def test_evidence_files_pass_the_material_check(name):
    from qualitybrand.core import filecheck

    f = S.upload(name)
    filecheck.check_material(f, {".pdf", ".png"}, 10 * 1024 * 1024, what="佐证材料")
    assert f.size < 100 * 1024


def test_a_renamed_evidence_file_would_be_refused():
    from django.core.exceptions import ValidationError

    from qualitybrand.core import filecheck

    fake = SimpleUploadedFile("材料.pdf", S.evidence_png("材料"), content_type="application/pdf")
    with pytest.raises(ValidationError):
        filecheck.check_material(fake, {".pdf"}, 10 * 1024 * 1024, what="佐证材料")


def test_the_town_choice_is_stable_and_spread_over_the_six_towns():
    usccs = [f"91620502MA{n:07d}X" for n in range(4000)]
    first = [S.town_of(u) for u in usccs]
    assert first == [S.town_of(u) for u in usccs]
    moved = [t for t in first if t]
    assert set(moved) == set(S.TOWNS)
    assert 0.08 < len(moved) / len(usccs) < 0.17  # one in eight
    assert all(S.town_of(u, always=True) in S.TOWNS for u in usccs[:50])

