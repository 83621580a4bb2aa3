package dev.parley.adapter.in.ws.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/** The per-socket mailbox: in order, bounded, and one overflow answer for a flood. */
class SerialMailboxTest {

  @Test
  void tasks_run_in_order_and_a_full_mailbox_answers_a_flood_once() {
    ConcurrentLinkedQueue<Runnable> pending = new ConcurrentLinkedQueue<>();
    Executor manual = pending::add; // nothing runs until the test drains it
    SerialMailbox mailbox = new SerialMailbox("test", manual, 2);
    List<String> ran = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      int n = i;
      mailbox.offerOr(() -> ran.add("task " + n), () -> ran.add("overflow"));
    }
    mailbox.offerAlways(() -> ran.add("server task"));
    Runnable drain;
    while ((drain = pending.poll()) != null) drain.run();
    assertThat(ran).containsExactly("task 0", "task 1", "overflow", "server task");
  }

  @Test
  void after_the_overflow_answer_ran_a_new_flood_is_answered_again() {
    SerialMailbox mailbox = new SerialMailbox("test", Runnable::run, 0);
    List<String> ran = new ArrayList<>();
    mailbox.offerOr(() -> ran.add("task"), () -> ran.add("overflow"));
    mailbox.offerOr(() -> ran.add("task"), () -> ran.add("overflow"));
    assertThat(ran).containsExactly("overflow", "overflow");
  }
}
