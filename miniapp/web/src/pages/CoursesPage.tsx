import { useState } from "react";
import { Button, List, Section, Title } from "@telegram-apps/telegram-ui";
import { asApiError, readJson } from "../api.ts";
import { formatDate } from "../messages/ru.ts";
import { rt } from "../messages/ru-routes.ts";
import { useApi } from "../useApi.ts";
import { ErrorView, Loading } from "../components/Status.tsx";
import { routeApi, type CourseProblem, type LearningRoute } from "./RouteApi.ts";
import { RouteItems } from "./RoutePage.tsx";

/** District staff: the course catalog (upload, all or nothing) and the year's team routes to approve by order. */
export function CoursesPage({ districtId }: { districtId: string }) {
  const [courses, retry] = useApi(`courses-${districtId}`, () => routeApi.courses(districtId));
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [problems, setProblems] = useState<CourseProblem[]>([]);
  const upload = async (file: File) => {
    setBusy(true);
    setMessage(null);
    setProblems([]);
    try {
      const response = await routeApi.importCourses(districtId, file);
      if (response.status === 422) {
        const body = (await response.json()) as { message: string; problems: CourseProblem[] };
        setMessage(body.message);
        setProblems(body.problems);
      } else {
        setMessage((await readJson<{ message: string }>(response)).message);
        retry();
      }
    } catch (raised) {
      setMessage(asApiError(raised).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <List data-testid="courses-page">
      <Title level="2" weight="2" className="page-title">
        {rt.coursesTitle}
      </Title>
      <Section header={rt.coursesUpload} footer={rt.coursesUploadHint}>
        <div className="work-actions">
          <input
            type="file"
            accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            disabled={busy}
            data-testid="courses-file"
            onChange={(event) => {
              const chosen = event.target.files?.[0];
              if (chosen) void upload(chosen);
            }}
          />
          <p className="work-note" role="status">
            {busy ? rt.saving : (message ?? "")}
          </p>
          {problems.length > 0 && (
            <ul className="work-error work-lines" data-testid="courses-problems">
              {problems.map((problem, index) => (
                <li key={index}>{problem.sheet ? `«${problem.sheet}»: ${problem.text}` : problem.text}</li>
              ))}
            </ul>
          )}
        </div>
      </Section>
      {courses.status === "loading" ? (
        <Loading />
      ) : courses.status === "error" ? (
        <ErrorView error={courses.error} onRetry={retry} />
      ) : (
        <Section header={rt.coursesCount(courses.data.courses.length)} footer={courses.data.courses.length ? undefined : rt.coursesEmpty}>
          {courses.data.courses.map((course) => {
            const areas = course.areas.map((id) => courses.data.areas.find((area) => area.id === id)?.title ?? id).join("; ");
            return (
              <div key={course.id} className="work-member" data-testid="course-row">
                <p className="work-note">
                  <b>{course.title}</b> — {course.provider}
                  {course.hours ? `, ${rt.hours(course.hours)}` : ""}
                  {course.startsOn ? `, ${[course.startsOn, course.endsOn].filter(Boolean).map((d) => formatDate(d!)).join(" – ")}` : ""}
                </p>
                <p className="work-note">{areas}</p>
              </div>
            );
          })}
        </Section>
      )}
      <TeamRoutes districtId={districtId} />
    </List>
  );
}

function TeamRoutes({ districtId }: { districtId: string }) {
  const [state, retry] = useApi(`team-routes-${districtId}`, () => routeApi.teamRoutes(districtId));
  const year = new Date().getFullYear();
  if (state.status === "loading") return <Loading />;
  if (state.status === "error") return <ErrorView error={state.error} onRetry={retry} />;
  return (
    <Section header={rt.teamRoutesHeader(year)} footer={state.data.routes.length ? undefined : rt.teamRoutesEmpty}>
      {state.data.routes.map((route) => (
        <TeamRouteApproval key={route.id} initial={route} />
      ))}
    </Section>
  );
}

function TeamRouteApproval({ initial }: { initial: LearningRoute }) {
  const [route, setRoute] = useState(initial);
  const [ref, setRef] = useState("");
  const [error, setError] = useState<string | null>(null);
  const approve = async () => {
    setError(null);
    try {
      setRoute((await routeApi.approve(route.id, ref)).route);
    } catch (raised) {
      setError(asApiError(raised).message);
    }
  };
  return (
    <div className="work-school" data-testid="team-route">
      <p className="work-note">
        <b>{route.schoolName ?? route.schoolId}</b> —{" "}
        {route.approvedAt ? rt.approved(route.approvalRef ?? "", formatDate(route.approvedAt)) : rt.notApproved}
      </p>
      <RouteItems initial={route} editable={false} />
      {!route.approvedAt && (
        <>
          <label className="work-field">
            {rt.approvalRef}
            <input value={ref} placeholder={rt.approvalPlaceholder} onChange={(event) => setRef(event.target.value)} />
          </label>
          <div className="work-sheet-buttons">
            <Button size="s" disabled={ref.trim().length < 3} onClick={approve}>
              {rt.approve}
            </Button>
          </div>
        </>
      )}
      {error && <p className="work-error" role="alert">{error}</p>}
    </div>
  );
}
