-- pg_trgm ships with PostgreSQL (contrib) and is a trusted extension since PostgreSQL 13: the
-- database's owner may create it without superuser rights. PGlite loads it at start (src/db/database.ts).
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE INDEX "vacancies_search_trgm_idx" ON "vacancies" USING gin ("search_text" gin_trgm_ops) WITH (fastupdate=false);
