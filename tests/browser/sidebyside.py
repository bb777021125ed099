"""Many independent visits in real Chromium side by side: one browser, a few pages at once.

A walk through the site is mostly waiting: for the server, for Chromium to lay out the next page,
for the driver to answer. The browser, its renderers and the live server are separate processes
and threads, so a few visits at once keep both cores of a CI machine busy where one visit leaves
one idle. Each page has its own browser context (its own cookies), exactly like the one page the
walk used before, which also cleared its cookies before each visit; what a visit checks is unchanged.

Playwright's sync API (the pytest fixtures) can wait for one page only, so the visits run on the
async API in a thread of their own, with their own driver and browser launched with the same
options as the fixtures' browser (`browser_type_launch_args`, `browser_context_args`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from playwright.async_api import Page, async_playwright

Job = TypeVar("Job")
PAGES = 3
"""Visits at once: enough to keep two cores busy while each visit waits for the others."""


def side_by_side(
    browser_name: str,
    launch_args: dict[str, Any],
    context_args: dict[str, Any],
    jobs: Sequence[Job],
    visit: Callable[[Page, Job], Awaitable[None]],
    name: Callable[[Job], str] = repr,
    pages: int = PAGES,
) -> None:
    """visit(page, job) for every job, `pages` at a time; the first failure is raised, with name(job)."""
    visits = _visit_all(browser_name, launch_args, context_args, jobs, visit, name, pages)
    with ThreadPoolExecutor(1, thread_name_prefix="side-by-side") as thread:
        thread.submit(asyncio.run, visits).result()


async def _visit_all(
    browser_name: str,
    launch_args: dict[str, Any],
    context_args: dict[str, Any],
    jobs: Sequence[Job],
    visit: Callable[[Page, Job], Awaitable[None]],
    name: Callable[[Job], str],
    pages: int,
) -> None:
    waiting = list(reversed(jobs))  # each page takes the next job when its last one is done

    async def one_page() -> None:
        context = await browser.new_context(**context_args)
        try:
            page = await context.new_page()
            while waiting:
                job = waiting.pop()
                await context.clear_cookies()  # every visit starts as a new visitor
                try:
                    await visit(page, job)
                except BaseException as error:
                    error.add_note(f"during the visit: {name(job)}")
                    raise
        finally:
            await context.close()

    async with async_playwright() as playwright:
        browser = await getattr(playwright, browser_name).launch(**launch_args)
        try:
            tasks = [asyncio.ensure_future(one_page()) for _ in range(min(pages, len(jobs)))]
            try:
                await asyncio.gather(*tasks)  # the first failure stops the others
            finally:
                for task in tasks:
                    task.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)
        finally:
            await browser.close()
