// What every Mini App route module of the management loop (#14) and the network (#15) repeats: the path
// id check, the JSON body read, and a runner that answers 404 when the module's context is absent and
// turns the use cases' AdminError (forbidden, not found, invalid) into its HTTP answer.
import type { Context } from "hono";
import { isAdminError, type AdminError } from "../../core/services/admin.ts";
import { apiText } from "./messages.ts";

const ID_PATTERN = /^[a-z0-9]{1,40}$/;
export const NOT_FOUND = { error: "not_found", message: apiText.notFound } as const;
export const BAD_REQUEST = { error: "bad_request", message: apiText.badRequest } as const;

/** A path parameter that looks like one of our ids, or null. */
export function pathId(c: Context, name: string): string | null {
  const value = c.req.param(name);
  return value && ID_PATTERN.test(value) ? value : null;
}

/** The request's JSON body, or null when it is not JSON (the zod check then says what is wrong). */
export const jsonBody = (c: Context): Promise<unknown> => c.req.json().catch(() => null);

export function adminErrorResponse(c: Context, error: AdminError): Response {
  const status = error.kind === "forbidden" ? 403 : error.kind === "not_found" ? 404 : 400;
  return c.json({ error: error.kind, message: error.message, field: error.detail.field ?? null }, status);
}

/** Runs a use case with the module's context: a plain object is sent as JSON (200 or 201), a Response as it is. */
export function contextRunner<Ctx>(context: () => Ctx | null) {
  return async (c: Context, work: (ctx: Ctx) => Promise<object | Response>, status: 200 | 201 = 200): Promise<Response> => {
    const ctx = context();
    if (!ctx) return c.json(NOT_FOUND, 404);
    try {
      const result = await work(ctx);
      return result instanceof Response ? result : c.json(result, status);
    } catch (error) {
      if (!isAdminError(error)) throw error;
      return adminErrorResponse(c, error);
    }
  };
}
