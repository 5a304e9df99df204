-- The send slots of a channel are (1000 + tolerance)/N ms apart, a fraction of a millisecond
-- (server/outbox.ts): at millisecond precision every slot rounded up and the pace lost ~1 %.
ALTER TABLE "ChannelThrottle" ALTER COLUMN "nextSendAt" TYPE TIMESTAMP(6);
