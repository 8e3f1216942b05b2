-- A remote session's chat transcript gets its own column: the UI shows it apart from the
-- summary and must not have to split a note to find it. Notes written before this kept the
-- transcript after a "Chat transcript:" heading; they are split here, once.
ALTER TABLE ticket_actions ADD COLUMN transcript TEXT;

UPDATE ticket_actions
SET transcript = substr(note, instr(note, char(10) || char(10) || 'Chat transcript:' || char(10)) + 19),
    note = substr(note, 1, instr(note, char(10) || char(10) || 'Chat transcript:' || char(10)) - 1)
WHERE kind = 'remote_session'
  AND instr(note, char(10) || char(10) || 'Chat transcript:' || char(10)) > 0;
