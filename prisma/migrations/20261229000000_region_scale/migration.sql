-- CreateTable
CREATE TABLE "InboundUpdate" (
    "id" BIGSERIAL NOT NULL,
    "channel" TEXT NOT NULL,
    "updateKey" TEXT NOT NULL,
    "chatKey" TEXT NOT NULL,
    "seq" BIGINT NOT NULL,
    "payload" JSONB NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "handledAt" TIMESTAMP(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,

    CONSTRAINT "InboundUpdate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" TEXT,
    "actorLabel" TEXT NOT NULL,
    "role" TEXT,
    "via" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "districtId" TEXT,
    "schoolId" TEXT,
    "details" JSONB,

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "InboundUpdate_chatKey_handledAt_seq_idx" ON "InboundUpdate"("chatKey", "handledAt", "seq");

-- CreateIndex
CREATE INDEX "InboundUpdate_handledAt_receivedAt_idx" ON "InboundUpdate"("handledAt", "receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "InboundUpdate_channel_updateKey_key" ON "InboundUpdate"("channel", "updateKey");

-- CreateIndex
CREATE INDEX "AuditEntry_districtId_at_idx" ON "AuditEntry"("districtId", "at");

-- CreateIndex
CREATE INDEX "AuditEntry_schoolId_at_idx" ON "AuditEntry"("schoolId", "at");

-- CreateIndex
CREATE INDEX "AuditEntry_at_idx" ON "AuditEntry"("at");


-- The audit log is append-only: UPDATE and DELETE are refused unless the transaction says it is
-- the retention purge or /deletedata's erasure of an actor (SET LOCAL shnor.audit_maintenance = 'on').
CREATE FUNCTION "audit_entry_append_only"() RETURNS trigger AS $$
BEGIN
  IF coalesce(current_setting('shnor.audit_maintenance', true), '') <> 'on' THEN
    RAISE EXCEPTION 'AuditEntry is append-only' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "AuditEntry_append_only"
  BEFORE UPDATE OR DELETE ON "AuditEntry"
  FOR EACH ROW EXECUTE FUNCTION "audit_entry_append_only"();
