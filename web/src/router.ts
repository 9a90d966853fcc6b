// router.ts — the UI's routes (history mode) and the guard that sends visitors to
// the login page, the forced password change, or away from admin-only pages.
import { createRouter, createWebHistory, type RouteRecordRaw } from "vue-router";
import { setAuthHandlers } from "./api";
import { installFlash } from "./flash";
import { clearSession, ensureSession, hasRole, session } from "./session";

declare module "vue-router" {
    interface RouteMeta {
        /** Reachable without login. */
        public?: boolean;
        /** Only for role admin. */
        admin?: boolean;
        /** Browser tab title (Swedish). */
        title?: string;
        /** Which item of the main navigation is current. */
        section?: string;
        /** A page for people without an account (registration, survey, …): no menu, no login. */
        publicPage?: boolean;
    }
}

const routes: RouteRecordRaw[] = [
    {
        path: "/logga-in",
        name: "login",
        component: () => import("./pages/LoginPage.vue"),
        meta: { public: true, title: "Logga in" },
    },
    {
        path: "/byt-losenord",
        name: "password",
        component: () => import("./pages/PasswordPage.vue"),
        meta: { title: "Byt lösenord" },
    },
    {
        path: "/mitt-konto",
        name: "account",
        component: () => import("./pages/AccountPage.vue"),
        meta: { title: "Mitt konto" },
    },
    {
        path: "/api-docs",
        name: "api-docs",
        component: () => import("./pages/ApiDocsPage.vue"),
        meta: { public: true, title: "API-dokumentation" },
    },
    {
        path: "/",
        name: "start",
        component: () => import("./pages/StartPage.vue"),
        meta: { title: "Start", section: "/" },
    },
    {
        path: "/deltagare",
        name: "participants",
        component: () => import("./pages/participants/ParticipantsPage.vue"),
        meta: { title: "Deltagare", section: "/deltagare" },
    },
    {
        path: "/deltagare/ny",
        name: "participant-new",
        component: () => import("./pages/participants/ParticipantFormPage.vue"),
        meta: { title: "Ny deltagare", section: "/deltagare" },
    },
    {
        path: "/deltagare/importera",
        name: "participant-import",
        component: () => import("./pages/participants/ParticipantImportPage.vue"),
        meta: { title: "Importera deltagare", section: "/deltagare" },
    },
    {
        path: "/deltagare/:id(\\d+)",
        name: "participant",
        component: () => import("./pages/participants/ParticipantPage.vue"),
        props: true,
        meta: { title: "Deltagare", section: "/deltagare" },
    },
    {
        path: "/deltagare/:id(\\d+)/andra",
        name: "participant-edit",
        component: () => import("./pages/participants/ParticipantFormPage.vue"),
        props: true,
        meta: { title: "Ändra deltagare", section: "/deltagare" },
    },
    {
        path: "/deltagare/:id(\\d+)/arbetsprofil",
        name: "work-profile",
        component: () => import("./pages/participants/WorkProfilePage.vue"),
        props: true,
        meta: { title: "Arbetsprofil", section: "/deltagare" },
    },
    {
        path: "/deltagare/:id(\\d+)/skriv-in",
        name: "enrol",
        component: () => import("./pages/participants/EnrolPage.vue"),
        props: true,
        meta: { title: "Skriv in i insats", section: "/deltagare" },
    },
    {
        path: "/deltagare/:id(\\d+)/insatsdeltagande/:eid(\\d+)",
        name: "enrolment",
        component: () => import("./pages/participants/EnrolmentPage.vue"),
        props: true,
        meta: { title: "Insatsdeltagande", section: "/deltagare" },
    },
    {
        path: "/insatser",
        name: "interventions",
        component: () => import("./pages/interventions/InterventionsPage.vue"),
        meta: { title: "Insatser", section: "/insatser" },
    },
    {
        path: "/insatser/ny",
        name: "intervention-new",
        component: () => import("./pages/interventions/InterventionFormPage.vue"),
        meta: { title: "Ny insats", section: "/insatser" },
    },
    {
        path: "/insatser/:id(\\d+)",
        name: "intervention",
        component: () => import("./pages/interventions/InterventionPage.vue"),
        props: true,
        meta: { title: "Insats", section: "/insatser" },
    },
    {
        path: "/insatser/:id(\\d+)/andra",
        name: "intervention-edit",
        component: () => import("./pages/interventions/InterventionFormPage.vue"),
        props: true,
        meta: { title: "Ändra insats", section: "/insatser" },
    },
    {
        path: "/verktygslada",
        name: "toolbox",
        component: () => import("./pages/plans/ToolboxPage.vue"),
        meta: { title: "Verktygslåda", section: "/verktygslada" },
    },
    {
        path: "/planer/ateraktualisera",
        name: "plans-reactualise",
        component: () => import("./pages/plans/ReactualisePage.vue"),
        meta: { title: "Att återaktualisera", section: "/overlamningar" },
    },
    {
        path: "/overlamningar",
        name: "handovers",
        component: () => import("./pages/plans/HandoversPage.vue"),
        meta: { title: "Överlämningar", section: "/overlamningar" },
    },
    {
        path: "/planer/:id(\\d+)",
        name: "plan",
        component: () => import("./pages/plans/PlanPage.vue"),
        props: true,
        meta: { title: "Gemensam planering", section: "/deltagare" },
    },
    {
        path: "/jobbspar",
        name: "job-tracks",
        component: () => import("./pages/jobtracks/JobTracksPage.vue"),
        meta: { title: "Jobbspår", section: "/jobbspar" },
    },
    {
        path: "/jobbspar/ny",
        name: "job-track-new",
        component: () => import("./pages/jobtracks/JobTrackFormPage.vue"),
        meta: { title: "Nytt jobbspår", section: "/jobbspar" },
    },
    {
        path: "/jobbspar/:id(\\d+)",
        name: "job-track",
        component: () => import("./pages/jobtracks/JobTrackPage.vue"),
        props: true,
        meta: { title: "Jobbspår", section: "/jobbspar" },
    },
    {
        path: "/jobbspar/:id(\\d+)/andra",
        name: "job-track-edit",
        component: () => import("./pages/jobtracks/JobTrackFormPage.vue"),
        props: true,
        meta: { title: "Ändra jobbspår", section: "/jobbspar" },
    },
    {
        path: "/aktivitetsansvar",
        name: "kaa",
        component: () => import("./pages/kaa/KaaYouthsPage.vue"),
        meta: { title: "Aktivitetsansvar", section: "/aktivitetsansvar" },
    },
    {
        path: "/aktivitetsansvar/ny",
        name: "kaa-new",
        component: () => import("./pages/kaa/KaaYouthFormPage.vue"),
        meta: { title: "Registrera ung", section: "/aktivitetsansvar" },
    },
    {
        path: "/aktivitetsansvar/importera",
        name: "kaa-import",
        component: () => import("./pages/kaa/KaaImportPage.vue"),
        meta: { title: "Importera unga", section: "/aktivitetsansvar" },
    },
    {
        path: "/aktivitetsansvar/rapport",
        name: "kaa-report",
        component: () => import("./pages/kaa/KaaReportPage.vue"),
        meta: { title: "Aktivitetsansvaret: rapport och fil till SCB", section: "/aktivitetsansvar" },
    },
    {
        path: "/aktivitetsansvar/:id(\\d+)",
        name: "kaa-youth",
        component: () => import("./pages/kaa/KaaYouthPage.vue"),
        props: true,
        meta: { title: "Ung i aktivitetsansvaret", section: "/aktivitetsansvar" },
    },
    {
        path: "/syv-tider",
        name: "guidance",
        component: () => import("./pages/guidance/GuidancePage.vue"),
        meta: { title: "SYV-tider", section: "/syv-tider" },
    },
    {
        path: "/rapporter",
        name: "reports",
        component: () => import("./pages/reports/ReportsPage.vue"),
        meta: { title: "Rapporter", section: "/rapporter" },
    },
    {
        path: "/arbetsgivare",
        name: "employers",
        component: () => import("./pages/employers/EmployersPage.vue"),
        meta: { title: "Arbetsgivare", section: "/arbetsgivare" },
    },
    {
        path: "/arbetsgivare/ny",
        name: "employer-new",
        component: () => import("./pages/employers/EmployerFormPage.vue"),
        meta: { title: "Ny arbetsgivare", section: "/arbetsgivare" },
    },
    {
        path: "/arbetsgivare/importera",
        name: "employer-import",
        component: () => import("./pages/employers/EmployerImportPage.vue"),
        meta: { title: "Importera arbetsgivare", section: "/arbetsgivare" },
    },
    {
        path: "/arbetsgivare/veckolista",
        name: "employer-week",
        component: () => import("./pages/employers/WeeklyListPage.vue"),
        meta: { title: "Veckolista", section: "/arbetsgivare" },
    },
    {
        path: "/arbetsgivare/:id(\\d+)",
        name: "employer",
        component: () => import("./pages/employers/EmployerPage.vue"),
        props: true,
        meta: { title: "Arbetsgivare", section: "/arbetsgivare" },
    },
    {
        path: "/arbetsgivare/:id(\\d+)/andra",
        name: "employer-edit",
        component: () => import("./pages/employers/EmployerFormPage.vue"),
        props: true,
        meta: { title: "Ändra arbetsgivare", section: "/arbetsgivare" },
    },
    {
        path: "/platser",
        name: "opportunities",
        component: () => import("./pages/matching/OpportunitiesPage.vue"),
        meta: { title: "Platser", section: "/platser" },
    },
    {
        path: "/platser/ny",
        name: "opportunity-new",
        component: () => import("./pages/matching/OpportunityFormPage.vue"),
        meta: { title: "Ny plats", section: "/platser" },
    },
    {
        path: "/platser/:id(\\d+)",
        name: "opportunity",
        component: () => import("./pages/matching/OpportunityPage.vue"),
        props: true,
        meta: { title: "Plats", section: "/platser" },
    },
    {
        path: "/utbildningar",
        name: "courses",
        component: () => import("./pages/trainings/CoursesPage.vue"),
        meta: { title: "Utbildningar", section: "/utbildningar" },
    },
    {
        path: "/utbildningar/ny",
        name: "course-new",
        component: () => import("./pages/trainings/CourseFormPage.vue"),
        meta: { title: "Ny utbildning", section: "/utbildningar" },
    },
    {
        path: "/utbildningar/:id(\\d+)",
        name: "course",
        component: () => import("./pages/trainings/CoursePage.vue"),
        props: true,
        meta: { title: "Utbildning", section: "/utbildningar" },
    },
    {
        path: "/utbildningar/:id(\\d+)/andra",
        name: "course-edit",
        component: () => import("./pages/trainings/CourseFormPage.vue"),
        props: true,
        meta: { title: "Ändra utbildning", section: "/utbildningar" },
    },
    {
        path: "/utbildningar/enkater",
        name: "surveys",
        component: () => import("./pages/trainings/SurveysPage.vue"),
        meta: { title: "Enkäter", section: "/utbildningar" },
    },
    {
        path: "/utbildningar/enkater/ny",
        name: "survey-new",
        component: () => import("./pages/trainings/SurveyFormPage.vue"),
        meta: { title: "Ny enkät", section: "/utbildningar" },
    },
    {
        path: "/utbildningar/enkater/:id(\\d+)",
        name: "survey-edit",
        component: () => import("./pages/trainings/SurveyFormPage.vue"),
        props: true,
        meta: { title: "Ändra enkät", section: "/utbildningar" },
    },
    {
        path: "/utbildningar/tillfallen/:id(\\d+)",
        name: "training-session",
        component: () => import("./pages/trainings/SessionPage.vue"),
        props: true,
        meta: { title: "Utbildningstillfälle", section: "/utbildningar" },
    },
    {
        path: "/administration",
        component: () => import("./pages/admin/AdminLayout.vue"),
        meta: { admin: true, section: "/administration" },
        children: [
            {
                path: "",
                name: "admin",
                component: () => import("./pages/admin/AdminStartPage.vue"),
                meta: { title: "Administration" },
            },
            {
                path: "organisationer",
                name: "orgs",
                component: () => import("./pages/admin/OrgsPage.vue"),
                meta: { title: "Organisationer" },
            },
            {
                path: "organisationer/ny",
                name: "org-new",
                component: () => import("./pages/admin/OrgFormPage.vue"),
                meta: { title: "Ny organisation" },
            },
            {
                path: "organisationer/:id(\\d+)",
                name: "org-edit",
                component: () => import("./pages/admin/OrgFormPage.vue"),
                props: true,
                meta: { title: "Ändra organisation" },
            },
            {
                path: "anvandare",
                name: "users",
                component: () => import("./pages/admin/UsersPage.vue"),
                meta: { title: "Användare" },
            },
            {
                path: "anvandare/ny",
                name: "user-new",
                component: () => import("./pages/admin/UserNewPage.vue"),
                meta: { title: "Ny användare" },
            },
            {
                path: "anvandare/:id(\\d+)",
                name: "user-edit",
                component: () => import("./pages/admin/UserEditPage.vue"),
                props: true,
                meta: { title: "Ändra användare" },
            },
            {
                path: "logg",
                name: "audit",
                component: () => import("./pages/admin/AuditPage.vue"),
                meta: { title: "Logg" },
            },
            {
                path: "e-post",
                name: "mail-outbox",
                component: () => import("./pages/admin/MailOutboxPage.vue"),
                meta: { title: "E-post" },
            },
            {
                path: "installningar",
                name: "settings",
                component: () => import("./pages/admin/SettingsPage.vue"),
                meta: { title: "Inställningar" },
            },
        ],
    },
    // The public pages of the employer trainings: no login, no menu (mails link here).
    {
        path: "/utbildning/anmalan/:token",
        name: "public-registration",
        component: () => import("./pages/trainings/public/RegistrationPage.vue"),
        props: true,
        meta: { public: true, publicPage: true, title: "Anmälan till utbildning" },
    },
    {
        path: "/utbildning/avboka/:token",
        name: "public-cancel",
        component: () => import("./pages/trainings/public/CancelPage.vue"),
        props: true,
        meta: { public: true, publicPage: true, title: "Avboka utbildning" },
    },
    {
        path: "/utbildning/enkat/:token",
        name: "public-survey",
        component: () => import("./pages/trainings/public/SurveyAnswerPage.vue"),
        props: true,
        meta: { public: true, publicPage: true, title: "Enkät om utbildningen" },
    },
    {
        path: "/utbildning/diplom/:code?",
        name: "public-diploma",
        component: () => import("./pages/trainings/public/DiplomaCheckPage.vue"),
        props: true,
        meta: { public: true, publicPage: true, title: "Kontrollera diplom" },
    },
    {
        path: "/utbildning/integritet",
        name: "public-privacy",
        component: () => import("./pages/trainings/public/PrivacyPage.vue"),
        meta: { public: true, publicPage: true, title: "Så hanterar vi dina uppgifter" },
    },
    {
        path: "/:pathMatch(.*)*",
        name: "not-found",
        component: () => import("./pages/NotFoundPage.vue"),
        meta: { public: true, title: "Sidan finns inte" },
    },
];

