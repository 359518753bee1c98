"""The admission turnstile on its own: places in arrival order, a bounded queue, a bounded wait, and a place
never lost when a waiting caller gives up."""

from __future__ import annotations

import asyncio

import pytest

from api.admission import Admission, QueueFull, Turnstile, WaitTimeout
from api.errors import ApiError


def test_places_are_handed_out_in_arrival_order() -> None:
    async def scenario() -> list[int]:
        places = Turnstile(1)
        served: list[int] = []

        async def request(n: int) -> None:
            await places.enter(5.0)
            served.append(n)
            await asyncio.sleep(0.01)
            places.leave()

        await asyncio.gather(*(request(n) for n in range(5)))
        assert places.in_use == 0 and places.waiting == 0
        return served

    assert asyncio.run(scenario()) == [0, 1, 2, 3, 4]


def test_a_full_queue_refuses_at_once_and_a_long_wait_times_out() -> None:
    async def scenario() -> None:
        places = Turnstile(1, queue_length=1)
        await places.enter(1.0)
        waiting = asyncio.ensure_future(places.enter(0.05))
        await asyncio.sleep(0)
        assert places.full
        with pytest.raises(QueueFull):
            await places.enter(1.0)
        with pytest.raises(WaitTimeout):
            await waiting
        assert places.waiting == 0 and not places.full
        places.leave()
        assert places.in_use == 0

    asyncio.run(scenario())


def test_a_caller_that_gives_up_never_takes_a_place_with_it() -> None:
    async def scenario() -> None:
        places = Turnstile(1)
        await places.enter(1.0)
        gone = asyncio.ensure_future(places.enter(5.0))
        after = asyncio.ensure_future(places.enter(5.0))
        await asyncio.sleep(0)
        places.leave()  # hands the place to `gone` ...
        gone.cancel()  # ... which is cancelled before it runs: the place must pass on to `after`
        await asyncio.wait_for(after, 1.0)
        assert gone.cancelled() and places.in_use == 1 and places.waiting == 0
        places.leave()
        assert places.in_use == 0

    asyncio.run(scenario())


def test_admission_errors_name_the_setting_and_carry_retry_after() -> None:
    async def scenario() -> list[ApiError]:
        admission = Admission(limit=1, queue_length=1, queue_wait=0.05)
        errors: list[ApiError] = []
        async with admission.take():
            waiting = asyncio.ensure_future(admission.take().__aenter__())
            await asyncio.sleep(0)
            assert admission.saturated
            for attempt in (admission.take().__aenter__(), waiting):
                try:
                    await attempt
                except ApiError as error:
                    errors.append(error)
        assert not admission.saturated
        return errors

    full, waited = asyncio.run(scenario())
    assert full.status == 503 and "CKG_QUEUE_LENGTH" in full.detail and full.headers["Retry-After"] == "1"
    assert waited.status == 503 and "CKG_QUEUE_WAIT" in waited.detail and waited.headers["Retry-After"] == "1"
