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