export const router = createRouter({
    history: createWebHistory(),
    routes,
    scrollBehavior: () => ({ top: 0 }),
});

router.beforeEach(async (to) => {
    if (to.meta.public) {
        // Learn quietly whether someone is logged in, for the header; never block.
        await ensureSession().catch(() => undefined);
        return true;
    }
    try {
        await ensureSession();
    } catch {
        // The server could not be reached; the login page says so when used.
        return { name: "login", query: { next: to.fullPath } };
    }
    if (!session.user) {
        return { name: "login", query: to.fullPath !== "/" ? { next: to.fullPath } : {} };
    }
    if (session.mustChangePassword && to.name !== "password") {
        return { name: "password" };
    }
    if (to.matched.some((r) => r.meta.admin) && !hasRole("admin")) {
        return { name: "start" };
    }
    return true;
});

installFlash(router);

router.afterEach((to) => {
    document.title = to.meta.title ? `${to.meta.title} – Samsyn` : "Samsyn";
});

setAuthHandlers({
    unauthorized() {
        clearSession();
        const current = router.currentRoute.value;
        if (current.name !== "login") {
            void router.push({ name: "login", query: { next: current.fullPath } });
        }
    },
    mustChangePassword() {
        session.mustChangePassword = true;
        void router.push({ name: "password" });
    },
});
