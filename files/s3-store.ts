// The file store in an S3-compatible object storage (#14): Yandex Object Storage, VK Cloud, Selectel,
// MinIO, AWS S3. Path-style addresses (<endpoint>/<bucket>/<key>), requests signed with AWS Signature
// Version 4 using node:crypto only (no SDK). Used by the server when S3_ENDPOINT, S3_BUCKET,
// S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY are set (server/config.ts); otherwise files stay on disk.
import { createHash, createHmac } from "node:crypto";
import type { FileStore } from "../core/services/file-store-ports.ts";

const KEY = /^[a-z][a-z0-9-]{0,30}\/[A-Za-z0-9_-]{1,80}$/;

export interface S3Options {
  /** "https://storage.yandexcloud.net" (no bucket in it). */
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Default "us-east-1" (MinIO's default; Yandex uses "ru-central1"). */
  region?: string;
  fetch?: typeof fetch;
  /** The signing time (tests). */
  now?: () => Date;
}

const sha256Hex = (data: string | Uint8Array) => createHash("sha256").update(data).digest("hex");
const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data).digest();

/** RFC 3986 encoding of one path segment, as SigV4 wants it (S3: the path is encoded once). */
const encodeSegment = (segment: string) =>
  encodeURIComponent(segment).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);

export interface SignInput {
  method: string;
  /** host[:port], as sent in the Host header. */
  host: string;
  /** The decoded path, "/bucket/key". */
  path: string;
  /** Canonical query string, already sorted and encoded ("" when none). */
  query?: string;
  /** Extra headers to sign (lower- or mixed-case names). */
  headers?: Record<string, string>;
  payloadHash: string;
  at: Date;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  service?: string;
}

/** AWS Signature Version 4: the headers to send (Authorization, x-amz-date, x-amz-content-sha256). */
export function signV4(input: SignInput): Record<string, string> {
  const amzDate = input.at.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
  const day = amzDate.slice(0, 8);
  const service = input.service ?? "s3";
  const headers: Record<string, string> = { host: input.host, "x-amz-content-sha256": input.payloadHash, "x-amz-date": amzDate };
  for (const [name, value] of Object.entries(input.headers ?? {})) headers[name.toLowerCase()] = value;
  const names = Object.keys(headers).sort();
  const canonicalHeaders = names.map((name) => `${name}:${headers[name]!.trim().replace(/\s+/g, " ")}\n`).join("");
  const signedHeaders = names.join(";");
  const canonicalPath = input.path.split("/").map(encodeSegment).join("/");
  const canonicalRequest = [input.method, canonicalPath, input.query ?? "", canonicalHeaders, signedHeaders, input.payloadHash].join("\n");
  const scope = `${day}/${input.region}/${service}/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256Hex(canonicalRequest)].join("\n");
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${input.secretAccessKey}`, day), input.region), service), "aws4_request");
  const signature = createHmac("sha256", signingKey).update(stringToSign).digest("hex");
  const { host: _host, ...sent } = headers;
  return {
    ...sent,
    authorization: `AWS4-HMAC-SHA256 Credential=${input.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  };
}

export function s3FileStore(options: S3Options): FileStore {
  const base = new URL(options.endpoint);
  const region = options.region ?? "us-east-1";
  const doFetch = options.fetch ?? fetch;
  const basePath = base.pathname.replace(/\/+$/, "");

  async function request(method: "PUT" | "GET" | "DELETE", key: string, body?: Uint8Array, contentType?: string): Promise<Response> {
    if (!KEY.test(key)) throw new Error(`file store: bad key ${JSON.stringify(key)}`);
    const path = `${basePath}/${options.bucket}/${key}`;
    const payloadHash = sha256Hex(body ?? new Uint8Array());
    const extra: Record<string, string> = contentType ? { "content-type": contentType } : {};
    const headers = signV4({ method, host: base.host, path, headers: extra, payloadHash, at: options.now?.() ?? new Date(), region, accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey });
    const url = `${base.protocol}//${base.host}${path.split("/").map(encodeSegment).join("/")}`;
    return doFetch(url, { method, headers, body: body as BodyInit | undefined });
  }

  const failed = async (what: string, response: Response) => new Error(`S3 ${what}: HTTP ${response.status} ${(await response.text().catch(() => "")).slice(0, 200)}`);

  return {
    kind: "s3",
    async put(key, content, mimeType) {
      const response = await request("PUT", key, content, mimeType);
      if (!response.ok) throw await failed("put", response);
      await response.arrayBuffer().catch(() => undefined);
    },
    async get(key) {
      const response = await request("GET", key);
      if (response.status === 404) {
        await response.arrayBuffer().catch(() => undefined);
        return null;
      }
      if (!response.ok) throw await failed("get", response);
      return new Uint8Array(await response.arrayBuffer());
    },
    async delete(key) {
      const response = await request("DELETE", key);
      if (!response.ok && response.status !== 404) throw await failed("delete", response);
      await response.arrayBuffer().catch(() => undefined);
    },
  };
}

/** The S3 settings from the configuration, when all four are set; null: the disk store. */
export function s3OptionsFrom(config: { S3_ENDPOINT?: string; S3_BUCKET?: string; S3_ACCESS_KEY_ID?: string; S3_SECRET_ACCESS_KEY?: string; S3_REGION?: string }): S3Options | null {
  if (!config.S3_ENDPOINT || !config.S3_BUCKET || !config.S3_ACCESS_KEY_ID || !config.S3_SECRET_ACCESS_KEY) return null;
  return { endpoint: config.S3_ENDPOINT, bucket: config.S3_BUCKET, accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY, region: config.S3_REGION ?? "us-east-1" };
}
