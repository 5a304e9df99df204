// The admin CLI (cli/commands.ts) against a real database, the demo district generator, and the
// CLI as a process (help, JSON output).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import QRCode from "qrcode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { maxStartLink } from "../bot/channels/max.ts";
import { telegramStartLink } from "../bot/channels/telegram.ts";
import { DEFAULT_METHODOLOGY } from "../core/methodology/settings.ts";
import { answerDiagnostic } from "../core/services/diagnostic.ts";
import { giveConsent, redeemInvite } from "../core/services/onboarding.ts";
import { teacherDiagnosticV1 } from "../core/instruments/teacher-diagnostic.ts";
import type { Database } from "../prisma/db.ts";
import * as cli from "../cli/commands.ts";
import { CliError, cliContext, type CliContext } from "../cli/commands.ts";
import { demoSignIn, generateDemoDistrict } from "../prisma/demo-data.ts";
import { renderInviteSheet, type InviteSheetData } from "../files/invite-sheet.ts";
import { missingLinkNotes, prepareSheetFolder, sheetPath } from "../cli/sheet-file.ts";
import { forwardCommand } from "../server/admin-bridge.ts";
import { onPostgres, openTestDatabase } from "./support/db.ts";
import { makeTestApi } from "./support/api.ts";
import { failure, startBridge, operatorArgs, newDistrict, OPERATOR } from "./support/cli.ts";
import { CLI_JS } from "./support/built.ts";


let db: Database;
let ctx: CliContext;
beforeAll(async () => {
  db = await openTestDatabase();
  ctx = cliContext(db.prisma);
});
afterAll(async () => {
  await db?.close();
});

async function districtWithSchool(name: string) {
  const district = await newDistrict(ctx, { name, timezone: "Asia/Yekaterinburg" });
  const school = await cli.schoolAdd(ctx, { district: name, name: "МБОУ «Сосновская СОШ»", code: "560311" });
  return { district, school };
}

/** A person who joined by a fresh invite in Telegram and gave consent. */
async function join(districtId: string, schoolId: string, role: "teacher" | "head", userId: number) {
  const created = await cli.inviteCreate(ctx, { district: districtId, school: schoolId, role });
  const { person } = await redeemInvite(ctx, created.invites[0]!.code, {
    channel: "telegram",
    externalId: String(userId),
    chatId: String(userId),
    firstName: `Педагог ${userId}`,
  });
  await giveConsent(ctx, person.id);
  return person;
}

describe("district и school", () => {
  it("создаёт район и школу, находит район по названию, показывает школы", async () => {
    const { district, school } = await districtWithSchool("Сосновский район");
    expect(district).toMatchObject({ name: "Сосновский район", timezone: "Asia/Yekaterinburg" });
    expect(school).toMatchObject({ name: "МБОУ «Сосновская СОШ»", code: "560311", district: { id: district.id } });
    const listed = await cli.schoolList(ctx, { district: district.id });
    expect(listed.schools).toEqual([{ id: school.id, name: school.name, code: "560311", teachers: 0, heads: 0 }]);
    const districts = await cli.districtList(ctx);
    expect(districts.find((row) => row.id === district.id)).toMatchObject({ schools: 1, activeMembers: 0 });
  });

  it("приводит часовой пояс к каноническому виду и отвергает неизвестный — по-русски, с именем параметра", async () => {
    expect((await newDistrict(ctx, { name: "Район с поясом", timezone: "europe/samara" })).timezone).toBe("Europe/Samara");
    const error = await failure(cli.districtCreate(ctx, { name: "Марсианский район", timezone: "Mars/Olympus" }));
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(/^--timezone: неизвестный часовой пояс «Mars\/Olympus»/);
  });

  it("пока район не внёс сведения об операторе персональных данных, приглашения и листы не выдаются, и сказано почему", async () => {
    const district = await cli.districtCreate(ctx, { name: "Район без оператора" });
    await cli.schoolAdd(ctx, { district: district.id, name: "МБОУ «Без оператора СОШ»", code: "990001" });
    const refused = await failure(cli.inviteCreate(ctx, { district: district.id, school: "990001", role: "teacher" }));
    expect(refused.message).toContain("нет сведений об операторе персональных данных");
    const sheet = await failure(cli.inviteSheet(ctx, { district: district.id, school: "990001", parents: true, bot: "shnor_demo_bot" }));
    expect(sheet.message).toContain("нет сведений об операторе персональных данных");
    expect(await db.prisma.invite.count({ where: { districtId: district.id } })).toBe(0);
    await cli.districtOperator(ctx, { district: district.id, ...OPERATOR });
    const created = await cli.inviteCreate(ctx, { district: district.id, school: "990001", role: "teacher" });
    expect(created.invites).toHaveLength(1);
  });

  it("не создаёт второй район с тем же названием и не находит несуществующий", async () => {
    await newDistrict(ctx, { name: "Дубль" });
    expect((await failure(cli.districtCreate(ctx, { name: "Дубль" }))).message).toContain("--name: район «Дубль» уже есть");
    const missing = await failure(cli.schoolList(ctx, { district: "Нет такого района" }));
    expect(missing.exitCode).toBe(1);
    expect(missing.message).toContain("Район «Нет такого района» не найден");
    expect((await failure(cli.schoolAdd(ctx, { district: "Дубль" }))).message).toContain("--name: не указан");
  });
});

