// trainingTypes.ts — types of the employer trainings' resources (courses and their
// sessions, docs/trainings.md). The shapes are the document's (src/api/spec/courses.json),
// generated into generated/api-types.ts; this file only names them.
import type { components } from "./generated/api-types";

type S = components["schemas"];

export type Course = S["Course"];
export type CourseInput = S["CourseInput"];
export type CoursePatch = S["CoursePatch"];
export type TrainingSession = S["TrainingSession"];
export type TrainingSessionInput = S["TrainingSessionInput"];
export type TrainingSessionPatch = S["TrainingSessionPatch"];
export type TrainingSessionCopy = S["TrainingSessionCopy"];
export type SessionFormat = TrainingSession["format"];
export type SessionStatus = TrainingSession["status"];
export type Trainer = S["Trainer"];

// ---- Registrations, surveys, diplomas (docs/trainings.md) ----

export type PublicTrainingSession = S["PublicTrainingSession"];
export type RegistrationInput = S["RegistrationInput"];
export type RegistrationStatus = S["RegistrationStatus"];
export type RegistrationCancelView = S["RegistrationCancelView"];
export type Registration = S["Registration"];
export type RegistrationPatch = S["RegistrationPatch"];
export type Survey = S["Survey"];
export type SurveyInput = S["SurveyInput"];
export type SurveyQuestion = S["SurveyQuestion"];
export type SurveyQuestionInput = S["SurveyQuestionInput"];
export type PublicSurvey = S["PublicSurvey"];
export type SurveyAnswers = S["SurveyAnswers"];
export type SurveyReport = S["SurveyReport"];
export type DiplomaCheck = S["DiplomaCheck"];
export type TrainingReport = S["TrainingReport"];
