"""Helpers for the `peoplerank serve` tests: start the service on a free loopback port, make
requests with http.client, stop it with SIGTERM and check that it exits cleanly."""
import http.client
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

BIN = os.environ["PR_BIN"]
FAILS = []


def check(ok, what):
    if not ok:
        FAILS.append(what)
        print("FAIL:", what, file=sys.stderr)
    return ok


def finish():
    print(f"{len(FAILS)} failed")
    sys.exit(1 if FAILS else 0)


def run(*args, **kw):
    return subprocess.run([BIN, *args], check=True, capture_output=True, text=True, **kw).stdout


class Server:
    """peoplerank serve DIR --listen 127.0.0.1:0 [extra...], its URL read from its stdout."""

    def __init__(self, snapdir, *extra):
        self.err = tempfile.TemporaryFile(mode="w+")
        self.proc = subprocess.Popen([BIN, "serve", snapdir, "--listen", "127.0.0.1:0", *extra],
                                     stdout=subprocess.PIPE, stderr=self.err, text=True)
        line = self.proc.stdout.readline().strip()
        if not line.startswith("http://"):
            self.proc.kill()
            self.err.seek(0)
            raise RuntimeError("serve did not start: " + self.err.read())
        self.url = line
        self.host, port = line[len("http://"):].rstrip("/").rsplit(":", 1)
        self.port = int(port)

    def conn(self, timeout=10):
        return http.client.HTTPConnection(self.host, self.port, timeout=timeout)

    def get(self, path, method="GET", body=None, headers=None, conn=None):
        """(status, parsed JSON or text, response headers)."""
        c = conn or self.conn()
        c.request(method, path, body=body, headers=headers or {})
        r = c.getresponse()
        data = r.read().decode("utf-8")
        if conn is None:
            c.close()
        ctype = r.getheader("Content-Type", "")
        parsed = json.loads(data) if ctype.startswith("application/json") and data else data
        return r.status, parsed, dict(r.getheaders())

    def stderr(self):
        self.err.seek(0)
        return self.err.read()

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = "killed after 20 s"
        check(rc == 0, f"serve exits 0 on SIGTERM (got {rc}); stderr: {self.stderr()[-2000:]}")
        return rc


def wait_for(pred, timeout=20, step=0.05):
    end = time.time() + timeout
    while time.time() < end:
        if pred():
            return True
        time.sleep(step)
    return False
