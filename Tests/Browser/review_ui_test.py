"""End-to-end test of the review UI in a real browser (headless Chromium from Debian, driven by
Selenium): the overview's tag cloud, an emotion set's cut points, a run's report, a confusion-matrix
cell, playback, a correction in the review queue on a track with a Japanese id, and the new version
in the version tree, all under the server's Content-Security-Policy; the server is started from a
folder outside the checkout and must find the UI itself. `make test` runs it.

    python3 Tests/Browser/review_ui_test.py --tagmine .build/debug/tagmine --work .build-test
"""

import argparse
import json
import re
import shutil
import sqlite3
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
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
# Every character a URL path must encode, in a Japanese catalogue id (the README's main use case).
JAPANESE_ID = "曲 1/#?"


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
                    ["train", *db, "genre-v2-no-pops", "--extractor", "musicnn-msd", "--name", "musicnn"],
                    # Run 4: several instruments per track, reviewed one (track, class) decision at a time.
                    ["train", *db, "instrument-v1", "--extractor", "logmel-stats", "--name", "instruments"]):
        subprocess.run([tagmine, *command], check=True, stdout=subprocess.DEVNULL, env=env)
    give_a_queued_track_a_japanese_id(tagmine, work / "demo" / "tagmine.db", run=2)
    (work / "users.toml").write_text(f'[[user]]\nname = "browser"\ntoken = "{TOKEN}"\nrole = "annotator"\n')
    port = free_port()
    # Started outside the checkout and without --web: the server finds the UI beside its executable.
    log = open(work / "serve.log", "w")
    server = subprocess.Popen([tagmine, "serve", "--db", str(work / "demo" / "tagmine.db"), "--users",
                               str(work / "users.toml"), "--port", str(port)],
                              cwd=work, stdout=subprocess.DEVNULL, stderr=log)
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
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        browser = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        # Views re-render on every hash change: an element read mid-render is stale, so look again.
        wait = WebDriverWait(browser, 20, ignored_exceptions=[StaleElementReferenceException])
        try:
            served = (work / "serve.log").read_text()
            assert f"Serving the review UI from {Path('Web').resolve()}" in served, served
            refuse_what_is_not_the_ui(base)
            run(browser, wait, base)
            violations = [entry["message"] for entry in browser.get_log("browser")
                          if "Content Security Policy" in entry["message"]]
            assert not violations, violations
        finally:
            browser.quit()
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()
    print("review UI end-to-end: tag cloud, emotion cuts, report, heat-map cell, playback, a Japanese-id track's "
          "correction, version tree, second opinion and a multi-label run's review all work under the "
          "Content-Security-Policy")


def give_a_queued_track_a_japanese_id(tagmine: str, db: Path, run: int) -> None:
    """Renames a track in run `run`'s review queue to JAPANESE_ID, as a Japanese catalogue would name it."""
    lines = subprocess.run([tagmine, "report", "--db", str(db), str(run), "--predictions", "--format", "jsonl"],
                           check=True, capture_output=True, text=True).stdout.splitlines()
    flagged = [json.loads(line)["track_id"] for line in lines if json.loads(line)["flagged"]]
    assert flagged, "run %d flags no track for review" % run
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE track SET catalogue_id = ? WHERE catalogue_id = ?", (JAPANESE_ID, flagged[0]))


def refuse_what_is_not_the_ui(base: str) -> None:
    """A NUL in the path is no page of the UI: 404, never a 200 with a body that is not there."""
    for path in ("/%00/", "/%00"):
        try:
            urllib.request.urlopen(base + path, timeout=5)
            raise AssertionError(f"{path} answered")
        except urllib.error.HTTPError as error:
            assert error.code == 404, (path, error.code)


def api(base: str, path: str):
    request = urllib.request.Request(base + "/api/" + path, headers={"Authorization": "Bearer " + TOKEN})
    return json.loads(urllib.request.urlopen(request).read())


