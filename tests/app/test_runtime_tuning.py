"""The sending loop is woken once per batch of messages, and nothing queued is left unsent."""

from __future__ import annotations

import asyncio
import threading
from types import SimpleNamespace

from streamlit.runtime import Runtime

from lmc_geo.ui import cache


def test_a_message_queued_while_the_loop_is_awake_asks_for_no_wake_up():
    loop = asyncio.new_event_loop()
    try:
        flag = asyncio.Event()
        woken = []
        objects = SimpleNamespace(eventloop=SimpleNamespace(call_soon_threadsafe=woken.append), need_send_data=flag)
        runtime = SimpleNamespace(_get_async_objs=lambda: objects)
        cache._wake_once(runtime)
        assert woken == [flag.set]  # asleep: woken
        flag.set()  # the loop ran the wake-up and has not flushed yet
        cache._wake_once(runtime)
        cache._wake_once(runtime)
        assert len(woken) == 1  # it sends these with the first
        flag.clear()  # it cleared the flag to flush: what comes next wakes it again
        cache._wake_once(runtime)
        assert len(woken) == 2
    finally:
        loop.close()


def test_every_message_queued_from_threads_is_sent():
    """The real loop's pattern (clear, then take the queue) with messages queued from four threads."""
    queue, sent, lock = [], [], threading.Lock()

    async def main():
        flag = asyncio.Event()
        objects = SimpleNamespace(eventloop=asyncio.get_running_loop(), need_send_data=flag)
        runtime = SimpleNamespace(_get_async_objs=lambda: objects)

        def producer(n):
            for i in range(500):
                with lock:
                    queue.append((n, i))
                cache._wake_once(runtime)

        threads = [threading.Thread(target=producer, args=(n,)) for n in range(4)]
        for th in threads:
            th.start()
        while any(th.is_alive() for th in threads) or queue:
            try:
                await asyncio.wait_for(flag.wait(), 1.0)
            except TimeoutError:
                break  # a message queued and never woken for would end here
            flag.clear()
            with lock:
                sent.extend(queue)
                queue.clear()
            await asyncio.sleep(0)
        for th in threads:
            th.join()

    asyncio.run(main())
    assert sorted(sent) == [(n, i) for n in range(4) for i in range(500)]


def test_the_app_installs_it_once():
    cache.wake_sender_once()
    cache.wake_sender_once()
    assert Runtime._enqueued_some_message is cache._wake_once  # in place of Streamlit's, not wrapped twice
