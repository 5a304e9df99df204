-- The Telegram diagnostic no longer runs as a grammY conversation (issue #10): every answer is one
-- turn of the core, whose state is the response's cursor. The conversation state table goes; a
-- waiting state in it held nothing the answers table does not.
DROP TABLE IF EXISTS "Session";
