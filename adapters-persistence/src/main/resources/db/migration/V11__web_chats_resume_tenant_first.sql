-- Every unique key starts with tenant_id, so the tables can be distributed by tenant (docs/scaling.md, "Beyond one
-- PostgreSQL"; TenantFirstKeysTest). A resume is looked up within the tenant of the web integration the socket
-- presented, which is known by then.
DROP INDEX web_chats_resume;
CREATE UNIQUE INDEX web_chats_resume ON web_chats (tenant_id, resume_hash);
