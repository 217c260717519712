"""The editor's workflow as README gives it: its walk-through, run as written on a fresh copy of
the project, and `.github/workflows/pages.yml`, GitHub's official Pages actions with what they need."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml
from conftest import PROJECT_DIR
from test_serve import fetch, start_server, stop

WORKFLOW = PROJECT_DIR / ".github" / "workflows" / "pages.yml"
README = PROJECT_DIR / "README.md"
WALK_THROUGH = "## Walk-through: from five pages to a published digest"
# What a fresh clone holds that the walk-through's commands read.
PROJECT_PARTS = ("build.py", "pyproject.toml", "site_src", "templates", "content", "tests/fixtures/pages")


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
    readme = README.read_text()
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


def walk_through() -> str:
    readme = README.read_text()
    start = readme.index(WALK_THROUGH)
    return readme[start:readme.find("\n## ", start + 1)]


def walk_through_commands() -> list[list[str]]:
    blocks = re.findall(r"^ *```sh\n(.*?)^ *```", walk_through(), re.M | re.S)
    return [shlex.split(line, comments=True) for block in blocks for line in block.splitlines() if line.strip()]


@pytest.fixture
def fresh_clone(tmp_path) -> Path:
    """The project's files as a clone has them: no output/, no story but the example."""
    clone = tmp_path / "clone"
    for part in PROJECT_PARTS:
        source, target = PROJECT_DIR / part, clone / part
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, target)
    return clone


def test_the_walk_through_works_as_written(fresh_clone):
    """new, five adds, check, build and serve, each as README writes it; then the site has the
    story, and the article README shows is the one `add` writes."""
    commands = walk_through_commands()
    assert [" ".join(argv[:3]) for argv in commands] == [
        "python3 build.py new", *["python3 build.py add"] * 5, "python3 build.py check", "python3 build.py",
        "python3 build.py serve"]
    for argv in commands:
        if argv[2:3] == ["serve"]:
            server = start_server(fresh_clone, *argv[3:], program=fresh_clone / "build.py")
            try:
                status, page = fetch(server.url("/footbridge/"))
                assert status == 200 and "Riverside footbridge" in page
            finally:
                assert stop(server) == 0, server.log("stderr")
            continue
        done = subprocess.run([sys.executable, *argv[1:]], cwd=fresh_clone, capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 0, f"{shlex.join(argv)}\n{done.stderr}"
    story = fresh_clone / "content" / "footbridge"
    assert sorted(p.name for p in story.iterdir()) == sorted(
        ["story.md", "millbrook-courier.md", "valley-post.md", "northern-wire.md", "harbourgazette-example.md",
         "radio-millbrook.md"])
    [shown] = re.findall(r"^ *```\n( *---\n.*?)^ *\.\.\.\n", walk_through(), re.M | re.S)
    assert (story / "millbrook-courier.md").read_text().startswith(textwrap.dedent(shown))
    digest = json.loads((fresh_clone / "output" / "footbridge" / "digest.json").read_text())
    assert len(digest["articles"]) == 5 and digest["digest"] and digest["coverage"]["independent"] == 4
    [disagreement] = digest["disagreements"]
    assert disagreement["kind"] == "number" and "Valley Post" in disagreement["summary"]
    [quote] = digest["quotes"]
    assert [o["fidelity"] for o in quote["occurrences"]] == ["verbatim"] * 4

    # Step 5: the README's note and correction, in place of the two empty lists, then a build.
    [editor] = re.findall(r"^ *```yaml\n(.*?)^ *```\n", walk_through(), re.M | re.S)
    editor = textwrap.dedent(editor)  # pasted as written: YAML's own reader would take `on:` for true
    story_md = story / "story.md"
    text = story_md.read_text(encoding="utf-8")
    assert "annotations: []\n" in text and "corrections: []\n" in text
    text = text.replace("annotations: []\n", editor).replace("corrections: []\n", "")
    story_md.write_text(text, encoding="utf-8")
    done = subprocess.run([sys.executable, "build.py"], cwd=fresh_clone, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    digest = json.loads((fresh_clone / "output" / "footbridge" / "digest.json").read_text())
    claims = {c["id"]: c for c in digest["claims"]}
    [note], [pin] = digest["annotations"], digest["corrections"]
    assert "4,000 pedestrians" in claims[note["target"]]["text"] and claims[note["target"]]["in_digest"]
    assert pin["kind"] == "pin" and [claims[c]["text"] for c in pin["claims"]] == [
        next(c["text"] for c in digest["claims"] if "Mill Road bridge" in c["text"])]
    assert all(claims[c]["in_digest"] and claims[c]["outlets"] == ["A"] for c in pin["claims"])
    page = (fresh_clone / "output" / "footbridge" / "index.html").read_text(encoding="utf-8")
    note_text, reason = re.search(r'note: "(.*)"', editor)[1], re.search(r'reason: "(.*)"', editor)[1]
    assert note_text.split("'")[-1] in page and reason in page  # the note's Markdown may curl its apostrophe
