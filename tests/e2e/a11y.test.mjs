// a11y.test.mjs — every page of the web UI, with data in it, checked with
// axe-core against the automatic rules of WCAG 2.1 A and AA (labels, names,
// contrast, landmarks, headings, ARIA, tables, language): the product must be
// accessible (DESIGN.md), and a page that breaks a rule fails here with the
// rule and the element. Some states a page only shows after an action are
// checked too: the login failure, the forced password change, a form's
// validation errors, a report, an open sub-form. Automatic rules catch about
// a third of WCAG; keyboard use is covered by the other browser tests, which
// drive the UI through labels and roles.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
    TIMEOUT, apiClient, axeViolations, isoDate, launchBrowser, logIn, makeUser, personnummer, startServer, stepper, watchConsole,
} from "./harness.mjs";

const PASSWORD = "Korrekt-Häst-Batteri-42";
let server, browser, ids;

before(async () => {
    server = await startServer({ gen: ["--participants", "40", "--seed", "5"] });
    const admin = apiClient(server.baseUrl);
    await admin.firstLogin("admin", server.oneTimePassword, PASSWORD);
    // One of each record whose page is checked.
    const one = async (p) => {
        const r = await admin.call("GET", `${p}?limit=1`);
        assert.equal(r.status, 200, `${p}: ${JSON.stringify(r.data)}`);
        assert.ok(r.data.items.length > 0, `${p} is empty`);
        return r.data.items[0];
    };
    const participant = await one("/participants");
    const intervention = await one("/interventions");
    const enrolments = await admin.call("GET", `/enrolments?participant_id=${participant.id}&limit=1`);
    const employer = await admin.call("POST", "/employers", {
        orgnr: "5566778899", name: "Tillgängliga Verkstaden AB", sni_code: "25620", size_class: "20-49", municipality_code: "1488",
    });
    assert.equal(employer.status, 201, JSON.stringify(employer.data));
    const contact = await admin.call("POST", `/employers/${employer.data.id}/contacts`, {
        date: isoDate(new Date()), channel: "phone", purpose: "recruitment", stage: 1, note: "Första samtalet",
    });
    assert.equal(contact.status, 201, JSON.stringify(contact.data));
    // A job track with one candidate, for its page (the board) and the funnel.
    const track = await admin.call("POST", "/job-tracks", {
        name: "Tillgängligt jobbspår", employer_ids: [employer.data.id], ssyk_code: "5321", places: 5, steps: ["APL 4 veckor"],
    });
    assert.equal(track.status, 201, JSON.stringify(track.data));
    const candidate = await admin.call("POST", `/job-tracks/${track.data.id}/candidates`, { participant_id: participant.id });
    assert.equal(candidate.status, 201, JSON.stringify(candidate.data));
    // An open place at the employer, for the opportunity pages (docs/matching.md).
    const opportunity = await admin.call("POST", "/opportunities", {
        employer_id: employer.data.id, kind: "praktik", ssyk_code: "5120", municipality_code: "1488", places: 1,
    });
    assert.equal(opportunity.status, 201, JSON.stringify(opportunity.data));
    // A toolbox item and a paused joint plan with a step, for the plan pages (docs/plans.md).
    const item = await admin.call("POST", "/toolbox", { name: "Tillgänglig vägledning", municipality_code: "1488", provider: "Kommunen", stage: "guide" });
    assert.equal(item.status, 201, JSON.stringify(item.data));
    const plan = await admin.call("POST", `/participants/${participant.id}/plans`, { goal: "Arbeta i butik", stage: "guide" });
    assert.equal(plan.status, 201, JSON.stringify(plan.data));
    const planStep = await admin.call("POST", `/plans/${plan.data.id}/steps`, { toolbox_id: item.data.id, responsible_name: "Lena" });
    assert.equal(planStep.status, 201, JSON.stringify(planStep.data));
    const paused = await admin.call("PATCH", `/plans/${plan.data.id}`, {
        status: "paused", pause_reason: "Sjukskriven", resume_conditions: "Friskskriven", review_date: isoDate(new Date()),
    });
    assert.equal(paused.status, 200, JSON.stringify(paused.data));
    // A new user, who must choose her own password at her first login.
    const tove = await admin.call("POST", "/users", {
        username: "tove", name: "Tove Ny", org_id: 1, roles: ["case_worker"], password: "Engangs-Losen-123",
    });
    assert.equal(tove.status, 201, JSON.stringify(tove.data));
    // A SYV time two days ahead, booked for the participant: the calendar's week with it.
    let guidanceWeek;
    {
        const start = Date.now() + 2 * 86400 * 1000;
        const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
        const g = await admin.call("POST", "/guidance-times", {
            counsellor_user_id: tove.data.id, starts_at: iso(start), ends_at: iso(start + 3600 * 1000), place: "Samlokaliseringen",
        });
        assert.equal(g.status, 201, JSON.stringify(g.data));
        const b = await admin.call("POST", `/guidance-times/${g.data.id}/booking`, { participant_id: participant.id });
        assert.equal(b.status, 201, JSON.stringify(b.data));
        const d = new Date(new Date(start).toLocaleDateString("sv-SE", { timeZone: "Europe/Stockholm" }) + "T12:00:00Z");
        d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
        guidanceWeek = d.toISOString().slice(0, 10);
    }
    // The kansli's start page has the goal and funding charts.
    await makeUser(admin, server.baseUrl, { username: "kajsa", name: "Kajsa Kansli", roles: ["kansli"] }, 1, PASSWORD);
    // A municipality's KAA staff member and one young person of its register (docs/kaa.md).
    const kommun = await admin.call("POST", "/orgs", { name: "Tillgängliga kommunen", kind: "kommun", municipality_code: "1488" });
    assert.equal(kommun.status, 201, JSON.stringify(kommun.data));
    await makeUser(admin, server.baseUrl, { username: "kim", name: "Kim KAA", roles: ["case_worker"] }, kommun.data.id, PASSWORD);
    const kim = (await admin.call("GET", "/users?limit=500")).data.items.find((u) => u.username === "kim");
    assert.equal((await admin.call("PATCH", `/users/${kim.id}`, { kaa_staff: true })).status, 200);
    const kaa = apiClient(server.baseUrl);
    await kaa.login("kim", PASSWORD);
    const youth = await kaa.call("POST", "/kaa/youths", {
        personnummer: personnummer(`${new Date().getFullYear() - 17}-04-12`, 238), first_name: "Tilda", last_name: "Tillgänglig",
        school_status: "other", source: "school_list", identified_date: isoDate(new Date()),
    });
    assert.equal(youth.status, 201, JSON.stringify(youth.data));
    assert.equal((await kaa.call("POST", `/kaa/youths/${youth.data.id}/contacts`, { date: isoDate(new Date()), channel: "phone", result: "reached" })).status, 201);
    assert.equal((await kaa.call("POST", `/kaa/youths/${youth.data.id}/measures`, { kind: "guidance", offered_date: isoDate(new Date()) })).status, 201);
    ids = {
        participant: participant.id,
        intervention: intervention.id,
        enrolment: enrolments.data?.items?.[0]?.id,
        employer: employer.data.id,
        track: track.data.id,
        opportunity: opportunity.data.id,
        plan: plan.data.id,
        kaaYouth: youth.data.id,
        guidanceWeek,
    };
    browser = await launchBrowser();
});

