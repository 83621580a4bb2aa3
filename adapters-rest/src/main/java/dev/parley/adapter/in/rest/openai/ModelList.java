package dev.parley.adapter.in.rest.openai;

import dev.parley.domain.agent.Agent;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** OpenAI's model list: the tenant's agents, each a model whose id is the agent id. */
@Serdeable(naming = SnakeCaseStrategy.class)
@Schema(name = "OpenAiModelList")
public record ModelList(@Schema(allowableValues = "list") String object, List<Model> data) {

  /** An agent as a model; {@code name} is the agent's name (an addition to OpenAI's fields). */
  @Serdeable(naming = SnakeCaseStrategy.class)
  @Schema(name = "OpenAiModel")
  public record Model(@Schema(description = "The agent id") String id, @Schema(allowableValues = "model") String object,
                      @Schema(description = "When the agent was created, in Unix seconds") long created,
                      @Schema(description = "Always parley") String ownedBy, @Schema(description = "The agent's name") String name) {
    static Model of(Agent agent) {
      return new Model(agent.id().toString(), "model", agent.createdAt().getEpochSecond(), "parley", agent.definition().name());
    }
  }
}
