"""The front-desk page in headless Chromium (chromium + chromium-driver + python3-selenium):
search with the keyboard, see the score, see the history chart, follow an influencer link, the
top-100 network filter, an unknown name, and a phone-sized screen. Each step writes a screenshot
to $PR_SCREENSHOTS (build/screenshots/) for a person to look at. Skips (77) without Chromium."""
import os
import shutil
import sys
import tempfile

from serve_lib import Server, check, finish, run

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select, WebDriverWait
except ImportError:
    print("SKIP: python3-selenium is not installed (apt-get install python3-selenium)")
    sys.exit(77)
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
BROWSER = shutil.which("chromium") or "/usr/bin/chromium"
if not (os.access(DRIVER, os.X_OK) and os.access(BROWSER, os.X_OK)):
    print("SKIP: Chromium or its driver is absent (apt-get install chromium chromium-driver)")
    sys.exit(77)

shots = os.environ.get("PR_SCREENSHOTS") or tempfile.mkdtemp(prefix="prshots.")
os.makedirs(shots, exist_ok=True)
work = tempfile.mkdtemp(prefix="prpage.")
snaps = os.path.join(work, "snaps")
events = os.path.join(work, "ev.tsv")
run("generate", "-q", "--seed", "7", "--persons", "300", "--fakes", "1000", "-o", events)
days = ["2026-11-%d" % d for d in (10, 17, 21, 23, 24)]
for day in days:
    run("run", "-q", "--events", events, "--as-of", day + "T23:59:59Z", "--out", snaps)

srv = Server(snaps, "--threads", "2")
opts = webdriver.ChromeOptions()
opts.binary_location = BROWSER
for a in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
          "--window-size=1200,1000"):
    opts.add_argument(a)
driver = webdriver.Chrome(service=Service(DRIVER), options=opts)
# Every condition below finds its elements anew on each poll; the page replaces whole lists
# (top 100, influencers) when an answer arrives, so an element found in one poll can be gone by
# the time it is read: that poll counts as "not yet" and the next one finds the new element.
wait = WebDriverWait(driver, 15,
                     ignored_exceptions=(NoSuchElementException, StaleElementReferenceException))


def shot(name):
    path = os.path.join(shots, name)
    driver.save_screenshot(path)
    print("screenshot:", path)


def text(id_):
    return driver.find_element(By.ID, id_).text


try:
    driver.get(srv.url)
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#toplist tr")) == 100)
    check(days[-1] in text("snapshot"), f"header names the snapshot date ({text('snapshot')})")
    shot("01-home.png")

    # Search with the keyboard: the box has focus on load, Enter submits.
    _, best, _ = srv.get("/v1/top?n=1")
    who = best["persons"][0]["name"]
    _, rec, _ = srv.get("/v1/persons/" + who)
    active = driver.switch_to.active_element
    check(active.get_attribute("id") == "q", "the search box has focus on load")
    active.send_keys(who, Keys.ENTER)
    wait.until(lambda d: d.find_element(By.ID, "pname").text == who)
    check(text("score") == "%.2f" % rec["score"], f"score shown {text('score')} = {rec['score']}")
    check(rec["bucket"] in text("bucket"), f"bucket shown ({text('bucket')})")
    check(len(driver.find_elements(By.CSS_SELECTOR, "#deltas li")) == 3, "three deltas shown")
    shot("02-score.png")

    # The chart: one point per day kept, inline SVG, nothing loaded from elsewhere.
    _, hist, _ = srv.get("/v1/persons/" + who + "/history")
    circles = driver.find_elements(By.CSS_SELECTOR, "#chart svg circle")
    check(len(circles) == len(hist["history"]) == len(days),
          f"chart: {len(circles)} points for {len(days)} days")
    check(len(driver.find_elements(By.CSS_SELECTOR, "#chart svg polyline")) == 1, "chart line")
    res = driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)")
    check(all(r.startswith(srv.url) for r in res), f"only same-origin requests ({res[:3]})")
    driver.execute_script("document.getElementById('chart').scrollIntoView()")
    shot("03-chart.png")

    # Follow an influencer link (by keyboard focus + Enter, like a person without a mouse).
    links = driver.find_elements(By.CSS_SELECTOR, "#influencers a")
    check(len(links) > 0, "influencers are links")
    if links:
        other = links[0].text
        links[0].send_keys(Keys.ENTER)
        wait.until(lambda d: d.find_element(By.ID, "pname").text == other)
        _, orec, _ = srv.get("/v1/persons/" + other)
        check(text("score") == "%.2f" % orec["score"], f"influencer {other}'s score shown")
        top_px = driver.execute_script(
            "return document.getElementById('pname').getBoundingClientRect().top")
        check(0 <= top_px < 200, f"a followed link lands on the card (name at {top_px} px)")
        check(driver.switch_to.active_element.get_attribute("id") == "pname",
              "... with the keyboard focus on it")
        shot("04-influencer.png")

    # Top 100 on one network.
    Select(driver.find_element(By.ID, "network")).select_by_value("facebook")
    _, fb, _ = srv.get("/v1/top?n=100&network=facebook")
    fb_names = [p["name"] for p in fb["persons"]]

    def top_names(d):
        # One script reads the whole list at once, so it sees one rendering, never half of two.
        return d.execute_script(
            "return Array.from(document.querySelectorAll('#toplist tr td.name'),"
            " (e) => e.textContent)")

    wait.until(lambda d: d.find_element(By.ID, "scorehead").text == "facebook score" and
               top_names(d) == fb_names)
    check(top_names(driver) == fb_names, "network filter: the network's top list, in order")
    check(text("scorehead") == "facebook score", "the score column names the network")
    driver.find_element(By.ID, "top").location_once_scrolled_into_view
    shot("05-top-facebook.png")

    # An unknown name says so.
    box = driver.find_element(By.ID, "q")
    box.clear()
    box.send_keys("twitter:nobody_at_all", Keys.ENTER)
    wait.until(lambda d: d.find_element(By.ID, "message").is_displayed())
    check("Nobody named" in text("message"), f"unknown name: {text('message')}")
    shot("06-not-found.png")

    # Phone-sized: nothing wider than the screen.
    driver.set_window_size(390, 844)
    driver.get(srv.url + "#p=" + who)
    wait.until(lambda d: d.find_element(By.ID, "pname").text == who)
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#toplist tr")) == 100)
    over = driver.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
    check(over <= 0, f"phone width: no sideways scrolling ({over} px too wide)")
    font = driver.execute_script(
        "const t = document.querySelector('#chart svg text');"
        "return t.getBoundingClientRect().height")
    check(font >= 10, f"phone width: chart text readable ({font:.1f} px high)")
    shot("07-phone.png")
finally:
    driver.quit()
    srv.stop()
shutil.rmtree(work)
finish()
