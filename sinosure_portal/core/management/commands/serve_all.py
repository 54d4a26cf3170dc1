"""Run the web server, a Celery worker and Celery beat together; Ctrl-C (or SIGTERM) stops all three.

`make run` uses this so that a newcomer gets the whole portal from one command and one Ctrl-C.
"""

import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the portal with a Celery worker and beat; stop everything on Ctrl-C."

    def add_arguments(self, parser):
        parser.add_argument("--addr", default="127.0.0.1:8000")

    def handle(self, *args, **options):
        python = sys.executable
        celery = [python, "-m", "celery", "-A", "sinosure_portal"]
        commands = {
            "worker": [*celery, "worker", "--loglevel=INFO", "--concurrency=2"],
            "beat": [*celery, "beat", "--loglevel=INFO", "-s", settings.CELERY_BEAT_SCHEDULE_FILENAME],
            "web": [python, "manage.py", "runserver", options["addr"], "--noreload"],
        }
        children = {name: subprocess.Popen(cmd) for name, cmd in commands.items()}
        stopping = False

        def stop(signum, _frame):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            while not stopping:
                for name, proc in children.items():
                    if proc.poll() is not None:
                        self.stderr.write(f"{name} exited with {proc.returncode}; stopping the others")
                        stopping = True
                time.sleep(0.5)
        finally:
            for proc in children.values():
                if proc.poll() is None:
                    proc.terminate()
            deadline = time.monotonic() + 8
            for proc in children.values():
                try:
                    proc.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    proc.kill()
            self.stdout.write("stopped web, worker and beat")
