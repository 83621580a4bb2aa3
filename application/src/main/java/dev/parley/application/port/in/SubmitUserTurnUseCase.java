package dev.parley.application.port.in;

import dev.parley.application.port.out.ClientTools;
import dev.parley.application.port.out.TurnListener;

/**
 * Inbound port: one user turn on a stateful session. Implemented by {@code usecase.chat.SubmitUserTurn}.
 */
public interface SubmitUserTurnUseCase {
  TurnResult submit(SubmitTurnCommand cmd);

  /**
   * The checks a streaming transport makes before it commits to a stream: valid input, the chat exists and is
   * active. The turn itself checks again (the chat may end in between).
   */
  void precheck(SubmitTurnCommand cmd);

  TurnResult submit(SubmitTurnCommand cmd, ClientTools clientTools, TurnListener listener);
}
