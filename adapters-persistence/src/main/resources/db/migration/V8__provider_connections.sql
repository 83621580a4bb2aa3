-- A tenant's connections to model providers (issue 21). Secrets are sealed by the application's SecretSealer
-- (Tink AES-256-GCM, bound to tenant, connection and field): api_key holds one sealed value, headers a JSON object of
-- header name -> sealed value. No conversation data lives here.
CREATE TABLE provider_connections (
  tenant_id     uuid        NOT NULL REFERENCES tenants (id),
  id            uuid        NOT NULL,
  name          text        NOT NULL,
  kind          text        NOT NULL CHECK (kind IN ('openai', 'anthropic')),
  base_url      text        NOT NULL,
  api_key       text,
  default_model text,
  headers       jsonb       NOT NULL DEFAULT '{}',
  prices        jsonb       NOT NULL DEFAULT '{}',
  max_retries   integer,
  created_at    timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  CONSTRAINT provider_connections_name UNIQUE (tenant_id, name)
);
