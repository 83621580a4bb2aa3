package dev.parley.application.port.in;

import java.util.UUID;

/**
 * Inbound port: erase an end user of the multi-tenant API — every chat that carries their user_id, at once, and the
 * user record. Implemented by {@code usecase.erasure.EraseUser}.
 */
public interface EraseUserUseCase {
  /** Answers how many chats were erased (0 when the user had none left: erasing twice is not an error). */
  int erase(UUID tenantId, String userId, String erasedBy);
}
