// joint_plan.test.mjs — the browser test of issue 15's joint plan across partners
// (docs/plans.md "Handovers", "Feedback after a step") against a real `samsyn serve`:
// a case worker at Vänersborgs kommun draws up a plan for her participant with a step
// at Arbetsförmedlingen and hands the whole plan over (note, deadline); the
// Arbetsförmedlingen case worker sees it marked in the menu and in her inbox
// ("Överlämningar"), takes it over, and books a SYV time for the person from the plan
// (she does not see the rest of her); the counsellor records the guidance with
// feedback; the feedback appears in the plan, marked new, for both partners; a
// partner writes feedback after a step; the handover report is on the reports page.
// All through the UI in Chromium; each page passes axe and is photographed at 1366
// and 390 px (no wider than the phone). Server, browser: harness.mjs.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
    apiClient, axeViolations, closeAll, isoDate, launchBrowser, logIn, makeUser, openPage, personnummer, startServer,
    stepper, watchConsole, widthShots,
} from "./harness.mjs";

const PASSWORD = "Korrekt-Häst-Batteri-42";
const KIM = { username: "kim", name: "Kim Kommun", roles: ["case_worker"] };
const ANNA = { username: "anna", name: "Anna Arbetsförmedlare", roles: ["case_worker"] };
const VERA = { username: "vera", name: "Vera Vägledare", roles: ["case_worker"] };
const PLACE = "Samlokaliseringen Vänersborg";
const DEADLINE = isoDate(new Date(Date.now() + 7 * 86400000));

let server;
let browser;
const ids = {};

function localDate(ms) {
    return new Date(ms).toLocaleDateString("sv-SE", { timeZone: "Europe/Stockholm" });
}
function mondayOf(date) {
    const d = new Date(`${date}T12:00:00Z`);
    d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
    return d.toISOString().slice(0, 10);
}
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

before(async () => {
    server = await startServer();
    const admin = apiClient(server.baseUrl);
    await admin.firstLogin("admin", server.oneTimePassword, PASSWORD);
    const kommun = await admin.call("POST", "/orgs", { name: "Vänersborgs kommun", kind: "kommun", municipality_code: "1487" });
    assert.equal(kommun.status, 201, JSON.stringify(kommun.data));
    const af = await admin.call("POST", "/orgs", { name: "Arbetsförmedlingen Trollhättan", kind: "af", municipality_code: "1488" });
    assert.equal(af.status, 201, JSON.stringify(af.data));
    ids.af = af.data.id;
    await makeUser(admin, server.baseUrl, KIM, kommun.data.id, PASSWORD);
    await makeUser(admin, server.baseUrl, ANNA, af.data.id, PASSWORD);
    await makeUser(admin, server.baseUrl, VERA, kommun.data.id, PASSWORD);
    for (const item of [
        { name: "Klargörande samtal", municipality_code: "1487", provider: "Vänersborgs kommun", stage: "clarify" },
        { name: "Rusta och matcha", municipality_code: null, provider: "Arbetsförmedlingen", stage: "equip" },
    ]) {
        const r = await admin.call("POST", "/toolbox", item);
        assert.equal(r.status, 201, JSON.stringify(r.data));
    }
    const kim = apiClient(server.baseUrl);
    await kim.login(KIM.username, PASSWORD);
    const p = await kim.call("POST", "/participants", {
        anonymous: false, personnummer: personnummer("1996-06-06", 42), first_name: "Sara", last_name: "Ström",
        municipality_code: "1487", target_groups: [],
    });
    assert.equal(p.status, 201, JSON.stringify(p.data));
    ids.sara = p.data.id;
    // The counsellor's time, begun two hours ago (so that she can record it today).
    const vera = apiClient(server.baseUrl);
    await vera.login(VERA.username, PASSWORD);
    const start = Date.now() - 2 * 3600 * 1000;
    const t = await vera.call("POST", "/guidance-times", { starts_at: iso(start), ends_at: iso(start + 3600 * 1000), place: PLACE });
    assert.equal(t.status, 201, JSON.stringify(t.data));
    ids.time = t.data.id;
    ids.week = mondayOf(localDate(start));
    browser = await launchBrowser();
});

