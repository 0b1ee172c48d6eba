"""End-to-end test of the review UI in a real browser (headless Chromium from Debian, driven by
Selenium): open a run's report, click a confusion-matrix cell, play a track, correct a label in
the review queue, and find the new version in the version tree. `make test` runs it.

    python3 Tests/Browser/review_ui_test.py --tagmine .build/debug/tagmine --work .build-test
"""

import argparse
import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ready
from selenium.webdriver.support.ui import WebDriverWait

TOKEN = "annotator-token-for-the-browser-test"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tagmine", required=True)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--musicnn-wheel", type=Path, required=True)
    args = parser.parse_args()
    work = args.work.resolve() / "browser"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    tagmine = str(Path(args.tagmine).resolve())
    subprocess.run([tagmine, "demo", "--dir", str(work / "demo"), "--tracks", "90", "--seconds", "1"], check=True,
                   stdout=subprocess.DEVNULL, env={"CI": "1", "PATH": "/usr/bin:/bin"})
    # A run on musicnn-msd features, so that the report and the queue carry the tagger's second opinion.
    env = {"CI": "1", "PATH": "/usr/bin:/bin", "TAGMINE_MODELS": str(work / "models")}
    db = ["--db", str(work / "demo" / "tagmine.db")]
    for command in (["models", "install", "musicnn-msd", "--from", str(args.musicnn_wheel.resolve())],
                    ["features", *db, "--extractor", "musicnn-msd"],
                    ["train", *db, "genre-v2-no-pops", "--extractor", "musicnn-msd", "--name", "musicnn"]):
        subprocess.run([tagmine, *command], check=True, stdout=subprocess.DEVNULL, env=env)
    (work / "users.toml").write_text(f'[[user]]\nname = "browser"\ntoken = "{TOKEN}"\nrole = "annotator"\n')
    port = free_port()
    server = subprocess.Popen([tagmine, "serve", "--db", str(work / "demo" / "tagmine.db"), "--users",
                               str(work / "users.toml"), "--port", str(port), "--web", str(Path("Web").resolve())],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/api/health", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        options = Options()
        for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--autoplay-policy=no-user-gesture-required",
                     "--window-size=1200,1000"]:
            options.add_argument(flag)
        options.binary_location = "/usr/bin/chromium"
        browser = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        # Views re-render on every hash change: an element read mid-render is stale, so look again.
        wait = WebDriverWait(browser, 20, ignored_exceptions=[StaleElementReferenceException])
        try:
            run(browser, wait, base)
        finally:
            browser.quit()
    finally:
        server.terminate()
        server.wait(timeout=10)
    print("review UI end-to-end: report, heat-map cell, playback, correction, version tree and second opinion all work")


def run(browser, wait, base: str) -> None:
    # Sign in with the token, then open run 1's report.
    browser.get(base + "/")
    browser.find_element(By.ID, "token").send_keys(TOKEN)
    browser.find_element(By.CSS_SELECTOR, "#token-form button").click()
    wait.until(ready.presence_of_element_located((By.CSS_SELECTOR, "ul.tree a")))
    browser.get(base + "/#/run/1")
    cells = wait.until(lambda b: b.find_elements(By.CSS_SELECTOR, "td.cell"))
    assert any(cell.text.strip() not in ("", "0") for cell in cells), "the heat map has no counts"

    # Click a non-empty diagonal cell: its tracks appear, each with a player; play the first.
    diagonal = [c for c in cells if c.get_attribute("title").split(" → ")[0] == c.get_attribute("title").split(" → ")[1]]
    next(c for c in diagonal if c.text.strip() != "0").click()
    wait.until(lambda b: b.find_elements(By.CSS_SELECTOR, "audio[src^='blob:']"))
    browser.execute_script("document.querySelector(\"audio[src^='blob:']\").play()")
    wait.until(lambda b: b.execute_script("return document.querySelector(\"audio[src^='blob:']\").currentTime > 0"))

    # Run 1's label set has been relabeled since (the demo dropped pops): saving a correction on it
    # is refused, and the page says which version is the latest.
    correct(browser, wait, base, run=1)
    wait.until(lambda b: any("has been changed since" in p.text for p in b.find_elements(By.TAG_NAME, "p")))

    # Run 2's label set is the latest: the correction becomes a new version.
    correct(browser, wait, base, run=2)
    saved = wait.until(lambda b: [p.text for p in b.find_elements(By.TAG_NAME, "p") if p.text.startswith("Saved as label set")])
    new_set = saved[0].split()[-1].rstrip(".")

    # The new version is in the tree, under its parent.
    browser.get(base + "/#/")
    wait.until(lambda b: any(link.text.startswith(new_set + " ") or link.text == new_set
                             for link in b.find_elements(By.CSS_SELECTOR, "ul.tree ul.tree a")))
    detail = json.loads(urllib.request.urlopen(urllib.request.Request(
        base + f"/api/label-sets/{new_set}", headers={"Authorization": "Bearer " + TOKEN})).read())
    assert detail["labelSet"]["createdBy"] == "browser", detail["labelSet"]["createdBy"]

    # Run 3 is on musicnn-msd features: its report has the tagger's second opinion, and every queue
    # entry whose class has a tagger tag says what the tagger hears.
    browser.get(base + "/#/run/3")
    wait.until(lambda b: any(h.text == "A second opinion: musicnn-msd" for h in b.find_elements(By.TAG_NAME, "h2")))
    report = json.loads(urllib.request.urlopen(urllib.request.Request(
        base + "/api/runs/3/report", headers={"Authorization": "Bearer " + TOKEN})).read())
    assert report["secondOpinion"]["tracks"] > 0, report["secondOpinion"]
    if report["queue"] and report["queue"][0].get("tagger"):
        browser.get(base + "/#/queue/3")
        wait.until(lambda b: "musicnn-msd hears " + report["queue"][0]["tagger"]["tag"]
                   in b.find_element(By.CSS_SELECTOR, ".card").text)


def correct(browser, wait, base: str, run: int) -> None:
    """In run `run`'s review queue, take the model's prediction for the first track and save."""
    browser.get(base + f"/#/queue/{run}")
    wait.until(lambda b: b.find_element(By.TAG_NAME, "h1").text == f"Review queue of run {run}")
    first = wait.until(lambda b: b.find_element(By.CSS_SELECTOR, ".card h2").text)
    browser.find_element(By.XPATH, "//button[starts-with(., 'p take prediction')]").click()
    wait.until(lambda b: b.find_element(By.CSS_SELECTOR, ".card h2").text != first or "1 of 1" in first)
    browser.find_element(By.XPATH, "//button[starts-with(., 'Save corrections')]").click()


if __name__ == "__main__":
    try:
        main()
    except AssertionError as failure:
        sys.exit(f"review UI end-to-end test failed: {failure}")
