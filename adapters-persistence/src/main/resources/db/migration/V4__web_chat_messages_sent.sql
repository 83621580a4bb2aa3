-- Live delivery of web chats (LISTEN/NOTIFY, issue 8): how many transcript messages the chat's sockets were already
-- sent, whichever instance held them. A socket that resumes, or hears that the transcript grew (a REST turn, a
-- turn on another instance), sends the messages after it and moves it on.
ALTER TABLE web_chats ADD COLUMN messages_sent integer NOT NULL DEFAULT 0;
