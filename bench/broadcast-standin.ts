// The Bot API stand-in of bench/broadcast.ts in a thread of its own: its clock and its sliding
// window are not held up by the worker's database work in the main thread (PGlite runs in-process),
// so the arrival times it judges are the arrivals, as at a real Bot API.
import { parentPort, workerData } from "node:worker_threads";
import { RateLimitedBotApi, type StandInOptions } from "../tests/support/broadcast-bot-api.ts";

const api = new RateLimitedBotApi(workerData as StandInOptions);
const apiRoot = await api.start();
parentPort!.postMessage({ kind: "ready", apiRoot });
parentPort!.on("message", async (message: { kind: string }) => {
  if (message.kind === "progress") parentPort!.postMessage({ kind: "progress", accepted: api.accepted.length });
  if (message.kind === "close") {
    await api.close();
    parentPort!.postMessage({
      kind: "closed",
      accepted: api.accepted.map((entry) => ({ chatId: entry.chatId, at: entry.at })),
      tooMany: api.tooMany,
      maxInAnySecond: api.maxInAnySecond(),
    });
  }
});
