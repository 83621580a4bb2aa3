package dev.parley.bootstrap.reliability;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.adapter.in.rest.agent.AgentDocumentDto;
import dev.parley.adapter.in.rest.chat.OpenChatRequest;
import dev.parley.adapter.out.llm.ScriptedLanguageModel;
import dev.parley.application.port.out.LanguageModel;
import dev.parley.domain.agent.AgentDefinition;
import dev.parley.domain.common.InvalidValueException;
import dev.parley.domain.session.AdditionalData;
import dev.parley.domain.session.ExternalEndpoint;
import dev.parley.domain.session.Message;
import dev.parley.domain.session.Ttl;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Coverage-guided fuzzing (Jazzer) of the JSON request handling, below HTTP: a request body is parsed the way the
 * server parses it (Micronaut Serde into the wire DTO), mapped to the domain, validated by the scripted provider
 * and run. The only failures allowed are a parse error (the server answers 400) and the domain's
 * InvalidValueException (400); anything else (NullPointerException, ClassCastException, a regex engine error,
 * StackOverflowError...) is a finding.
 *
 * <p>In CI the tests run in regression mode over the committed inputs in
 * src/test/resources/dev/parley/bootstrap/reliability/RequestHandlingFuzzTestInputs/&lt;method&gt;/. The soak
 * command fuzzes each one for real (JAZZER_FUZZ=1); a finding is written there as a crash file to commit.
 */
class RequestHandlingFuzzTest {
  private static final JsonMapper JSON = JsonMapper.createDefault();
  private static final LanguageModel SCRIPTED = new ScriptedLanguageModel();
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @FuzzTest(maxDuration = "2m")
  void agent_document_json(byte[] body) {
    AgentDocumentDto dto;
    try {
      dto = JSON.readValue(body, Argument.of(AgentDocumentDto.class));
    } catch (IOException | RuntimeException parseError) {
      if (parseError instanceof RuntimeException r && !isSerdeError(r)) throw r;
      return; // malformed JSON or wrong types: the server answers 400
    }
    if (dto == null) return;
    AgentDefinition definition;
    try {
      definition = dto.toDefinition();
    } catch (InvalidValueException expected) {
      return;
    }
    List<String> problems = SCRIPTED.validate(definition);
    if (!problems.isEmpty()) return; // the server answers 400 with these
    SCRIPTED.complete(new LanguageModel.ModelRequest(definition, "system", List.of(Message.user("hello", NOW)), Map.of()));
  }

  @FuzzTest(maxDuration = "2m")
  void open_chat_json(byte[] body) {
    OpenChatRequest request;
    try {
      request = JSON.readValue(body, Argument.of(OpenChatRequest.class));
    } catch (IOException | RuntimeException parseError) {
      if (parseError instanceof RuntimeException r && !isSerdeError(r)) throw r;
      return;
    }
    if (request == null) return;
    try {
      Ttl.ofNullable(request.ttlSeconds());
      AdditionalData.of(request.additionalData());
      if (request.channel() != null && request.externalId() != null) ExternalEndpoint.of(request.channel(), request.externalId());
    } catch (InvalidValueException expected) {
      // 400
    }
  }

  @FuzzTest(maxDuration = "2m")
  void scripted_rule_pattern_reply_and_user_text(FuzzedDataProvider data) {
    String pattern = data.consumeString(200);
    String reply = data.consumeString(300);
    boolean finish = data.consumeBoolean();
    String fallback = data.consumeString(100);
    String text = data.consumeRemainingAsString();
    AgentDocumentDto dto = new AgentDocumentDto("fuzz", null, null, null,
        new AgentDocumentDto.ScriptDto(List.of(new AgentDocumentDto.Rule(pattern, null, reply, finish)), fallback),
        null, null, null, null);
    AgentDefinition definition;
    try {
      definition = dto.toDefinition();
    } catch (InvalidValueException expected) {
      return;
    }
    if (!SCRIPTED.validate(definition).isEmpty()) return;
    try {
      Message user = Message.user(text, NOW);
      SCRIPTED.complete(new LanguageModel.ModelRequest(definition, "system", List.of(user), Map.of("name", text)));
      SCRIPTED.analyze(definition, List.of(user), "user_end");
    } catch (InvalidValueException expected) {
      // an empty or oversized user message is refused before it reaches a model
    }
  }

  private static boolean isSerdeError(RuntimeException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String name = t.getClass().getName();
      if (name.startsWith("io.micronaut.serde") || name.startsWith("com.fasterxml.jackson") || name.startsWith("io.micronaut.json")
          || name.startsWith("io.micronaut.core.convert")) return true;
    }
    return false;
  }
}
