// layout.test.mjs — menus by role and layout that holds, in a real browser on a
// database made by `samsyn gen`. For each role (admin, kansli, case worker,
// employer contact, trainer, reader): every main-menu item is a real link
// (<a href>) and leads to a page the role can use (no "Din roll ger inte …", no
// "håller på att byggas"), and so does every card and link of the start page; and
// every page the role reaches — the menu's pages, the start page's links, "Mitt
// konto", the first record of each list (an employer with a long industry name
// among them), a participant's enrolment, the forms and the admin pages — is no
// wider than the window at 1366 px and at 390 px, where "Logga ut" is on screen too.
// Also: an intervention's participants come a page at a time, and logging out
// says so on the login page.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
    TIMEOUT, apiClient, closeAll, launchBrowser, logIn, luhn, makeUser, openPage, startServer, stepper, watchConsole,
} from "./harness.mjs";

const PASSWORD = "Korrekt-Häst-Batteri-42";
const ROLES = [
    { username: "admin", roles: ["admin"] },
    { username: "lo.kansli", roles: ["kansli"], org: 1 },
    { username: "lo.handl", roles: ["case_worker"], org: 2 },
    { username: "lo.arbgiv", roles: ["employer_contact"], org: 2 },
    { username: "lo.utbild", roles: ["trainer"], org: 1 },
    { username: "lo.lasare", roles: ["reader"], org: 1 },
];
const REFUSAL = /Din roll ger inte|håller på att byggas|finns inte än|Sidan finns inte/;
const WIDTHS = [1366, 390];

let server;
let browser;

before(async () => {
    server = await startServer({ gen: ["--participants", "400", "--seed", "11"] });
    const admin = apiClient(server.baseUrl);
    await admin.firstLogin("admin", server.oneTimePassword, PASSWORD);
    for (const r of ROLES.slice(1))
        await makeUser(admin, server.baseUrl, { username: r.username, name: `Layout ${r.roles[0]}`, roles: r.roles }, r.org, PASSWORD);
    // `samsyn gen` makes no employers. A sole trader with a long industry name: its
    // facts made the employer page 637 px wide at 390 px.
    const e = await admin.call("POST", "/employers", {
        orgnr: luhn("460227001"),
        name: "Ali Andersson Café",
        sni_code: "78300",
        size_class: "0",
        municipality_code: "1470",
    });
    assert.equal(e.status, 201, JSON.stringify(e.data));
    browser = await launchBrowser();
});

after(() => closeAll(browser, server));

/** Waits until the page has its heading and nothing is being fetched. */
async function settle(page) {
    await page.waitForSelector("main h1");
    await page.waitForFunction(() => !/Hämtar|Laddar/.test(document.querySelector("main")?.innerText ?? ""), null, {
        timeout: TIMEOUT,
    });
    await page.waitForTimeout(150); // the table scroll hint is marked on the next frame
}