describe("invite", () => {
  it("создаёт 30 личных приглашений учителей одной командой, со ссылками t.me и сроком по времени района", async () => {
    const { district, school } = await districtWithSchool("Район приглашений");
    const result = await cli.inviteCreate(ctx, {
      district: district.id,
      school: "560311",
      role: "teacher",
      count: "30",
      days: "14",
      bot: "@shnor_demo_bot",
    });
    expect(result.invites).toHaveLength(30);
    expect(new Set(result.invites.map((invite) => invite.code)).size).toBe(30);
    const first = result.invites[0]!;
    expect(first.link).toBe(`https://t.me/shnor_demo_bot?start=${first.code}`);
    expect(first.maxUses).toBe(1);
    expect(first.expiresAt.getTime() - Date.now()).toBeGreaterThan(13.9 * 86_400_000);
    expect(first.expiresLocal).toMatch(/^\d{1,2} [а-я]+ \d{4} г\. в \d{2}:\d{2}$/);
    const listed = await cli.inviteList(ctx, { district: district.id, school: school.id });
    expect(listed.invites).toHaveLength(30);
    expect(listed.invites.every((invite) => invite.status === "active" && invite.uses === 0)).toBe(true);
  });

  it("без имени бота выдаёт только коды; первый администратор района — приглашение без школы", async () => {
    const { district } = await districtWithSchool("Район первого администратора");
    const result = await cli.inviteCreate(ctx, { district: district.id, role: "district" });
    expect(result.school).toBeNull();
    expect(result.botUsername).toBeNull();
    expect(result.invites[0]!.link).toBeNull();
    expect((await failure(cli.inviteCreate(ctx, { district: district.id, role: "district", school: "560311" }))).message).toContain(
      "--school: роль district относится ко всему району",
    );
    expect((await failure(cli.inviteCreate(ctx, { district: district.id, role: "teacher" }))).message).toContain(
      "--school: для роли teacher (учитель) нужна школа",
    );
  });

  it("отвергает неизвестную роль и неверные числа по-русски, называя параметры", async () => {
    const { district } = await districtWithSchool("Район проверок");
    const error = await failure(cli.inviteCreate(ctx, { district: district.id, school: "560311", role: "director", uses: "0", days: "три" }));
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain("--role: неизвестная роль «director»; допустимо: district (сотрудник РУО), head (руководитель школы)");
    expect(error.message).toContain("--uses: должно быть не меньше 1");
    expect(error.message).toContain("--days: должно быть целым числом от 1 до 366");
    expect((await failure(cli.inviteCreate(ctx, { district: district.id, school: "560311", role: "teacher", bot: "x y" }))).message).toMatch(
      /^--bot: имя бота/,
    );
    // The README's placeholder typed as it is: the message says what to put there instead.
    const placeholder = await failure(cli.inviteCreate(ctx, { district: district.id, role: "district", bot: "имя_вашего_бота" }));
    expect(placeholder.message).toContain("«имя_вашего_бота» — образец из инструкции: впишите имя своего бота, которое выдал @BotFather");
    expect(placeholder.message).toContain("BOT_USERNAME");
    // Validation alone, before any database work (the shell calls it before opening the database).
    expect(() => cli.inviteCreate.validate({ district: "x", role: "boss" })).toThrow(/--role: неизвестная роль/);
  });

  it("отзывает приглашение (код можно ввести строчными и с дефисом), повторный отзыв не ошибка", async () => {
    const { district } = await districtWithSchool("Район отзыва");
    const code = (await cli.inviteCreate(ctx, { district: district.id, school: "560311", role: "parent" })).invites[0]!.code;
    const typed = `${code.slice(0, 5)}-${code.slice(5)}`.toLowerCase();
    expect(await cli.inviteRevoke(ctx, { code: typed })).toMatchObject({ code, alreadyRevoked: false });
    expect(await cli.inviteRevoke(ctx, { code })).toMatchObject({ code, alreadyRevoked: true });
    const listed = await cli.inviteList(ctx, { district: district.id });
    expect(listed.invites.find((invite) => invite.code === code)).toMatchObject({ status: "invite_revoked", maxUses: 500 });
    await expect(redeemInvite(ctx, code, { channel: "telegram", externalId: "990" })).rejects.toMatchObject({ code: "invite_revoked" });
    expect((await failure(cli.inviteRevoke(ctx, { code: "ABCDEFGHJK" }))).exitCode).toBe(1);
    expect((await failure(cli.inviteRevoke(ctx, { code: "не код" }))).exitCode).toBe(2);
  });
});

