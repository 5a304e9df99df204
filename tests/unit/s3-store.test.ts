// The S3-compatible file store (#14): the SigV4 signature against AWS's published example (GET Object,
// examplebucket), and put/get/delete against a small local HTTP stand-in that checks the
// Authorization header's shape, the signed headers, the payload hash and the path-style address.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { s3FileStore, s3OptionsFrom, signV4 } from "../../files/s3-store.ts";

describe("SigV4", () => {
  it("matches AWS's example «GET Object» signature", () => {
    // docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html, example 1.
    const headers = signV4({
      method: "GET",
      host: "examplebucket.s3.amazonaws.com",
      path: "/test.txt",
      headers: { Range: "bytes=0-9" },
      payloadHash: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
      at: new Date("2013-05-24T00:00:00Z"),
      region: "us-east-1",
      accessKeyId: "AKIAIOSFODNN7EXAMPLE",
      secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    });
    expect(headers.authorization).toBe(
      "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
    );
    expect(headers["x-amz-date"]).toBe("20130524T000000Z");
  });
});

describe("s3FileStore against a local stand-in", () => {
  const objects = new Map<string, { body: Buffer; type: string | undefined }>();
  const seen: Array<{ method: string; url: string; authorization: string }> = [];
  let server: http.Server;
  let endpoint: string;
  const AUTH = /^AWS4-HMAC-SHA256 Credential=TESTKEY\/\d{8}\/ru-central1\/s3\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=[0-9a-f]{64}$/;

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const body = Buffer.concat(chunks);
        const authorization = String(request.headers.authorization ?? "");
        seen.push({ method: request.method!, url: request.url!, authorization });
        const match = AUTH.exec(authorization);
        const signed = match?.[1]?.split(";") ?? [];
        const hash = createHash("sha256").update(body).digest("hex");
        if (!match || !signed.includes("host") || !signed.includes("x-amz-date") || request.headers["x-amz-content-sha256"] !== hash || !/^\d{8}T\d{6}Z$/.test(String(request.headers["x-amz-date"]))) {
          response.writeHead(403).end("SignatureDoesNotMatch");
          return;
        }
        if (!request.url!.startsWith("/shnor-files/")) {
          response.writeHead(404).end("NoSuchBucket");
          return;
        }
        const key = request.url!;
        if (request.method === "PUT") {
          objects.set(key, { body, type: request.headers["content-type"] });
          response.writeHead(200).end();
        } else if (request.method === "GET") {
          const found = objects.get(key);
          if (!found) response.writeHead(404).end("NoSuchKey");
          else response.writeHead(200, { "content-type": found.type ?? "application/octet-stream" }).end(found.body);
        } else if (request.method === "DELETE") {
          objects.delete(key);
          response.writeHead(204).end();
        } else response.writeHead(405).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it("puts, gets and deletes objects under path-style addresses", async () => {
    const store = s3FileStore({ endpoint, bucket: "shnor-files", accessKeyId: "TESTKEY", secretAccessKey: "secret", region: "ru-central1" });
    expect(store.kind).toBe("s3");
    const content = new TextEncoder().encode("протокол совещания");
    await store.put("evidence/abc-123", content, "application/pdf");
    expect(objects.get("/shnor-files/evidence/abc-123")).toMatchObject({ type: "application/pdf" });
    expect(seen.at(-1)!.authorization).toMatch(/SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date,/);
    expect(new TextDecoder().decode((await store.get("evidence/abc-123"))!)).toBe("протокол совещания");
    expect(await store.get("evidence/none")).toBeNull();
    await store.delete("evidence/abc-123");
    expect(await store.get("evidence/abc-123")).toBeNull();
    expect(seen.map((request) => request.method)).toEqual(["PUT", "GET", "GET", "DELETE", "GET"]);
  });

  it("refuses keys that could leave the bucket's folder, and reports a refused signature", async () => {
    const store = s3FileStore({ endpoint, bucket: "shnor-files", accessKeyId: "TESTKEY", secretAccessKey: "secret", region: "ru-central1" });
    await expect(store.put("../etc/passwd", new Uint8Array([1]), "text/plain")).rejects.toThrow(/bad key/);
    const wrongRegion = s3FileStore({ endpoint, bucket: "shnor-files", accessKeyId: "TESTKEY", secretAccessKey: "secret" });
    await expect(wrongRegion.put("evidence/x", new Uint8Array([1]), "text/plain")).rejects.toThrow(/HTTP 403/);
  });

  it("is chosen only when all four settings are there", () => {
    expect(s3OptionsFrom({ S3_ENDPOINT: endpoint, S3_BUCKET: "b", S3_ACCESS_KEY_ID: "k" })).toBeNull();
    expect(s3OptionsFrom({ S3_ENDPOINT: endpoint, S3_BUCKET: "b", S3_ACCESS_KEY_ID: "k", S3_SECRET_ACCESS_KEY: "s" })).toMatchObject({ region: "us-east-1", bucket: "b" });
  });
});
