// The journey registry (issue #10 §3): the engine routes only through it, and the command lists,
// /help and menus come from it. Also: bot and Mini App texts promise only what works (#11 §7, §9).
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { ru } from "../../core/messages/bot.ts";
import { commandList, findCommand, JOURNEYS, journeyForButton } from "../../core/journeys/registry.ts";
import { t } from "../../miniapp/web/src/messages/ru.ts";
import { tsch } from "../../miniapp/web/src/messages/ru-school.ts";

describe("реестр сценариев", () => {
  it("в движке нет веток под отдельные команды и кнопки: только поиск по реестру", () => {
    const engine = fs.readFileSync(new URL("../../core/journeys/engine.ts", import.meta.url), "utf8");
    for (const journey of JOURNEYS()) {
      for (const command of journey.commands) {
        if (command.name !== "start") expect(engine).not.toContain(`"${command.name}"`);
      }
      if (journey.prefix) expect(engine).not.toContain(journey.prefix);
    }
  });

  it("у каждой команды один сценарий, у каждого сценария своя приставка кнопок", () => {
    const names = JOURNEYS().flatMap((journey) => journey.commands.map((command) => command.name));
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(findCommand(name)?.command.name).toBe(name);
    const prefixes = JOURNEYS().flatMap((journey) => (journey.prefix ? [journey.prefix] : []));
    expect(new Set(prefixes).size).toBe(prefixes.length);
    for (const journey of JOURNEYS()) if (journey.prefix) expect(journeyForButton(`${journey.prefix}x`)).toBe(journey);
  });

  it("списки команд строятся из реестра по ролям; /link — только когда есть второй мессенджер", () => {
    const teacher = commandList(["teacher"], false).map((command) => command.command);
    expect(teacher).toEqual(expect.arrayContaining(["start", "diagnostic", "profile", "mydata", "deletedata", "app", "help"]));
    expect(teacher).not.toContain("invite");
    expect(teacher).not.toContain("link");
    const parent = commandList(["parent"], true).map((command) => command.command);
    expect(parent).toContain("link");
    expect(parent).not.toContain("app");
    expect(commandList([], true).map((command) => command.command)).toEqual(["start", "help"]);
    const everyone = commandList(["district", "head", "teacher", "mentor"], true);
    expect(everyone.map((command) => command.command)).toContain("invite");
    for (const command of everyone) expect(command.description).toMatch(/^[А-ЯЁ]/);
  });
});

describe("тексты обещают только то, что работает", () => {
  it("бот и Mini App зовут учителей одним словом — «педагог», без обещаний опросов и новостей, которых нет", () => {
    const botTexts = JSON.stringify(ru);
    const messagesDir = new URL("../../miniapp/web/src/messages/", import.meta.url);
    const appTexts = fs
      .readdirSync(messagesDir)
      .map((file) => fs.readFileSync(new URL(file, messagesDir), "utf8"))
      .join("\n");
    for (const text of [botTexts, appTexts]) {
      expect(text).not.toMatch(/учител/i);
      // Рассылки РУО есть с #14 (core/management/broadcasts.ts); коротких опросов и новостей нет.
      expect(text).not.toMatch(/короткие опросы|новости и опросы/i);
    }
  });

  it("уровень и процент не спорят: нет «нет дефицита» рядом с процентом дефицита", () => {
    expect(t("profile.levelLine", { level: t("level.none"), value: "17" })).toBe("Дефицит 17% — не выражен");
    expect(tsch("school.levelLine", { level: t("level.moderate") })).not.toMatch(/^Уровень: умеренный$/);
    expect(ru.profileLine(1, "ФГОС", 17, "дефицит не выражен")).toBe("1. ФГОС — дефицит не выражен, 17%");
  });
});
