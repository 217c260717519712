"""`.github/workflows/pages.yml`: GitHub's official Pages actions, with what they need."""

from __future__ import annotations

import re

import pytest
import yaml
from conftest import PROJECT_DIR

WORKFLOW = PROJECT_DIR / ".github" / "workflows" / "pages.yml"


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text())


def steps(workflow: dict, job: str) -> list[dict]:
    return workflow["jobs"][job]["steps"]


def action(step: dict) -> tuple[str, int]:
    """`actions/deploy-pages@v5` -> ("actions/deploy-pages", 5)."""
    name, _, version = step["uses"].partition("@")
    return name, int(re.match(r"v(\d+)", version).group(1))


def readme_test_command() -> str:
    readme = (PROJECT_DIR / "README.md").read_text()
    blocks = re.findall(r"```sh\n(.*?)```", readme, re.S)
    [command] = [line for block in blocks for line in block.splitlines() if "pytest" in line]
    return command.strip()


def test_it_runs_on_pushes_to_main_with_the_pages_permissions(workflow):
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert "main" in triggers["push"]["branches"]
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}


def test_it_tests_then_builds_for_the_address_configure_pages_gives(workflow):
    build = steps(workflow, "build")
    runs = [step.get("run", "") for step in build]
    tests = runs.index(readme_test_command())
    [configure] = [i for i, step in enumerate(build) if "uses" in step and action(step)[0] == "actions/configure-pages"]
    [site] = [i for i, run in enumerate(runs) if run.startswith("python3 build.py")]
    assert tests < configure < site
    assert f'--base-url "${{{{ steps.{build[configure]["id"]}.outputs.base_url }}}}/"' in runs[site]


def test_it_uploads_output_with_its_dotfiles_and_deploys_it(workflow):
    [upload] = [step for step in steps(workflow, "build") if "uses" in step
                and action(step)[0] == "actions/upload-pages-artifact"]
    assert upload["with"]["path"].rstrip("/") == "output"
    if action(upload)[1] >= 4:  # v4 and later drop dotfiles unless asked to keep them
        assert upload["with"]["include-hidden-files"] is True
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    [step] = deploy["steps"]
    assert action(step)[0] == "actions/deploy-pages"
    assert deploy["environment"] == {"name": "github-pages",
                                     "url": f"${{{{ steps.{step['id']}.outputs.page_url }}}}"}
