package dev.parley.adapter.in.ws.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Live delivery's cursor: which notifications need a catch-up, and which the socket's own turn covers. */
class LiveCursorTest {

  @Test
  void only_a_transcript_longer_than_what_was_shown_needs_a_catch_up() {
    LiveCursor cursor = new LiveCursor(4);
    assertThat(cursor.noticed(3)).isFalse();
    assertThat(cursor.noticed(4)).isFalse();
    assertThat(cursor.noticed(6)).isTrue();
    assertThat(cursor.advanceTo(6)).isTrue();
    assertThat(cursor.advanceTo(5)).as("never back").isFalse();
    assertThat(cursor.shown()).isEqualTo(6);
  }

  @Test
  void the_own_turns_notification_costs_nothing_and_a_later_one_is_caught_up_after_the_turn() {
    LiveCursor cursor = new LiveCursor(2);
    cursor.ownTurnStarted();
    assertThat(cursor.noticed(4)).as("held back during the own turn").isFalse();
    cursor.advanceTo(4); // the own turn's commit is shown: messages 2 and 3
    assertThat(cursor.ownTurnEnded()).as("its own notification is covered").isFalse();
    assertThat(cursor.noticed(4)).as("and arriving late it is nothing").isFalse();

    cursor.ownTurnStarted();
    assertThat(cursor.noticed(8)).isFalse(); // a REST turn committed after this one
    cursor.advanceTo(6);
    assertThat(cursor.ownTurnEnded()).as("messages 6 and 7 are still to be shown").isTrue();
  }
}
