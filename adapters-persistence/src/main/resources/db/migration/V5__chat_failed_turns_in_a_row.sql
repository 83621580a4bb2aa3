-- How many turns in a row of an active chat could not be answered (the model failed); a successful turn sets it
-- back to 0, and at the agent's max_failed_turns the chat ends with reason 'error' (#17.6). Stored, not kept in
-- memory, so the count survives restarts and holds across instances.
ALTER TABLE chat_sessions ADD COLUMN failed_turns integer NOT NULL DEFAULT 0;
