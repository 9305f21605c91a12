"""App cold start: `python app.py` in a new process -> the page is served -> the first answer over
the HTTP API. Prints both times in seconds. Run from anywhere; the argument is a checkout to start
(default: this one), so two commits can be alternated in the same minutes.

    HF_HUB_OFFLINE=1 python docs/bench/app_cold_start.py [CHECKOUT]
"""
import json, os, socket, subprocess, sys, tempfile, time, urllib.request
ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
def port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p
p = port()
env = {**os.environ, "HF_HUB_OFFLINE": "1", "GRADIO_SERVER_PORT": str(p), "GRADIO_SERVER_NAME": "127.0.0.1",
       "GRADIO_ANALYTICS_ENABLED": "False", "PYTHONPATH": ROOT}
log = tempfile.TemporaryFile()
t0 = time.perf_counter()
proc = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
url = f"http://127.0.0.1:{p}/"
while True:
    try:
        urllib.request.urlopen(url, timeout=1); break
    except OSError:
        if proc.poll() is not None:
            log.seek(0); print(log.read().decode()); sys.exit(1)
        time.sleep(0.02)
served = time.perf_counter() - t0
req = urllib.request.Request(url + "gradio_api/call/answer", headers={"Content-Type": "application/json"},
                             data=json.dumps({"data": ["What does a CIO do?", 3, "hybrid"]}).encode())
with urllib.request.urlopen(req, timeout=60) as resp:
    eid = json.load(resp)["event_id"]
with urllib.request.urlopen(f"{url}gradio_api/call/answer/{eid}", timeout=60) as resp:
    body = resp.read().decode()
first = time.perf_counter() - t0
assert "complete" in body, body[:300]
proc.terminate(); proc.wait()
print(f"served {served:.2f} s, first answer {first:.2f} s")