def run(browser, wait, base: str) -> None:
    # Sign in with the token: the overview's tag cloud shows the most frequent tags, by name.
    browser.get(base + "/")
    browser.find_element(By.ID, "token").send_keys(TOKEN)
    browser.find_element(By.CSS_SELECTOR, "#token-form button").click()
    wait.until(ready.presence_of_element_located((By.CSS_SELECTOR, "ul.tree a")))
    overview = api(base, "overview")
    pills = [pill.text for pill in browser.find_elements(By.CSS_SELECTOR, "span.tag")]
    assert pills == [tag["tag"] for tag in overview["topTags"]] and all(pills), pills[:5]

    # The emotion set's page starts its cut points at the stored set's, and says what they select.
    emotion = next(s for s in overview["labelSets"] if s["name"] == "emotion-v1")
    browser.get(base + f"/#/labels/{emotion['id']}")
    paragraph = lambda prefix: wait.until(lambda b: next((p.text for p in b.find_elements(By.TAG_NAME, "p")
                                                          if p.text.startswith(prefix)), None))
    stored, summary = paragraph("Stored: "), paragraph("negative ≤ ")
    scores = sorted(api(base, f"label-sets/{emotion['id']}")["scores"])
    negatives, positives = emotion["counts"]["negative"], emotion["counts"]["positive"]
    low, high = scores[negatives - 1], scores[len(scores) - positives]
    # Numbers as the page rounds them (JavaScript's toFixed); Python may round a tie the other way.
    number = r"(-?\d+\.\d\d)"
    shown = re.match(rf"Stored: {negatives} negative \(score ≤ {number}\), {positives} positive \(score ≥ {number}\)",
                     stored)
    assert shown and abs(float(shown[1]) - low) <= 0.005 and abs(float(shown[2]) - high) <= 0.005, (stored, low, high)
    at_low, at_high = sum(s <= low for s in scores), sum(s >= high for s in scores)
    assert summary == f"negative ≤ {shown[1]}: {at_low} tracks · positive ≥ {shown[2]}: {at_high} tracks", summary
    if (at_low, at_high) != (negatives, positives):
        assert f"{at_low - negatives} more tracks tie at the negative cut" in stored, stored

    # Run 1's report.
    browser.get(base + "/#/run/1")
    cells = wait.until(lambda b: b.find_elements(By.CSS_SELECTOR, "td.cell"))
    assert any(cell.text.strip() not in ("", "0") for cell in cells), "the heat map has no counts"

    # Click a non-empty diagonal cell: its tracks appear, each with a player; play the first.
    diagonal = [c for c in cells if c.get_attribute("title").split(" → ")[0] == c.get_attribute("title").split(" → ")[1]]
    next(c for c in diagonal if c.text.strip() != "0").click()
    wait.until(lambda b: b.find_elements(By.CSS_SELECTOR, "audio[src^='blob:']"))
    browser.execute_script("document.querySelector(\"audio[src^='blob:']\").play()")
    wait.until(lambda b: b.execute_script("return document.querySelector(\"audio[src^='blob:']\").currentTime > 0"))
    # Each track says in words where its label came from: the keyword that fired and its class.
    wait.until(lambda b: any(re.search(r"keyword \S.* → \S", keys.text)
                             for keys in b.find_elements(By.CSS_SELECTOR, "div.keys")))

    # Run 1's label set has been relabeled since (the demo dropped pops): saving a correction on it
    # is refused, and the page says which version is the latest.
    correct(browser, wait, base, run=1)
    wait.until(lambda b: any("has been changed since" in p.text for p in b.find_elements(By.TAG_NAME, "p")))

    # Run 2's label set is the latest: the correction of its track with a Japanese id, heard first,
    # becomes a new version.
    review_japanese_track(browser, wait, run=2)
    saved = wait.until(lambda b: [p.text for p in b.find_elements(By.TAG_NAME, "p") if p.text.startswith("Saved as label set")])
    new_set = saved[0].split()[-1].rstrip(".")
    corrected = api(base, "tracks/" + urllib.parse.quote(JAPANESE_ID, safe=""))
    assert any(version["labelSet"] == int(new_set) for version in corrected["labels"]), corrected["labels"]

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

    review_multi_label_run(browser, wait, base, run=4)


def review_multi_label_run(browser, wait, base: str, run: int) -> None:
    """A multi-label run's report has per-class thresholds; its queue takes the model's side on the
    first disputed (track, class) decision, and the saved version has that class added or removed."""
    report = api(base, f"runs/{run}/report")
    assert report["multiLabel"] and report["queue"], report.get("queue")
    browser.get(base + f"/#/run/{run}")
    wait.until(lambda b: any(h.text == "Precision, recall, F1 at each class's threshold"
                             for h in b.find_elements(By.TAG_NAME, "h2")))
    first_class = report["report"]["classes"][0]["row"]["name"]
    assert any(cell.text == first_class for cell in browser.find_elements(By.CSS_SELECTOR, "table td")), first_class

    entry = report["queue"][0]
    browser.get(base + f"/#/queue/{run}")
    wait.until(lambda b: b.find_element(By.TAG_NAME, "h1").text == f"Review queue of run {run} (multi-label)")
    verdict = (("labeled " if entry["given"] else "not labeled ") + entry["className"] +
               f", the model gives {entry['probability']:.2f} (threshold {entry['threshold']:.2f})")
    wait.until(lambda b: verdict in b.find_element(By.CSS_SELECTOR, ".card").text)
    label = ("r remove " if entry["given"] else "a add ") + entry["className"]
    browser.find_element(By.XPATH, f"//button[. = '{label}']").click()
    browser.find_element(By.XPATH, "//button[starts-with(., 'Save corrections')]").click()
    saved = wait.until(lambda b: [p.text for p in b.find_elements(By.TAG_NAME, "p") if p.text.startswith("Saved as label set")])
    new_set = int(saved[0].split()[-1].rstrip("."))
    track = api(base, "tracks/" + urllib.parse.quote(entry["track"], safe=""))
    labels = {label["className"] for version in track["labels"] if version["labelSet"] == new_set
              for label in version["labels"]["labels"]}
    assert (entry["className"] in labels) != entry["given"], (entry, labels)


def review_japanese_track(browser, wait, run: int) -> None:
    """In run `run`'s review queue, skip to the track with JAPANESE_ID, play it, take the prediction, save."""
    browser.get(browser.current_url.split("#")[0] + f"#/queue/{run}")
    wait.until(lambda b: b.find_element(By.TAG_NAME, "h1").text == f"Review queue of run {run}")
    for _ in range(200):
        heading = wait.until(lambda b: b.find_element(By.CSS_SELECTOR, ".card h2").text)
        if heading.startswith(JAPANESE_ID + " ("):
            break
        browser.find_element(By.XPATH, "//button[starts-with(., 's skip')]").click()
        wait.until(lambda b: b.find_element(By.CSS_SELECTOR, ".card h2").text != heading)
    else:
        raise AssertionError(f"{JAPANESE_ID} is not in run {run}'s review queue")
    wait.until(lambda b: b.find_elements(By.CSS_SELECTOR, ".card audio[src^='blob:']"))
    browser.execute_script("document.querySelector(\".card audio\").play()")
    wait.until(lambda b: b.execute_script("return document.querySelector(\".card audio\").currentTime > 0"))
    browser.find_element(By.XPATH, "//button[starts-with(., 'p take prediction')]").click()
    browser.find_element(By.XPATH, "//button[starts-with(., 'Save corrections')]").click()


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