after(() => closeAll(browser, server));

test("a joint plan handed over to Arbetsförmedlingen, SYV booked from the plan, the counsellor's feedback in the plan", { timeout: 300_000 }, async (t) => {
    const { context, page } = await openPage(browser, { bypassCSP: true });
    const console_ = watchConsole(page, [401, 404]);
    const shots = widthShots(page, "joint-plan-");
    const step = stepper(t, page, "joint-plan");
    const found = [];
    const axe = async (what) => found.push(...(await axeViolations(page, what)));
    const as = async (user) => {
        await context.clearCookies();
        await logIn(page, server.baseUrl, user.username, PASSWORD);
        await page.getByRole("heading", { level: 1, name: /Välkommen/ }).waitFor();
    };

    await step("the municipality's case worker draws up a plan with a step at Arbetsförmedlingen", async () => {
        await as(KIM);
        await page.goto(`${server.baseUrl}/deltagare/${ids.sara}`);
        await page.locator("[data-test=plan-new]").click();
        await page.locator("#plan-new-goal").fill("Jag vill jobba i butik.");
        await page.locator("#plan-new-stage").selectOption("clarify");
        await page.locator("[data-test=plan-new-save]").click();
        await page.locator("[data-test=plan-section] [data-plan]").waitFor();
        await page.locator("[data-test=plan-open]").click();
        await page.getByRole("heading", { level: 1, name: "Gemensam planering: Sara Ström" }).waitFor();
        ids.plan = Number(/\/planer\/(\d+)/.exec(page.url())[1]);
        await page.locator("[data-test=step-new]").click();
        await page.locator("#step-new-toolbox").selectOption({ label: "Rusta och matcha (Arbetsförmedlingen)" });
        await page.locator("#step-new-org").selectOption(String(ids.af));
        await page.locator("[data-test=step-save]").click();
        await page.locator("[data-test=plan-steps] th", { hasText: "Rusta och matcha" }).waitFor();
        assert.match(await page.locator("[data-test=plan-status]").innerText(), /Parter: Arbetsförmedlingen Trollhättan/);
    });

    await step("a request sent by mistake is withdrawn: on the plan page, and in the list of those sent", async () => {
        const send = async (note) => {
            await page.locator("[data-test=handover-new]").click();
            await page.locator("#handover-what").selectOption("plan");
            await page.locator("#handover-to").selectOption(String(ids.af));
            await page.locator("#handover-note").fill(note);
            await page.locator("[data-test=handover-send]").click();
            await page.getByText("Överlämningen är skickad.", { exact: false }).waitFor();
        };
        await send("Fel plan, förlåt.");
        await axe("plan page, a request to withdraw");
        await shots("handover-pending");
        await page.locator("[data-test=plan-handover-withdraw]").click();
        await page.getByText("Överlämningen är tillbakadragen.").waitFor();
        assert.match(await page.locator("[data-test=plan-handover-table]").innerText(), /Fel plan, förlåt\.[\s\S]*Tillbakadragen/);
        assert.equal(await page.locator("[data-test=plan-handover-withdraw]").count(), 0);
        await send("Också fel.");
        await page.goto(`${server.baseUrl}/overlamningar?riktning=ut`);
        const row = page.locator("[data-test=handovers-table] tr", { hasText: "Också fel." });
        await row.locator("[data-test=handover-withdraw]").waitFor();
        await axe("sent handovers, one to withdraw");
        await shots("handovers-sent");
        await row.locator("[data-test=handover-withdraw]").click();
        await page.getByText("Ni har dragit tillbaka överlämningen för Sara Ström till Arbetsförmedlingen Trollhättan.").waitFor();
        await page.locator("[data-test=handovers-empty]").waitFor();
        await page.goto(`${server.baseUrl}/planer/${ids.plan}`);
        await page.getByRole("heading", { level: 1, name: "Gemensam planering: Sara Ström" }).waitFor();
    });

    await step("she hands the whole plan over to Arbetsförmedlingen with a note and a deadline", async () => {
        await page.locator("[data-test=handover-new]").click();
        await page.locator("[data-test=handover-send]").click();
        await page.getByText("Välj organisationen som ska ta över.").first().waitFor();
        await page.locator("#handover-what").selectOption("plan");
        await page.locator("#handover-to").selectOption(String(ids.af));
        await page.locator("#handover-note").fill("Sara är inskriven hos er från måndag. Ni tar över planeringen.");
        await page.locator("#handover-deadline").fill(DEADLINE);
        await axe("plan page, handover form");
        await shots("handover-form");
        await page.locator("[data-test=handover-send]").click();
        await page.getByText("Överlämningen är skickad.", { exact: false }).waitFor();
        const table = await page.locator("[data-test=plan-handover-table]").innerText();
        assert.match(table, /Hela planen[\s\S]*Vänersborgs kommun[\s\S]*Arbetsförmedlingen Trollhättan[\s\S]*inskriven hos er[\s\S]*Väntar på svar/);
        assert.match(table, new RegExp(DEADLINE));
    });

    await step("Arbetsförmedlingen's case worker sees it in the menu and her inbox, and takes it over", async () => {
        await as(ANNA);
        const menu = page.getByRole("navigation", { name: "Huvudmeny" });
        await menu.getByRole("menuitem", { name: /Överlämningar \(1\)/ }).click();
        await page.getByRole("heading", { level: 1, name: "Överlämningar" }).waitFor();
        const row = page.locator("[data-test=handovers-table] tr", { hasText: "Sara Ström" });
        await row.waitFor();
        assert.match(await row.innerText(), /Hela planen[\s\S]*Vänersborgs kommun[\s\S]*inskriven hos er/);
        await axe("handover inbox");
        await shots("inbox");
        await row.locator("[data-test=handover-accept]").click();
        await page.getByText("Ni har tagit över planen för Sara Ström.").waitFor();
        await page.locator("[data-test=handovers-empty]").waitFor();
        // The menu's count follows the decision at once, on the same page.
        await menu.getByRole("menuitem", { name: "Överlämningar", exact: true }).waitFor({ timeout: 5000 });
        await page.locator("#handovers-status").selectOption("accepted");
        await page.locator("[data-test=handovers-filter]").click();
        await page.waitForURL(/status=accepted/);
        await page.locator("[data-test=handovers-table]").getByText("Godtagen").waitFor();
        await page.getByRole("link", { name: "Sara Ström" }).click();
        await page.getByRole("heading", { level: 1, name: "Gemensam planering: Sara Ström" }).waitFor();
        assert.match(await page.locator("[data-test=plan-status]").innerText(), /Ansvarig: Arbetsförmedlingen Trollhättan/);
        assert.match(await page.locator("[data-test=plan-handover-table]").innerText(), /Godtagen/);
        // She leads the plan but does not see the rest of Sara: no link to a page that would say "finns inte".
        assert.equal(await page.locator("[data-test=plan-participant-link]").count(), 0);
    });

    await step("she books a SYV time for Sara from the plan", async () => {
        await page.locator("[data-test=plan-book-syv]").click();
        await page.getByRole("heading", { level: 1, name: "SYV-tider" }).waitFor();
        await page.locator("[data-test=guidance-plan]").getByText("Sara Ström").waitFor();
        // The time began two hours ago: its week (the same one but around midnight on a Monday).
        await page.goto(`${server.baseUrl}/syv-tider?vecka=${ids.week}&plan=${ids.plan}`);
        await page.locator(`[data-test=guidance-slot-${ids.time}]`).click();
        await page.locator("[data-test=guidance-book-plan]").waitFor();
        await axe("booking SYV from the plan");
        await shots("syv-book");
        await page.locator("[data-test=guidance-book-plan]").click();
        await page.getByText("Tiden är bokad för Sara Ström.").waitFor();
        assert.match(await page.locator(`[data-test=guidance-slot-${ids.time}]`).innerText(), /Bokad: Sara Ström/);
    });

    await step("the counsellor records the guidance with her feedback", async () => {
        await as(VERA);
        await page.goto(`${server.baseUrl}/syv-tider?vecka=${ids.week}`);
        await page.locator(`[data-test=guidance-slot-${ids.time}]`).click();
        await page.locator("[data-test=guidance-detail]").waitFor();
        await page.getByText("Genomförd", { exact: true }).click();
        await page.locator("#guidance-feedback").fill("Sara vill läsa butiksutbildning på Komvux. Nästa steg: studiebesök.");
        await page.locator("[data-test=guidance-record]").click();
        await page.getByText("Vägledningen är registrerad.").waitFor();
    });

    await step("the feedback appears in the plan, marked new; a partner writes feedback after a step", async () => {
        await as(ANNA);
        await page.getByRole("navigation", { name: "Huvudmeny" }).getByRole("menuitem", { name: /Överlämningar \(1\)/ }).waitFor();
        await page.goto(`${server.baseUrl}/overlamningar`);
        await page.locator("[data-test=unread-feedback]").getByRole("link", { name: "Sara Ström" }).click();
        await page.getByRole("heading", { level: 1, name: "Gemensam planering: Sara Ström" }).waitFor();
        const entry = page.locator("[data-test=feedback-guidance]");
        await entry.waitFor();
        assert.match(await entry.innerText(), /Återkoppling från SYV[\s\S]*Ny[\s\S]*Vera Vägledare \(Vänersborgs kommun\)[\s\S]*butiksutbildning på Komvux/);
        // She writes feedback after her step.
        await page.locator("[data-test=feedback-new]").click();
        await page.locator("[data-test=feedback-save]").click();
        await page.getByText("Skriv återkopplingen.").first().waitFor();
        await page.locator("#feedback-step").selectOption({ label: "Rusta och matcha" });
        await page.locator("#feedback-text").fill("Sara börjar Rusta och matcha efter studiebesöket.");
        await axe("plan page, feedback form");
        await page.locator("[data-test=feedback-save]").click();
        await page.getByText("Återkopplingen är sparad.", { exact: false }).waitFor();
        assert.match(await page.locator("[data-test=feedback-entry]").first().innerText(), /efter steget Rusta och matcha[\s\S]*Anna Arbetsförmedlare/);
        assert.match(await page.locator("[data-test=plan-versions]").innerText(), /Återkoppling efter SYV-vägledning[\s\S]*Överlämningen godtogs/);
        await axe("plan page with handovers and feedback");
        await shots("plan");
        // The municipality sees the same, both entries new to it.
        await as(KIM);
        await page.goto(`${server.baseUrl}/planer/${ids.plan}`);
        await page.locator("[data-test=feedback-guidance]").getByText("butiksutbildning på Komvux", { exact: false }).waitFor();
        assert.equal(await page.locator("[data-test=feedback-unread]").count(), 2);
    });

    await step("the handover report is on the reports page", async () => {
        await page.goto(`${server.baseUrl}/rapporter?rapport=handovers`);
        await page.getByRole("heading", { level: 1, name: "Rapporter" }).waitFor();
        await page.locator("[data-test=report-table], table").first().waitFor();
        assert.match(await page.locator("main").innerText(), /Överlämningar per mottagande part/);
        await axe("handover report");
        await shots("report-handovers");
    });

    assert.deepEqual(found, [], found.join("\n"));
    assert.deepEqual(console_.unexpected(), []);
});
