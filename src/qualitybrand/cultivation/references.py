"""Where cultivation names program codes by text (`core.references`): the `prerequisite` rules of
other programs (`Program.rules`, see `cultivation.rules`). Applications, recognitions, rewards and
pipeline targets hold the program by foreign key and follow a rename, so they are not listed."""

from __future__ import annotations

from qualitybrand.core import references


def program_places(codes: list[str]) -> list[str]:
    from qualitybrand.registry.models import Program

    wanted = set(codes)
    out = []
    for program in Program.objects.order_by("id").only("code", "name", "rules"):
        rules = program.rules if isinstance(program.rules, list) else []
        if any(isinstance(r, dict) and r.get("type") == "prerequisite" and r.get("program") in wanted
               and program.code != r.get("program") for r in rules):
            out.append(f"认定项目“{program.name}”（{program.code}）的申报条件（前置项目）")
    return out


def register() -> None:
    references.register("program", program_places)