/** Page width against the window, and where "Logga ut" ends. */
async function measure(page) {
    return page.evaluate(() => {
        const logout = [...document.querySelectorAll(".app-header button, .app-header a")].find((b) => /Logga ut/.test(b.textContent));
        return {
            scrollWidth: document.documentElement.scrollWidth,
            clientWidth: document.documentElement.clientWidth,
            logoutRight: logout ? logout.getBoundingClientRect().right : null,
            widest: [...document.querySelectorAll("body *")]
                .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                .filter((e) => !e.closest(".table-wrapper, .sr-only"))
                .slice(0, 3)
                .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join(".")}`),
        };
    });
}

for (const role of ROLES) {
    test(`${role.roles[0]}: menu links lead to usable pages, and no page is wider than the window`, async (t) => {
        const { context, page } = await openPage(browser, { viewport: { width: 1366, height: 900 } });
        const console_ = watchConsole(page, [401, 404]);
        const step = stepper(t, page, `layout-${role.username}`);
        const pages = new Set(["/mitt-konto"]);

        await step("logs in", async () => {
            await logIn(page, server.baseUrl, role.username, PASSWORD);
            await page.waitForURL((u) => !u.pathname.startsWith("/logga-in"));
            await settle(page);
        });

        await step("every menu item is a link to a page the role can use", async () => {
            const items = await page.$$eval(".app-nav nav li, .app-nav [role=menuitem]", (els) =>
                els.map((e) => ({ text: e.textContent.trim(), href: e.closest("a")?.getAttribute("href") ?? e.querySelector("a")?.getAttribute("href") ?? null })),
            );
            const links = await page.$$eval(".app-nav a[href]", (as) => as.map((a) => ({ text: a.textContent.trim(), href: a.getAttribute("href") })));
            assert.ok(links.length >= 4, `menu links: ${JSON.stringify(links)} (items ${JSON.stringify(items)})`);
            for (const { text, href } of links) {
                assert.match(href, /^\//, `${text}: ${href}`);
                await page.goto(server.baseUrl + href);
                await settle(page);
                const main = await page.locator("main").innerText();
                assert.doesNotMatch(main, REFUSAL, `${role.username} → ${text} (${href})`);
                pages.add(href);
            }
            const texts = links.map((l) => l.text);
            assert.equal(texts.includes("Deltagare"), ["admin", "case_worker"].includes(role.roles[0]), texts.join(", "));
            // Every role reads the courses (docs/trainings.md "Who may").
            assert.ok(texts.includes("Utbildningar"), texts.join(", "));
        });

        await step("every card and link of the start page leads to a page the role can use", async () => {
            await page.goto(server.baseUrl + "/");
            await settle(page);
            const links = await page.$$eval("main a[href]", (as) => as.map((a) => ({ text: a.textContent.trim(), href: a.getAttribute("href") })));
            assert.ok(links.length >= 3, JSON.stringify(links));
            for (const { text, href } of links) {
                if (!href.startsWith("/") || href.startsWith("/api/")) continue;
                await page.goto(server.baseUrl + href);
                await settle(page);
                // What the page says first: a record's page may say further down that the
                // role does not see one of its parts (an intervention's participants).
                const opening = await page.evaluate(() => {
                    const h1 = document.querySelector("main h1");
                    const next = [h1?.nextElementSibling, h1?.nextElementSibling?.nextElementSibling];
                    return next.map((e) => e?.textContent ?? "").join(" ");
                });
                assert.doesNotMatch(opening, REFUSAL, `${role.username} → start page "${text}" (${href})`);
                pages.add(href);
            }
        });

        await step("a menu link opens in a new tab with the page itself", async () => {
            const href = await page.$eval(".app-nav a[href='/insatser']", (a) => a.getAttribute("href"));
            const [tab] = await Promise.all([context.waitForEvent("page"), page.click(`.app-nav a[href='${href}']`, { modifiers: ["Control"] })]);
            await tab.waitForLoadState();
            assert.equal(new URL(tab.url()).pathname, "/insatser");
            await tab.waitForSelector("main h1");
            assert.equal(await tab.locator("main h1").innerText(), "Insatser");
            await tab.close();
        });

        await step("the first record of each list and the admin pages", async () => {
            for (const list of [...pages]) {
                if (!["/deltagare", "/insatser", "/arbetsgivare"].includes(list)) continue;
                await page.goto(server.baseUrl + list);
                await settle(page);
                const first = await page.$eval("main table tbody a[href]", (a) => a.getAttribute("href")).catch(() => null);
                if (first) pages.add(first);
                // A participant's enrolment: its SUS facts have the longest terms.
                if (first && list === "/deltagare") {
                    await page.goto(server.baseUrl + first);
                    await settle(page);
                    const enrolment = await page.$eval("main a[href*='/insatsdeltagande/']", (a) => a.getAttribute("href")).catch(() => null);
                    if (enrolment) pages.add(enrolment);
                }
            }
            assert.ok([...pages].some((p) => /^\/arbetsgivare\/\d+$/.test(p)), [...pages].join(", "));
            if (["admin", "case_worker"].includes(role.roles[0]))
                assert.ok([...pages].some((p) => p.includes("/insatsdeltagande/")), [...pages].join(", "));
            if (role.roles.includes("admin"))
                for (const p of [
                    "/administration",
                    "/administration/anvandare",
                    "/administration/anvandare/ny",
                    "/administration/organisationer",
                    "/administration/organisationer/ny",
                    "/administration/logg",
                    "/administration/anvandare/2",
                    "/deltagare/ny",
                    "/deltagare/importera",
                    "/insatser/ny",
                    "/arbetsgivare/ny",
                    "/arbetsgivare/importera",
                    "/arbetsgivare/veckolista",
                ])
                    pages.add(p);
        });

        for (const width of WIDTHS)
            await step(`no page is wider than the window at ${width} px`, async () => {
                await page.setViewportSize({ width, height: 900 });
                const wide = [];
                for (const p of pages) {
                    await page.goto(server.baseUrl + p);
                    await settle(page);
                    const m = await measure(page);
                    if (m.scrollWidth > m.clientWidth) wide.push(`${p}: ${m.scrollWidth} > ${m.clientWidth} (${m.widest.join(", ")})`);
                    if (m.logoutRight === null || m.logoutRight > m.clientWidth) wide.push(`${p}: "Logga ut" ends at ${m.logoutRight}`);
                }
                assert.deepEqual(wide, [], `${role.username} at ${width} px`);
            });

        await step("logging out says so", async () => {
            await page.setViewportSize({ width: 1366, height: 900 });
            await page.getByRole("button", { name: "Logga ut" }).click();
            await page.waitForURL((u) => u.pathname.startsWith("/logga-in"));
            await page.getByText("Du är utloggad.").waitFor();
        });

        assert.deepEqual(console_.unexpected(), []);
        await context.close();
    });
}

test("a field's error appearing does not move the button under the pointer", async (t) => {
    const { context, page } = await openPage(browser, { viewport: { width: 1366, height: 900 } });
    const step = stepper(t, page, "layout-goal");
    await step("logs in and opens a new intervention", async () => {
        await logIn(page, server.baseUrl, "admin", PASSWORD);
        await page.waitForURL((u) => !u.pathname.startsWith("/logga-in"));
        await page.goto(server.baseUrl + "/insatser/ny");
    });
    for (const width of WIDTHS)
        await step(`at ${width} px a click on "Lägg till mål" right after a bad value adds a goal`, async () => {
            await page.setViewportSize({ width, height: 900 });
            await page.goto(server.baseUrl + "/insatser/ny");
            const add = page.getByRole("button", { name: "Lägg till mål" });
            await add.click();
            await page.locator("#goal-0-target").fill("x");
            // Press where the button is, let the field's check run on the lost focus, release.
            await add.scrollIntoViewIfNeeded();
            const box = await add.boundingBox();
            await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
            await page.mouse.down();
            await page.getByText("Fyll i ett heltal.").first().waitFor();
            await page.mouse.up();
            assert.equal(await page.locator("[data-test^=goal-row-]").count(), 2);
        });
    await context.close();
});

test("an intervention's participants come a page of 50 at a time, filtered and sorted", async (t) => {
    const admin = apiClient(server.baseUrl);
    await admin.login("admin", PASSWORD);
    const ivs = (await admin.call("GET", "/interventions?limit=500")).data.items;
    let busiest = null;
    for (const iv of ivs.filter((i) => i.measurement === "participants")) {
        const n = (await admin.call("GET", `/enrolments?intervention_id=${iv.id}&limit=1`)).data.total;
        if (!busiest || n > busiest.n) busiest = { id: iv.id, n };
    }
    assert.ok(busiest.n > 50, `the busiest intervention has ${busiest.n} enrolments`);
    const ended = (await admin.call("GET", `/enrolments?intervention_id=${busiest.id}&status=ended&limit=1`)).data.total;

    const { context, page } = await openPage(browser, { viewport: { width: 1366, height: 900 } });
    const step = stepper(t, page, "layout-intervention");
    await step("logs in and opens the intervention", async () => {
        await logIn(page, server.baseUrl, "admin", PASSWORD);
        await page.waitForURL((u) => !u.pathname.startsWith("/logga-in"));
        await page.goto(`${server.baseUrl}/insatser/${busiest.id}`);
        await page.waitForSelector("[data-test=intervention-participants]");
    });
    await step("50 rows and the count of all", async () => {
        assert.equal(await page.locator("[data-test=intervention-participants] tbody tr").count(), 50);
        const sv = (n) => n.toLocaleString("sv-SE"); // the pager groups digits: "av 1 234"
        await page.getByText(`Visar 1–50 av ${sv(busiest.n)}`).waitFor();
        await page.getByRole("button", { name: "Nästa" }).click();
        await page.getByText(`Visar 51–${sv(Math.min(100, busiest.n))} av ${sv(busiest.n)}`).waitFor();
    });
    await step("filtered by status and sorted by end date", async () => {
        await page.locator("#enrolment-filter-status").selectOption("ended");
        await page.locator("#enrolment-sort").selectOption("end_date");
        await page.locator("[data-test=enrolment-filters]").getByRole("button", { name: "Visa" }).click();
        await page.getByText(`Visar 1–${Math.min(50, ended)} av ${ended.toLocaleString("sv-SE")}`).waitFor();
        const ends = await page.$$eval("[data-test=intervention-participants] tbody tr td:nth-child(4)", (tds) => tds.map((td) => td.textContent.trim()));
        assert.deepEqual(ends, [...ends].sort(), "ascending end dates");
    });
    await context.close();
});
