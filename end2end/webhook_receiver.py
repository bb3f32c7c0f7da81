"""A webhook receiver for scripts/test.sh: it verifies every delivery with
the Standard Webhooks reference library (not G-MIS's own code) and exits 0
once it has received a verified event of one of the expected types for
the unit.

    webhook_receiver.py PORT SECRET EVENT_TYPE[,EVENT_TYPE…] UNIT TIMEOUT_SECONDS
"""

import http.server
import json
import sys
import threading

from standardwebhooks.webhooks import Webhook, WebhookVerificationError

PORT, SECRET, UNIT, TIMEOUT = sys.argv[1], sys.argv[2], sys.argv[4], float(sys.argv[5])
EVENTS = sys.argv[3].split(",")
hook = Webhook(SECRET)
done = threading.Event()
result = {"ok": False, "why": "no delivery arrived"}


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("content-length", "0")))
        headers = {k.lower(): v for k, v in self.headers.items()}
        try:
            event = hook.verify(body, headers)
        except WebhookVerificationError as e:
            result.update(ok=False, why=f"signature refused: {e}")
            self.send_response(400)
            self.end_headers()
            done.set()
            return
        # The library must refuse the same delivery with one byte changed.
        try:
            hook.verify(body.replace(b"}", b" }", 1), headers)
            result.update(ok=False, why="a tampered body passed verification")
            done.set()
        except WebhookVerificationError:
            pass
        self.send_response(204)
        self.end_headers()
        if event.get("type") in EVENTS and event.get("data", {}).get("unit") == UNIT:
            if not result["why"].startswith("a tampered"):
                result.update(ok=True, why=f"verified {event['type']} for {UNIT} ({headers.get('webhook-id')})")
            done.set()

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", int(PORT)), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
print("listening", flush=True)
done.wait(TIMEOUT)
server.shutdown()
print(result["why"], flush=True)
sys.exit(0 if result["ok"] else 1)