after(async () => {
    await browser?.close();
    await server?.stop();
});

test("every page meets the automatic WCAG 2.1 AA rules", { timeout: 240_000 }, async (t) => {
    // axe is injected as a script: the product's CSP rightly forbids that, so
    // this context alone bypasses it.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true, locale: "sv-SE", timezoneId: "Europe/Stockholm" });
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    const console_ = watchConsole(page, [401, 422]);
    const step = stepper(t, page, "a11y");
    const found = [];
    const check = async (what) => found.push(...(await axeViolations(page, what)));
    const visit = async (url, heading) => {
        await page.goto(server.baseUrl + url);
        await page.getByRole("heading", { level: 1, name: heading }).waitFor();
        await check(url);
    };

    await step("the login page, its failure and the forced password change", async () => {
        await page.goto(server.baseUrl + "/logga-in");
        await page.getByLabel("Användarnamn").waitFor();
        await check("/logga-in");
        await page.getByLabel("Användarnamn").fill("admin");
        await page.getByLabel("Lösenord", { exact: true }).fill("fel-lösenord-helt-klart");
        await page.getByRole("button", { name: "Logga in" }).click();
        await page.getByText(/Fel användarnamn eller lösenord|stämmer inte/i).first().waitFor();
        await page.getByRole("button", { name: "Logga in" }).and(page.locator(":enabled")).waitFor();
        await check("/logga-in (failed)");
        await page.getByLabel("Användarnamn").fill("tove");
        await page.getByLabel("Lösenord", { exact: true }).fill("Engangs-Losen-123");
        await page.getByRole("button", { name: "Logga in" }).click();
        await page.waitForURL(/\/byt-losenord/);
        await page.getByLabel("Nuvarande lösenord").waitFor();
        await check("/byt-losenord");
        await context.clearCookies();
        await logIn(page, server.baseUrl, "admin", PASSWORD);
        await page.waitForURL((u) => !u.pathname.includes("logga-in"));
    });

    const pages = [
        ["/", /Välkommen/],
        ["/deltagare", "Deltagare"],
        ["/deltagare/ny", /Ny deltagare|Registrera deltagare/],
        ["/deltagare/importera", "Importera deltagare"],
        [`/deltagare/${ids.participant}`, /./],
        [`/deltagare/${ids.participant}/andra`, /./],
        [`/deltagare/${ids.participant}/skriv-in`, /./],
        [`/deltagare/${ids.participant}/arbetsprofil`, "Arbetsprofil"],
        ["/insatser", "Insatser"],
        ["/insatser/ny", /Ny insats/],
        [`/insatser/${ids.intervention}`, /./],
        [`/insatser/${ids.intervention}/andra`, /./],
        ["/rapporter", "Rapporter"],
        ["/arbetsgivare", "Arbetsgivare"],
        ["/arbetsgivare/ny", /Ny arbetsgivare|Registrera arbetsgivare/],
        ["/arbetsgivare/importera", "Importera arbetsgivare"],
        ["/arbetsgivare/veckolista", /Veckolista/],
        [`/arbetsgivare/${ids.employer}`, "Tillgängliga Verkstaden AB"],
        [`/arbetsgivare/${ids.employer}/andra`, /./],
        ["/jobbspar", "Jobbspår"],
        ["/jobbspar/ny", "Nytt jobbspår"],
        [`/jobbspar/${ids.track}`, "Tillgängligt jobbspår"],
        [`/jobbspar/${ids.track}/andra`, /Ändra/],
        ["/verktygslada", "Verktygslåda"],
        ["/verktygslada?kommun=1488", "Verktygslåda"],
        ["/planer/ateraktualisera", "Att återaktualisera"],
        ["/overlamningar", "Överlämningar"],
        ["/overlamningar?status=all&riktning=ut", "Överlämningar"],
        [`/planer/${ids.plan}`, /Gemensam planering/],
        ["/syv-tider", "SYV-tider"],
        [`/syv-tider?vecka=${ids.guidanceWeek}`, "SYV-tider"],
        ["/platser", "Platser"],
        ["/platser/ny", "Ny plats"],
        [`/platser/${ids.opportunity}`, /./],
        ["/administration", /Administration/],
        ["/administration/organisationer", "Organisationer"],
        ["/administration/organisationer/ny", /Ny organisation/],
        ["/administration/anvandare", "Användare"],
        ["/administration/anvandare/ny", /Ny användare/],
        ["/administration/anvandare/1", /./],
        ["/administration/logg", "Logg"],
        ["/api-docs", /API/],
        ["/mitt-konto", "Mitt konto"],
        ["/finns-inte", /./],
    ];
    if (ids.enrolment) pages.push([`/deltagare/${ids.participant}/insatsdeltagande/${ids.enrolment}`, /./]);
    for (const [url, heading] of pages) await step(`page ${url}`, () => visit(url, heading));

    await step("a form's validation errors", async () => {
        await page.goto(server.baseUrl + "/deltagare/ny");
        await page.getByRole("button", { name: "Registrera deltagare" }).click();
        await page.locator(".text-field__error-message, .error-list, [role='alert']").first().waitFor();
        await check("/deltagare/ny (errors)");
    });

    await step("the confirmation before a password reset", async () => {
        await page.goto(server.baseUrl + "/administration/anvandare/1");
        await page.getByRole("button", { name: "Sätt nytt engångslösenord" }).click();
        await page.getByRole("dialog").getByText("Sätta ett nytt engångslösenord?").waitFor();
        await check("/administration/anvandare/1 (confirmation)");
        await page.getByRole("dialog").getByRole("button", { name: "Avbryt" }).click();
    });

    await step("a report with its tables", async () => {
        await page.goto(server.baseUrl + "/rapporter");
        await page.getByRole("button", { name: "Visa rapport" }).click();
        await page.locator("table").first().waitFor();
        await check("/rapporter (report)");
    });

    await step("the report page's charts: occupation before and after, work or studies", async () => {
        for (const report of ["occupation", "work-or-studies"]) {
            await page.goto(server.baseUrl + `/rapporter?rapport=${report}`);
            await page.getByRole("button", { name: "Visa rapport" }).click();
            await page.locator("table").first().waitFor();
            await check(`/rapporter?rapport=${report} (chart and table)`);
        }
    });

    await step("a job track's board, its candidate panel, the funnel and the placements report", async () => {
        await page.goto(server.baseUrl + `/jobbspar/${ids.track}`);
        await page.locator("[data-test=candidate-board] .jt-card").first().waitFor();
        await page.locator("[data-test=funnel-table]").waitFor();
        await page.locator("[data-test=candidate-board] .jt-card").first().getByRole("button").click();
        await page.locator("[data-test=candidate-history]").waitFor();
        await check(`/jobbspar/${ids.track} (board, candidate panel)`);
        await page.goto(server.baseUrl + "/rapporter?rapport=job-tracks");
        await page.locator("[data-test=funnel-report] [data-test=funnel-table]").waitFor();
        await check("/rapporter?rapport=job-tracks (funnel)");
        await page.goto(server.baseUrl + "/rapporter?rapport=placements-occupation");
        await page.locator("[data-test=report-table]").waitFor();
        await check("/rapporter?rapport=placements-occupation");
    });

    await step("the employer page with the contact form open", async () => {
        await page.goto(server.baseUrl + `/arbetsgivare/${ids.employer}`);
        await page.getByRole("button", { name: "Logga kontakt" }).click();
        await page.getByRole("button", { name: /Spara kontakt|Logga kontakten|Spara/ }).first().waitFor();
        await check(`/arbetsgivare/${ids.employer} (contact form)`);
    });

    await step("kansli's start page with its charts and tables", async () => {
        await context.clearCookies();
        await logIn(page, server.baseUrl, "kajsa", PASSWORD);
        await page.getByRole("heading", { level: 2, name: /Finansiering \d{4} mot riktvärdet/ }).waitFor();
        await check("/ (kansli)");
    });

    await step("the KAA register's pages, as its municipality's staff", async () => {
        await context.clearCookies();
        await logIn(page, server.baseUrl, "kim", PASSWORD);
        await page.getByRole("heading", { level: 1, name: /Välkommen/ }).waitFor();
        for (const [url, heading] of [
            ["/aktivitetsansvar", "Aktivitetsansvar"],
            ["/aktivitetsansvar/ny", "Registrera ung"],
            ["/aktivitetsansvar/importera", "Importera unga"],
            [`/aktivitetsansvar/${ids.kaaYouth}`, "Tilda Tillgänglig"],
            ["/aktivitetsansvar/rapport", "Rapport och fil till SCB"],
        ]) await visit(url, heading);
        await page.getByRole("button", { name: "Visa rapporten" }).click();
        await page.locator("[data-test=report-table]").waitFor();
        await check("/aktivitetsansvar/rapport (report)");
    });

    await step("no violations", () => {
        assert.deepEqual(found, [], `accessibility violations:\n${found.join("\n")}`);
    });

    await step("no unexpected console errors", () => {
        assert.deepEqual(console_.unexpected(), []);
    });
    await context.close();
});
