package dev.parley.adapter.out.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.application.port.out.LanguageModel;
import dev.parley.application.port.out.ModelRoute;
import dev.parley.domain.agent.AgentDefinition;
import dev.parley.domain.agent.ModelSettings;
import dev.parley.domain.provider.ProviderConnection;
import dev.parley.domain.session.Message;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class RoutingLanguageModelTest {

  /** Answers with its own name and the model it was asked for, or fails; records every call. */
  private static final class Named implements LanguageModel {
    final String name;
    final boolean fails;
    final String streamBeforeFailing;
    final List<String> asked = new ArrayList<>();

    Named(String name, boolean fails, String streamBeforeFailing) {
      this.name = name;
      this.fails = fails;
      this.streamBeforeFailing = streamBeforeFailing;
    }

    Named(String name) {
      this(name, false, null);
    }

    @Override
    public ModelReply complete(ModelRequest request) {
      asked.add(request.agent().model().provider() + "/" + request.agent().model().model());
      if (fails) throw new ModelUnavailableException(name + " is down", null);
      return new TextReply(name + ":" + request.agent().model().model(), false);
    }

    @Override
    public ModelReply stream(ModelRequest request, Consumer<String> sink) {
      if (streamBeforeFailing != null) sink.accept(streamBeforeFailing);
      return complete(request);
    }

    @Override
    public Analysis analyze(AgentDefinition agent, ModelRoute route, List<Message> transcript, String finalReason) {
      // a failed analysis still had an answer (say, not JSON) that used tokens
      List<Metering> call = List.of(new Metering(null, null, new dev.parley.domain.session.Usage(10, 2, 0)));
      if (fails) return new Analysis(Map.of("error", name + " is down"), call);
      return new Analysis(Map.of("by", name), call);
    }

    @Override
    public List<String> validate(AgentDefinition agent) {
      return List.of(name);
    }
  }

  private final Named scripted = new Named("scripted");
  private final Named builtIn = new Named("openai");
  private final Map<String, Named> tenantModels = new java.util.HashMap<>();
  private final RoutingLanguageModel router = new RoutingLanguageModel(scripted, builtIn,
      connection -> tenantModels.get(connection.name()));

  @Test
  void scripted_agents_go_to_the_scripted_provider_and_routeless_requests_to_the_built_in_openai() {
    AgentDefinition scriptedAgent = agent(ModelSettings.SCRIPTED);
    AgentDefinition openAi = agent(new ModelSettings("openai", "m", null, null, null));

    assertThat(router.complete(new LanguageModel.ModelRequest(scriptedAgent, "", List.of(), Map.of())))
        .isEqualTo(new LanguageModel.TextReply("scripted:null", false));
    assertThat(router.stream(new LanguageModel.ModelRequest(openAi, "", List.of(), Map.of()), piece -> {}))
        .isEqualTo(new LanguageModel.TextReply("openai:m", false));
    assertThat(router.analyze(openAi, ModelRoute.NONE, List.of(), null).result()).containsEntry("by", "openai");
    assertThat(router.validate(scriptedAgent)).containsExactly("scripted");
  }

  @Test
  void a_failing_connection_falls_back_to_the_next_target_with_its_model() {
    tenantModels.put("primary", new Named("primary", true, null));
    tenantModels.put("backup", new Named("backup"));
    AgentDefinition agent = agent(new ModelSettings("primary", "big", null, null, null,
        List.of(new ModelSettings.ModelChoice("backup", "small"))));
    ModelRoute route = new ModelRoute(List.of(new ModelRoute.Target(connection("primary"), "big"),
        new ModelRoute.Target(connection("backup"), "small")));

    LanguageModel.ModelReply reply = router.complete(new LanguageModel.ModelRequest(agent, "", List.of(), Map.of(), n -> {}, route));

    assertThat(reply).isEqualTo(new LanguageModel.TextReply("backup:small", false,
        new LanguageModel.Metering("backup", "small", null))); // the connection and model that answered
    assertThat(tenantModels.get("primary").asked).containsExactly("primary/big");
    assertThat(tenantModels.get("backup").asked).containsExactly("backup/small");
    LanguageModel.Analysis analysis = router.analyze(agent, route, List.of(), "user_end");
    assertThat(analysis.result()).containsEntry("by", "backup");
    // both calls answered and used tokens: each is named for booking with its connection and the model asked
    assertThat(analysis.calls()).containsExactly(
        new LanguageModel.Metering("primary", "big", new dev.parley.domain.session.Usage(10, 2, 0)),
        new LanguageModel.Metering("backup", "small", new dev.parley.domain.session.Usage(10, 2, 0)));
  }

  @Test
  void every_target_failing_is_one_unavailable_model_naming_the_last_failure() {
    tenantModels.put("a", new Named("a", true, null));
    tenantModels.put("b", new Named("b", true, null));
    ModelRoute route = new ModelRoute(List.of(new ModelRoute.Target(connection("a"), null), new ModelRoute.Target(connection("b"), null)));
    AgentDefinition agent = agent(new ModelSettings("a", null, null, null, null, List.of(new ModelSettings.ModelChoice("b", null))));

    assertThatThrownBy(() -> router.complete(new LanguageModel.ModelRequest(agent, "", List.of(), Map.of(), n -> {}, route)))
        .isInstanceOf(LanguageModel.ModelUnavailableException.class).hasMessageContaining("2 tried").hasMessageContaining("b is down");
  }

  @Test
  void a_stream_that_already_sent_text_is_not_retried_elsewhere() {
    tenantModels.put("a", new Named("a", true, "partial "));
    tenantModels.put("b", new Named("b"));
    ModelRoute route = new ModelRoute(List.of(new ModelRoute.Target(connection("a"), null), new ModelRoute.Target(connection("b"), null)));
    AgentDefinition agent = agent(new ModelSettings("a", null, null, null, null, List.of(new ModelSettings.ModelChoice("b", null))));
    List<String> pieces = new ArrayList<>();

    assertThatThrownBy(() -> router.stream(new LanguageModel.ModelRequest(agent, "", List.of(), Map.of(), n -> {}, route), pieces::add))
        .hasMessageContaining("a is down");
    assertThat(pieces).containsExactly("partial ");
    assertThat(tenantModels.get("b").asked).isEmpty();
  }

  private static ProviderConnection connection(String name) {
    return new ProviderConnection(UUID.nameUUIDFromBytes(name.getBytes()), UUID.randomUUID(), name, ProviderConnection.Kind.OPENAI,
        "http://127.0.0.1:9/v1", "key-" + name, null, Map.of(), Map.of(), 0, Instant.EPOCH, Instant.EPOCH);
  }

  private static AgentDefinition agent(ModelSettings settings) {
    return new AgentDefinition("Bot", "p", null, settings, null, List.of(), null, List.of(), null);
  }
}