describe("ссылки для Telegram и MAX", () => {
  it("invite create строит обе ссылки, когда известны оба бота, — те же, что у ботов", async () => {
    const { district } = await districtWithSchool("Район двух мессенджеров");
    const result = await cli.inviteCreate(ctx, {
      district: district.id,
      school: "560311",
      role: "teacher",
      count: "2",
      bot: "https://t.me/shnor_demo_bot",
      maxBot: "https://max.ru/id7701234567_bot",
    });
    expect(result.bots).toEqual({ telegram: "shnor_demo_bot", max: "id7701234567_bot" });
    expect(result.botUsername).toBe("shnor_demo_bot");
    for (const invite of result.invites) {
      expect(invite.links).toEqual({
        telegram: telegramStartLink("shnor_demo_bot")(invite.code),
        max: maxStartLink("id7701234567_bot")(invite.code),
      });
      expect(invite.links.max).toBe(`https://max.ru/id7701234567_bot?start=${invite.code}`);
      // The old field stays: the Telegram link.
      expect(invite.link).toBe(invite.links.telegram);
    }
    expect(missingLinkNotes(result.bots)).toEqual([]);
  });

  it("только один бот — только его ссылка и подсказка по-русски, как добавить другой; без ботов — оба способа", async () => {
    const { district } = await districtWithSchool("Район одного мессенджера");
    const onlyMax = await cli.inviteCreate(ctx, { district: district.id, role: "district", maxBot: "@id7701234567_bot" });
    const invite = onlyMax.invites[0]!;
    expect(invite.links).toEqual({ max: `https://max.ru/id7701234567_bot?start=${invite.code}` });
    expect(invite.link).toBeNull();
    expect(missingLinkNotes(onlyMax.bots).join("\n")).toMatch(/Ссылок Telegram нет.*--bot <имя_бота> или BOT_USERNAME/);

    const onlyTelegram = await cli.inviteCreate(ctx, { district: district.id, role: "district", bot: "shnor_demo_bot" });
    expect(Object.keys(onlyTelegram.invites[0]!.links)).toEqual(["telegram"]);
    expect(missingLinkNotes(onlyTelegram.bots).join("\n")).toMatch(/Ссылок MAX нет.*--max-bot <ник_бота>.*MAX_BOT_USERNAME/);

    const none = missingLinkNotes({ telegram: null, max: null }).join("\n");
    expect(none).toContain("Ссылок нет");
    expect(none).toContain("BOT_USERNAME");
    expect(none).toContain("MAX_BOT_USERNAME");
    expect((await failure(cli.inviteCreate(ctx, { district: district.id, role: "district", maxBot: "макс бот" }))).message).toMatch(
      /^--max-bot: ник бота в MAX/,
    );
  });
});

