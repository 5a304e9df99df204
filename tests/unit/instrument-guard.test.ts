// Until the chat takes the new question types (#13), an edited teacher diagnostic that uses them is
// refused at import with the place and the reason, so the bot never meets a question it cannot draw.
import { describe, expect, it } from "vitest";
import { teacherDiagnosticV1 } from "../../core/instruments/teacher-diagnostic.ts";
import { checkInstrumentFile } from "../../core/services/instruments.ts";

const edited = (change: (questions: Array<Record<string, unknown>>) => void) => {
  const copy = structuredClone({ ...teacherDiagnosticV1, version: 2 }) as unknown as { questions: Array<Record<string, unknown>> };
  change(copy.questions);
  return copy;
};

describe("импорт анкеты: только то, что бот уже умеет показать", () => {
  it("текущая анкета проходит", () => {
    expect(checkInstrumentFile(edited(() => undefined), [1], false).problems).toEqual([]);
  });

  it("вопрос-текст, необязательный вопрос и «затрудняюсь ответить» отклоняются с местом", () => {
    const check = checkInstrumentFile(
      edited((questions) => {
        questions[2] = { id: questions[2]!.id, areaId: questions[2]!.areaId, text: "Что мешает?", type: "text", maxLength: 300 };
        questions[3] = { ...questions[3], required: false };
      }),
      [1],
      false,
    );
    expect(check.instrument).toBeNull();
    expect(check.problems.join("\n")).toMatch(/questions\[2\].*тип text/);
    expect(check.problems.join("\n")).toMatch(/questions\[3\].*необязательный/);
  });
});
