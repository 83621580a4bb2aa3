-- The currency a tenant's prices and costs are written in (issue 21): an ISO 4217 code, null while the tenant has
-- not set one. A label for amounts, never a conversion: changing it relabels past costs too.
-- A setting, not conversation data: nothing here is erased with a chat.
ALTER TABLE tenants ADD COLUMN currency text CHECK (currency IS NULL OR currency ~ '^[A-Z]{3}$');
