package dev.parley.adapter.out.llm;

import dev.parley.application.port.out.LanguageModel;
import dev.parley.application.port.out.ModelRoute;
import dev.parley.domain.agent.AgentDefinition;
import dev.parley.domain.agent.ModelSettings;
import dev.parley.domain.provider.ProviderConnection;
import dev.parley.domain.session.Message;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The port the application sees: a scripted agent goes to the scripted provider; any other call walks its route —
 * the agent's connection, then its fallbacks — until one answers. A streamed reply that has already sent text is
 * never retried elsewhere (the reader would see two answers).
 */
public final class RoutingLanguageModel implements LanguageModel {
  private static final Logger LOG = LoggerFactory.getLogger(RoutingLanguageModel.class);

  private final LanguageModel scripted;
  private final LanguageModel builtInOpenAi;
  private final Function<ProviderConnection, LanguageModel> connectionModels;
  private final Map<java.util.UUID, Built> built = new ConcurrentHashMap<>();

  /** A provider made for one version of a tenant's connection (remade when the connection changes). */
  private record Built(ProviderConnection connection, LanguageModel model) {}

  /**
   * {@code connectionModels} makes the provider for a tenant's connection; {@code builtInOpenAi} serves the built-in
   * {@code openai} connection (and requests that come without a route).
   */
  public RoutingLanguageModel(LanguageModel scripted, LanguageModel builtInOpenAi,
                              Function<ProviderConnection, LanguageModel> connectionModels) {
    this.scripted = scripted;
    this.builtInOpenAi = builtInOpenAi;
    this.connectionModels = connectionModels;
  }

  @Override
  public ModelReply complete(ModelRequest request) {
    if (request.agent().model().isScripted()) return scripted.complete(request);
    if (request.route().isEmpty()) return builtInOpenAi.complete(request);
    return walk(request.route(), target -> metered(providerFor(target).complete(retargeted(request, target)), target), () -> false);
  }

  @Override
  public ModelReply stream(ModelRequest request, Consumer<String> sink) {
    if (request.agent().model().isScripted()) return scripted.stream(request, sink);
    if (request.route().isEmpty()) return builtInOpenAi.stream(request, sink);
    AtomicBoolean sent = new AtomicBoolean();
    Consumer<String> noting = piece -> {
      sent.set(true);
      sink.accept(piece);
    };
    return walk(request.route(), target -> metered(providerFor(target).stream(retargeted(request, target), noting), target),
        sent::get);
  }

  @Override
  public Analysis analyze(AgentDefinition agent, ModelRoute route, List<Message> transcript, String finalReason) {
    if (agent.model().isScripted()) return scripted.analyze(agent, route, transcript, finalReason);
    if (route == null || route.isEmpty()) return builtInOpenAi.analyze(agent, route, transcript, finalReason);
    List<Metering> calls = new java.util.ArrayList<>(); // every target that answered used tokens, a failed one too
    Map<String, Object> last = null;
    for (ModelRoute.Target target : route.targets()) {
      Analysis analysis = providerFor(target).analyze(retargeted(agent, target), new ModelRoute(List.of(target)), transcript, finalReason);
      analysis.calls().forEach(m -> calls.add(metering(m, target)));
      last = analysis.result();
      if (!analysis.failed()) break;
    }
    return new Analysis(last, calls);
  }

  @Override
  public List<String> validate(AgentDefinition agent) {
    return agent.model().isScripted() ? scripted.validate(agent) : builtInOpenAi.validate(agent);
  }

  private <T> T walk(ModelRoute route, Function<ModelRoute.Target, T> call, java.util.function.BooleanSupplier committed) {
    ModelUnavailableException last = null;
    for (ModelRoute.Target target : route.targets()) {
      try {
        return call.apply(target);
      } catch (ModelUnavailableException e) {
        if (committed.getAsBoolean()) throw e;
        if (last != null) e.addSuppressed(last);
        last = e;
        LOG.warn("provider connection {} could not answer: {}", target, e.getMessage());
      }
    }
    if (route.targets().size() == 1) throw last;
    throw new ModelUnavailableException("no provider connection of the route answered (" + route.targets().size()
        + " tried); the last: " + last.getMessage(), last);
  }

  /** The reply marked with the connection that answered and the model: the one the endpoint named, else the one asked. */
  private static ModelReply metered(ModelReply reply, ModelRoute.Target target) {
    return reply.withMetering(metering(reply.metering(), target));
  }

  private static Metering metering(Metering m, ModelRoute.Target target) {
    String asked = target.model() != null ? target.model() : target.connection().defaultModel();
    String model = m != null && m.model() != null ? m.model() : asked;
    return new Metering(target.provider(), model, m == null ? null : m.usage());
  }

  private LanguageModel providerFor(ModelRoute.Target target) {
    ProviderConnection connection = target.connection();
    if (connection.builtIn()) return builtInOpenAi;
    Built current = built.compute(connection.id(), (id, b) ->
        b != null && b.connection().equals(connection) ? b : new Built(connection, connectionModels.apply(connection)));
    return current.model();
  }

  private static ModelRequest retargeted(ModelRequest request, ModelRoute.Target target) {
    return new ModelRequest(retargeted(request.agent(), target), request.systemPrompt(), request.history(),
        request.variables(), request.unknownVariables(), new ModelRoute(List.of(target)));
  }

  /** The agent as the target's provider sees it: that connection and model (a base URL only for the agent's own openai). */
  private static AgentDefinition retargeted(AgentDefinition agent, ModelRoute.Target target) {
    ModelSettings m = agent.model();
    boolean same = m.provider().equals(target.provider()) && java.util.Objects.equals(m.model(), target.model());
    if (same) return agent;
    String model = target.model() == null ? target.connection().defaultModel() : target.model();
    ModelSettings settings = new ModelSettings(target.provider(), model,
        target.connection().builtIn() && m.provider().equals(ModelSettings.OPENAI_PROVIDER) ? m.baseUrl() : null,
        m.temperature(), m.maxTokens());
    return new AgentDefinition(agent.name(), agent.prompt(), agent.greeting(), settings, agent.script(), agent.tools(),
        agent.completionWebhook(), agent.analysisFields(), agent.defaultTtlSeconds(), agent.maxFailedTurns());
  }
}