describe("invite sheet", () => {
  it("создаёт приглашения листа: учителя и руководители — личные, родители — одно общее на школу", async () => {
    const { district, school } = await districtWithSchool("Район листа");
    const sheet = await cli.inviteSheet(ctx, {
      district: district.name,
      school: "560311",
      teachers: "3",
      heads: "1",
      parents: true,
      days: "20",
      bot: "shnor_demo_bot",
      maxBot: "id7701234567_bot",
    });
    expect(sheet.school).toMatchObject({ id: school.id, name: "МБОУ «Сосновская СОШ»", code: "560311" });
    expect(sheet.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(sheet.invites.map((invite) => invite.role)).toEqual(["head", "teacher", "teacher", "teacher", "parent"]);
    for (const invite of sheet.invites) {
      expect(invite.links).toEqual({
        telegram: `https://t.me/shnor_demo_bot?start=${invite.code}`,
        max: `https://max.ru/id7701234567_bot?start=${invite.code}`,
      });
    }
    const stored = await db.prisma.invite.findMany({ where: { districtId: district.id } });
    expect(stored).toHaveLength(5);
    const byCode = new Map(stored.map((row) => [row.code, row]));
    for (const invite of sheet.invites) {
      const row = byCode.get(invite.code)!;
      expect(row).toMatchObject({ role: invite.role, schoolId: school.id, uses: 0, revokedAt: null });
      expect(row.maxUses).toBe(invite.role === "parent" ? 500 : 1);
      expect(row.expiresAt.getTime() - Date.now()).toBeGreaterThan(19.9 * 86_400_000);
    }
    // The parent invite is multi-use: a second parent joins by the same code.
    const parentCode = sheet.invites.find((invite) => invite.role === "parent")!.code;
    await redeemInvite(ctx, parentCode, { channel: "telegram", externalId: "7001" });
    await redeemInvite(ctx, parentCode, { channel: "max", externalId: "7002" });
    expect(byCode.get(parentCode)!.maxUses).toBe(500);
    expect((await db.prisma.invite.findUnique({ where: { code: parentCode } }))!.uses).toBe(2);
  });

  it("без бота и без состава листа отказывает до работы с базой, по-русски", async () => {
    const nothing = (() => {
      try {
        cli.inviteSheet.validate({ district: "x", school: "y" });
      } catch (error) {
        return error as CliError;
      }
      return null;
    })();
    expect(nothing).toBeInstanceOf(CliError);
    expect(nothing!.exitCode).toBe(2);
    expect(nothing!.message).toContain("укажите, для кого лист: --existing (загруженные заранее сотрудники, с ФИО), --teachers N");
    expect(nothing!.message).toContain("имя бота не задано: --bot <имя_бота>");
    expect(() => cli.inviteSheet.validate({ district: "x", school: "y", teachers: "2", maxBot: "id7701234567_bot" })).not.toThrow();
    expect(() => cli.inviteSheet.validate({ district: "x", school: "y", teachers: "много", bot: "shnor_demo_bot" })).toThrow(/--teachers: должно быть целым числом/);
    const { district } = await districtWithSchool("Район без школы на листе");
    expect((await failure(cli.inviteSheet(ctx, { district: district.id, school: "000000", parents: true, bot: "shnor_demo_bot" }))).exitCode).toBe(1);
  });

  it("через работающий сервер (admin-bridge): приглашения создаёт сервер, лист рисуется из его JSON", async () => {
    const { district } = await districtWithSchool("Район листа через сервер");
    const bridge = await startBridge(db.prisma);
    const owner = bridge.owner;
    try {
      const raw = { district: district.id, school: "560311", teachers: "2", parents: true, maxBot: "id7701234567_bot" };
      const data = (await forwardCommand(owner, "invite sheet", raw)) as InviteSheetData;
      expect(data.invites.map((invite) => invite.role)).toEqual(["teacher", "teacher", "parent"]);
      expect(await db.prisma.invite.count({ where: { districtId: district.id } })).toBe(3);
      const html = await renderInviteSheet(data);
      for (const invite of data.invites) expect(html).toContain(`https://max.ru/id7701234567_bot?start=${invite.code}`);
      await expect(forwardCommand(owner, "invite sheet", { district: district.id, school: "560311", teachers: "1" })).rejects.toThrow(
        /имя бота не задано/,
      );
      // Only the owner of the data folder's token, and never through a reverse proxy.
      const post = (headers: Record<string, string>) =>
        fetch(`${owner.adminUrl}/internal/cli`, {
          method: "POST",
          headers: { "content-type": "application/json", ...headers },
          body: JSON.stringify({ command: "district list", options: {} }),
        });
      expect((await post({ "x-admin-token": "wrong-token-0123456789" })).status).toBe(403);
      expect((await post({ "x-admin-token": owner.adminToken, "x-forwarded-for": "203.0.113.7" })).status).toBe(403);
      expect((await post({ "x-admin-token": owner.adminToken })).status).toBe(200);
      // Command names are looked up as own keys only: "__proto__" and "constructor" are unknown, not a 500.
      for (const command of ["__proto__", "constructor", "toString", "hasOwnProperty"]) {
        const response = await fetch(`${owner.adminUrl}/internal/cli`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-admin-token": owner.adminToken },
          body: JSON.stringify({ command, options: {} }),
        });
        expect(response.status, command).toBe(400);
        const text = await response.text();
        expect(JSON.parse(text)).toEqual({ ok: false, kind: "invalid", message: "Неизвестная команда" });
        expect(text).not.toMatch(/at |\.ts:/);
      }
      expect(owner.adminUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      await bridge.close();
    }
  });

  it("admin-bridge в папке данных — Unix-сокет с правами 0600, CLI пересылает туда; на публичном порту его нет", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "shnor-bridge-"));
    const bridge = await startBridge(db.prisma, dataDir);
    try {
      expect(bridge.owner.adminUrl).toBe(`unix:${path.join(dataDir, "admin.sock")}`);
      const stat = fs.statSync(path.join(dataDir, "admin.sock"));
      expect(stat.isSocket()).toBe(true);
      expect(stat.mode & 0o777).toBe(0o600);
      const listed = (await forwardCommand(bridge.owner, "district list", {})) as Array<{ name: string }>;
      expect(listed.length).toBeGreaterThan(0);
      await expect(forwardCommand(bridge.owner, "__proto__", {})).rejects.toThrow("Неизвестная команда");
      await expect(forwardCommand({ ...bridge.owner, adminToken: "x".repeat(48) }, "district list", {})).rejects.toThrow("forbidden");
    } finally {
      await bridge.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
    // The public app (Mini App API) no longer answers the bridge's route.
    const publicApp = makeTestApi(db);
    const response = await publicApp.request("/internal/cli", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ command: "district list", options: {} }),
    });
    expect([404, 401, 403]).toContain(response.status);
    expect(await response.text()).not.toContain('"ok":true');
  });

  const sample = (bots: InviteSheetData["bots"]): InviteSheetData => {
    const links = (code: string) => ({
      ...(bots.telegram ? { telegram: `https://t.me/${bots.telegram}?start=${code}` } : {}),
      ...(bots.max ? { max: `https://max.ru/${bots.max}?start=${code}` } : {}),
    });
    const invite = (code: string, role: string) => ({ code, role, links: links(code), maxUses: role === "parent" ? 500 : 1, expiresLocal: "24 декабря 2026 г. в 11:18" });
    return {
      district: { name: "Первомайский район" },
      school: { id: "s1", name: "МБОУ «Сосновская СОШ» & филиал <№2>", code: "560311" },
      date: "2026-11-24",
      dateLocal: "24 ноября 2026 г.",
      bots,
      invites: [invite("K7MPQ2XRTA", "head"), invite("ABCDE23456", "teacher"), invite("HJKMN78PQR", "teacher"), invite("STUVW9XYZ2", "parent")],
    };
  };

  it("renderInviteSheet: каждый код, каждая ссылка и её QR-код, без скриптов и внешних ресурсов", async () => {
    const data = sample({ telegram: "shnor_demo_bot", max: "id7701234567_bot" });
    const html = await renderInviteSheet(data);
    const links = data.invites.flatMap((invite) => Object.values(invite.links));
    expect(links).toHaveLength(8);
    for (const invite of data.invites) expect(html).toContain(invite.code);
    // The code is printed in two groups of five for typing.
    expect(html).toContain("K7MPQ&#8201;2XRTA");
    for (const link of links) {
      expect(html).toContain(`href="${link}"`);
      // The QR code encodes exactly the link (same options as the brief: SVG, level M, margin 1).
      const svg = await QRCode.toString(link, { type: "svg", errorCorrectionLevel: "M", margin: 1 });
      expect(svg).toMatch(/<path[^>]* d="M/);
      expect(html).toContain(svg);
    }
    expect(html.match(/<svg/g)).toHaveLength(links.length);
    expect(html).toContain("Первомайский район");
    expect(html).toContain("МБОУ «Сосновская СОШ» &amp; филиал &lt;№2&gt;");
    expect(html).not.toContain("<№2>");
    expect(html).toContain("ФИО:");
    expect(html).toContain("Для родителей — одна ссылка на всю школу");
    expect(html).toContain("break-inside: avoid");
    expect(html).toContain("size: A4");
    expect(html.match(/class="card"/g)).toHaveLength(3);
    // Self-contained: no scripts, no loaded resources; the only web addresses are the links themselves
    // (and the SVG namespace, which is a name, not a request).
    expect(html).not.toMatch(/<script|<link|<img|<iframe|src=|@import|url\(/i);
    const addresses = (html.match(/https?:\/\/[^\s"<>]+/g) ?? []).filter((address) => address !== "http://www.w3.org/2000/svg");
    expect(new Set(addresses)).toEqual(new Set(links));
  });

  it("renderInviteSheet с одним мессенджером: только его ссылки и коды, инструкция про него", async () => {
    const data = sample({ telegram: null, max: "id7701234567_bot" });
    const html = await renderInviteSheet(data);
    expect(html).not.toContain("t.me");
    expect(html.match(/<svg/g)).toHaveLength(4);
    expect(html).toContain("«Открыть в MAX»");
  });

  it("sheetPath: ./invite-sheets/<код>-<дата>.html, второй лист за день не затирает первый; --out — файл или папка", () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "shnor-sheet-"));
    try {
      const data = sample({ telegram: "shnor_demo_bot", max: null });
      prepareSheetFolder(undefined, cwd);
      const first = sheetPath(data, undefined, cwd);
      expect(first).toBe(path.join(cwd, "invite-sheets", "560311-2026-11-24.html"));
      fs.writeFileSync(first, "");
      expect(sheetPath(data, undefined, cwd)).toBe(path.join(cwd, "invite-sheets", "560311-2026-11-24-2.html"));
      expect(sheetPath({ ...data, school: { ...data.school, code: null, id: "ck/../x" } }, undefined, cwd)).toBe(
        path.join(cwd, "invite-sheets", "ck-x-2026-11-24.html"),
      );
      expect(sheetPath(data, "лист.html", cwd)).toBe(path.join(cwd, "лист.html"));
      prepareSheetFolder("печать/", cwd);
      expect(sheetPath(data, "печать/", cwd)).toBe(path.join(cwd, "печать", "560311-2026-11-24.html"));
    } finally {
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  });
});

describe("member", () => {
  it("показывает участников без ответов и отключает уволившегося", async () => {
    const { district, school } = await districtWithSchool("Район участников");
    await join(district.id, school.id, "head", 1001);
    const teacher = await join(district.id, school.id, "teacher", 1002);
    const all = await cli.memberList(ctx, { district: district.id });
    expect(all.members).toHaveLength(2);
    const row = all.members.find((member) => member.personId === teacher.id)!;
    expect(row).toEqual({
      membershipId: expect.any(String),
      personId: teacher.id,
      name: "Педагог 1002",
      role: "teacher",
      school: "МБОУ «Сосновская СОШ»",
      active: true,
      consent: true,
      channels: ["telegram"],
    });
    expect((await cli.memberList(ctx, { district: district.id, role: "head" })).members).toHaveLength(1);
    expect((await failure(cli.memberList(ctx, { district: district.id, role: "завуч" }))).message).toContain("--role: неизвестная роль");

    const left = await cli.memberDeactivate(ctx, { membership: row.membershipId });
    expect(left).toMatchObject({ alreadyInactive: false, role: "teacher", endedAt: expect.any(Date) });
    expect(await cli.memberDeactivate(ctx, { membership: row.membershipId })).toMatchObject({ alreadyInactive: true });
    expect((await cli.memberList(ctx, { district: district.id, role: "teacher" })).members[0]!.active).toBe(false);
    expect((await ctx.repo.getPerson(teacher.id))!.memberships.every((membership) => !membership.active)).toBe(true);
    expect((await failure(cli.memberDeactivate(ctx, { membership: "nope" }))).exitCode).toBe(1);
  });
});

describe("campaign", () => {
  it("открывает диагностику с даты по времени района и считает завершивших «n из N» по активным учителям", async () => {
    const { district, school } = await districtWithSchool("Район кампаний");
    const done = await join(district.id, school.id, "teacher", 2001);
    const started = await join(district.id, school.id, "teacher", 2002);
    await join(district.id, school.id, "teacher", 2003);

    const planned = await cli.campaignOpen(ctx, { district: district.id, from: "2099-02-01", days: "10" });
    // Midnight in Yekaterinburg (UTC+5).
    expect(planned.opensAt.toISOString()).toBe("2099-01-31T19:00:00.000Z");
    expect(planned.closesAt.toISOString()).toBe("2099-02-10T19:00:00.000Z");
    expect(planned.title).toBe(cli.DEFAULT_CAMPAIGN_TITLE);
    const open = await cli.campaignOpen(ctx, { district: district.id, title: "Диагностика, ноябрь" });
    expect(open.overlapping).toEqual([]);
    expect((await failure(cli.campaignOpen(ctx, { district: district.id, from: "2026-02-30" }))).message).toBe(
      "--from: такой даты нет в календаре",
    );

    const deps = { repo: ctx.repo, clock: ctx.clock, settings: DEFAULT_METHODOLOGY };
    for (const question of teacherDiagnosticV1.questions) {
      await answerDiagnostic(deps, done.id, { questionId: question.id, value: 3 });
    }
    await answerDiagnostic(deps, started.id, { questionId: teacherDiagnosticV1.questions[0]!.id, value: 2 });

    const listed = await cli.campaignList(ctx, { district: district.name });
    expect(listed.activeTeachers).toBe(3);
    expect(listed.campaigns.map((campaign) => [campaign.title, campaign.status, campaign.completed, campaign.teachers])).toEqual([
      [cli.DEFAULT_CAMPAIGN_TITLE, "planned", 0, 3],
      ["Диагностика, ноябрь", "open", 1, 3],
    ]);
    // Plain counts only: no names and no answers leave this command.
    expect(JSON.stringify(listed)).not.toContain("Педагог");
  });
});

describe("демо-район", () => {
  it("генерирует малый район с ожидаемыми числами, детерминированно, и со школой ниже порога анонимности", async () => {
    const started = performance.now();
    // The district itself (#13's surveys, profiles and routes: tests/db/demo-instruments.test.ts).
    const demo = await generateDemoDistrict(db.prisma, { seed: 7, schools: 4, teachers: 30, instruments: false });
    const seconds = (performance.now() - started) / 1000;
    expect(demo.counts).toMatchObject({ schools: 4, teachers: 30, teachersInTwoSchools: 2 });
    expect(demo.counts.completed + demo.counts.partial + demo.counts.notStarted).toBe(30);
    expect(demo.counts.completed / 30).toBeGreaterThan(0.6);

    const { prisma } = db;
    expect(await prisma.school.count({ where: { districtId: demo.districtId } })).toBe(4);
    expect(await prisma.membership.count({ where: { districtId: demo.districtId, role: "teacher" } })).toBe(32);
    expect(await prisma.membership.count({ where: { districtId: demo.districtId, role: "head" } })).toBe(4);
    expect(await prisma.membership.count({ where: { districtId: demo.districtId, role: "district" } })).toBe(1);
    expect(await prisma.membership.count({ where: { districtId: demo.districtId, role: "mentor" } })).toBe(4);
    expect(await prisma.person.count({ where: { memberships: { some: { districtId: demo.districtId } }, consentAt: null } })).toBe(0);
    expect(await prisma.response.count({ where: { campaignId: demo.campaignId, completedAt: { not: null } } })).toBe(demo.counts.completed);
    expect(await prisma.answer.count({ where: { response: { campaignId: demo.campaignId } } })).toBe(demo.counts.answers);

    // What the Mini App will show: school aggregates hidden below the minimum of 5 respondents.
    const completedBySchool = await Promise.all(
      demo.schools.map(async (school) => (await ctx.repo.completedTeacherAnswers(demo.campaignId, school.id)).length),
    );
    expect(completedBySchool).toEqual(demo.schools.map((school) => school.completed));
    expect(completedBySchool.filter((count) => count < 5)).toHaveLength(2);

    // Not uniform: every scale value occurs, and schools differ.
    const values = await prisma.answer.groupBy({ by: ["value"], where: { response: { campaignId: demo.campaignId } }, _count: true });
    expect(values.map((row) => row.value).sort()).toEqual([1, 2, 3, 4]);

    // The same seed gives the same district.
    const again = await generateDemoDistrict(db.prisma, { seed: 7, schools: 4, teachers: 30, instruments: false });
    expect(again.counts).toEqual(demo.counts);
    expect(again.schools.map(({ name, teachers, completed }) => ({ name, teachers, completed }))).toEqual(
      demo.schools.map(({ name, teachers, completed }) => ({ name, teachers, completed })),
    );

    const signIn = demoSignIn(demo);
    expect(signIn[0]!.label).toBe("Сотрудник РУО — Первомайский район");
    expect(signIn.filter((choice) => choice.label.startsWith("Директор — "))).toHaveLength(4);
    expect(signIn.filter((choice) => choice.label.startsWith("Наставник — "))).toHaveLength(2);
    expect(signIn.filter((choice) => choice.label.startsWith("Учитель — ")).length).toBeGreaterThanOrEqual(1);
    expect(seconds).toBeLessThan(10);
  });

  it("полный демо-район: 12 школ, 150 педагогов, около 80 % завершили", async () => {
    const demo = await generateDemoDistrict(db.prisma, { seed: 2026, instruments: false });
    expect(demo.counts.schools).toBe(12);
    expect(demo.counts.teachers).toBe(150);
    expect(demo.counts.completed / demo.counts.teachers).toBeGreaterThan(0.72);
    expect(demo.counts.completed / demo.counts.teachers).toBeLessThan(0.9);
    expect(demo.schools.filter((school) => school.completed < 5).map((school) => school.name).sort()).toEqual([
      "МБОУ «Черемшанская СОШ»",
      "МКОУ «Луговская ООШ»",
    ]);
    const sizes = demo.schools.map((school) => school.teachers);
    expect(Math.min(...sizes)).toBeLessThanOrEqual(8);
    expect(Math.max(...sizes)).toBeGreaterThanOrEqual(20);
  });
});

// The CLI process runs on its own PGlite folder (DATABASE_URL removed): the PostgreSQL run has nothing to add.
describe.skipIf(onPostgres())("CLI как процесс", () => {
  const root = process.cwd();
  const env = (dataDir: string) => {
    const copy: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, NO_COLOR: "1" };
    delete copy.DATABASE_URL;
    delete copy.BOT_USERNAME;
    delete copy.MAX_BOT_USERNAME;
    return copy;
  };
  let dataDir: string;
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "shnor-cli-"));
  });
  afterAll(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("npm run cli -- --help (the bundled CLI): код 0, все команды в списке, по-русски", () => {
    const result = spawnSync(process.execPath, [CLI_JS, "--help"], { cwd: root, env: env(dataDir), encoding: "utf8" });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("Использование:");
    for (const name of [
      "district create",
      "district list",
      "school add",
      "school list",
      "invite create",
      "invite sheet",
      "invite list",
      "invite revoke",
      "member list",
      "member deactivate",
      "member move",
      "member add-school",
      "import template",
      "import xlsx",
      "campaign open",
      "campaign list",
      "instrument list",
      "instrument export",
      "instrument import",
    ]) {
      expect(result.stdout).toContain(name);
    }
    // --help needs no database.
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });

  it("district create --json печатает только JSON; ошибка ввода — код 2 и сообщение в stderr", () => {
    // From a temporary folder, so no .env of the working copy is read.
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [CLI_JS, ...args], {
        cwd: dataDir,
        env: env(path.join(dataDir, "db")),
        encoding: "utf8",
      });
    const created = run("district", "create", "--name", "Район из процесса", "--json");
    expect(created.stderr).toBe("");
    expect(created.status).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ name: "Район из процесса", timezone: "Europe/Moscow", id: expect.any(String) });

    const bad = run("invite", "create", "--district", "Район из процесса", "--role", "boss", "--json");
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toContain("--role: неизвестная роль «boss»");

    const missing = run("school", "list", "--district", "Нет такого");
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain("не найден");
  });
  it("invite create печатает обе ссылки; invite sheet пишет лист в ./invite-sheets и отвечает JSON", () => {
    const run = (args: string[], extraEnv: NodeJS.ProcessEnv = {}) =>
      spawnSync(process.execPath, [CLI_JS, ...args], {
        cwd: dataDir,
        env: { ...env(path.join(dataDir, "db")), ...extraEnv },
        encoding: "utf8",
      });
    const district = ["--district", "Район листа из процесса"];
    expect(run(["district", "create", "--name", "Район листа из процесса"]).status).toBe(0);
    expect(run(operatorArgs("Район листа из процесса")).status).toBe(0);
    expect(run(["school", "add", ...district, "--name", "МБОУ «Луговская ООШ»", "--code", "560399"]).status).toBe(0);

    const both = run(["invite", "create", ...district, "--school", "560399", "--role", "teacher", "--bot", "shnor_demo_bot", "--max-bot", "id7701234567_bot"]);
    expect(both.stderr).toBe("");
    expect(both.stdout).toMatch(/Telegram: https:\/\/t\.me\/shnor_demo_bot\?start=[A-Z0-9]{10}/);
    expect(both.stdout).toMatch(/MAX: +https:\/\/max\.ru\/id7701234567_bot\?start=[A-Z0-9]{10}/);
    expect(both.stdout).not.toContain("нет:");

    // The Telegram bot from the environment, MAX not named: a note says how to add it.
    const one = run(["invite", "create", ...district, "--school", "560399", "--role", "teacher"], { BOT_USERNAME: "shnor_demo_bot" });
    expect(one.stdout).toContain("https://t.me/shnor_demo_bot?start=");
    expect(one.stdout).not.toContain("max.ru/id");
    expect(one.stdout).toContain("Ссылок MAX нет");
    expect(one.stdout).toContain("MAX_BOT_USERNAME");

    const sheet = run(["invite", "sheet", ...district, "--school", "560399", "--teachers", "2", "--parents", "--json"], {
      BOT_USERNAME: "shnor_demo_bot",
      MAX_BOT_USERNAME: "id7701234567_bot",
    });
    expect(sheet.stderr).toBe("");
    expect(sheet.status).toBe(0);
    const result = JSON.parse(sheet.stdout) as { file: string; invites: Array<{ code: string; role: string; links: { telegram?: string; max?: string } }> };
    expect(path.dirname(result.file)).toBe(path.join(fs.realpathSync(dataDir), "invite-sheets"));
    expect(path.basename(result.file)).toMatch(/^560399-\d{4}-\d{2}-\d{2}\.html$/);
    expect(result.invites.map((invite) => invite.role)).toEqual(["teacher", "teacher", "parent"]);
    const html = fs.readFileSync(result.file, "utf8");
    for (const invite of result.invites) {
      expect(invite.links.max).toBe(`https://max.ru/id7701234567_bot?start=${invite.code}`);
      expect(html).toContain(invite.links.telegram!);
      expect(html).toContain(invite.links.max!);
    }

    const noBot = run(["invite", "sheet", ...district, "--school", "560399", "--teachers", "2"]);
    expect(noBot.status).toBe(2);
    expect(noBot.stderr).toContain("имя бота не задано");
  }, 120_000);
});
