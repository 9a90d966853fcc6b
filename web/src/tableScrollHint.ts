// tableScrollHint.ts — marks every table box (.table-wrapper) that is narrower than
// its table, so that style.css shows a hint above it ("svep i sidled"): at 390 px a
// table scrolls inside its box, and nothing else tells that there are more columns.
// Watches the whole page (tables come and go with the data), once per frame.

function mark(): void {
    for (const box of document.querySelectorAll<HTMLElement>(".table-wrapper")) {
        box.classList.toggle("table-wrapper--scrolls", box.scrollWidth > box.clientWidth + 1);
    }
}

export function watchTableScrolling(root: HTMLElement): void {
    let pending = false;
    const schedule = (): void => {
        if (pending) return;
        pending = true;
        requestAnimationFrame(() => {
            pending = false;
            mark();
        });
    };
    new MutationObserver(schedule).observe(root, { childList: true, subtree: true, characterData: true });
    new ResizeObserver(schedule).observe(root);
    window.addEventListener("resize", schedule);
}
