package dev.parley.bootstrap.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.bootstrap.support.ApiTestBase;
import dev.parley.bootstrap.support.HttpJson;
import dev.parley.bootstrap.support.OpenApiTraffic;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.parser.OpenAPIV3Parser;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The served OpenAPI document says what the API does; every API test's traffic is checked against it too (HttpJson). */
class OpenApiContractTest extends ApiTestBase {
  private OpenAPI document;
  private final Map<String, Operation> byId = new HashMap<>();
  private final Map<String, String> routeOf = new HashMap<>();

  @BeforeAll
  void readServedDocument() {
    String yaml = http.get("/swagger/parley-0.1.yml").body();
    document = new OpenAPIV3Parser().readContents(yaml).getOpenAPI();
    document.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, op) -> {
      assertThat(op.getOperationId()).as(method + " " + path).matches("[a-z][a-zA-Z0-9]+");
      assertThat(byId.put(op.getOperationId(), op)).as("operationId " + op.getOperationId() + " is unique").isNull();
      routeOf.put(op.getOperationId(), method + " " + path);
    }));
  }

  @Test
  void every_operation_has_a_stable_lower_camel_operation_id() {
    assertThat(routeOf).containsEntry("createAgent", "POST /api/v1/agents").containsEntry("openChat", "POST /api/v1/chats")
        .containsEntry("sendMessage", "POST /api/v1/chats/{id}/messages").containsEntry("endChat", "POST /api/v1/chats/{id}/end")
        .containsEntry("getChat", "GET /api/v1/chats/{id}").containsEntry("listWebhookDeliveries", "GET /api/v1/webhook-deliveries");
  }

  @Test
  void creates_answer_201_deletes_204_and_every_error_is_the_shared_problem() {
    assertThat(byId.get("createAgent").getResponses()).containsKey("201").doesNotContainKey("200");
    assertThat(byId.get("openChat").getResponses()).containsKeys("201", "200");
    assertThat(byId.get("deleteAgent").getResponses()).containsKey("204").doesNotContainKey("200");
    assertThat(byId.get("eraseChat").getResponses()).containsKey("204");
    assertThat(byId.get("sendMessage").getResponses().get("200").getContent()).containsKeys("application/json", "text/event-stream");
    byId.forEach((id, op) -> op.getResponses().forEach((status, declared) -> {
      ApiResponse response = resolve(declared);
      if (status.startsWith("4")) {
        assertThat(response.getContent()).as(id + " " + status).containsOnlyKeys("application/problem+json");
        // the OpenAI-compatible facade's problems also carry OpenAI's error member (decision 0014)
        String problem = routeOf.get(id).contains(" /api/v1/openai/") ? "OpenAiProblem" : "Problem";
        assertThat(response.getContent().get("application/problem+json").getSchema().get$ref())
            .as(id + " " + status).isEqualTo("#/components/schemas/" + problem);
      } else {
        assertThat(response.getDescription()).as(id + " " + status).doesNotEndWith(status + " response");
      }
    }));
    assertThat(byId.get("getChat").getResponses()).containsKeys("400", "401", "404", "429");
    // the shared error answers are written once, in components.responses, and referred to
    assertThat(byId.get("getChat").getResponses().get("400").get$ref()).isEqualTo("#/components/responses/BadRequest");
    assertThat(byId.get("createAgent").getResponses().get("429").get$ref()).isEqualTo("#/components/responses/TooManyRequests");
    assertThat(byId.get("createAgent").getResponses().get("403").get$ref()).isEqualTo("#/components/responses/Forbidden");
    assertThat(document.getComponents().getResponses()).containsKeys("BadRequest", "Unauthorized", "Forbidden", "NotFound", "Conflict",
        "PayloadTooLarge", "UnsupportedMediaType", "UnprocessableContent", "TooManyRequests", "ServiceUnavailable");
    assertThat(document.getComponents().getSchemas().get("Problem").getProperties())
        .containsKeys("type", "title", "status", "detail", "code", "field", "errors");
    assertThat(document.getComponents().getSchemas().get("OpenAiProblem").getProperties())
        .containsKeys("type", "title", "status", "detail", "code", "field", "errors", "error");
  }

  @Test
  void admin_routes_take_only_the_operator_key_and_tenant_routes_the_api_key_or_bearer() {
    assertThat(document.getComponents().getSecuritySchemes()).containsKeys("apiKey", "bearer", "adminKey");
    assertThat(document.getComponents().getSecuritySchemes().get("apiKey").getDescription())
        .as("the scopes are stated where keys are").contains("`admin`", "`operator`", "`read`", "insufficient_scope");
    assertThat(document.getSecurity()).extracting(SecurityRequirement::keySet).containsExactlyInAnyOrder(
        java.util.Set.of("apiKey"), java.util.Set.of("bearer"));
    document.getPaths().forEach((path, item) -> {
      if (!path.startsWith("/api/v1/admin")) return;
      for (Operation op : item.readOperations()) {
        assertThat(op.getSecurity()).as(path).extracting(SecurityRequirement::keySet).containsExactly(java.util.Set.of("adminKey"));
        assertThat(op.getParameters() == null ? List.of() : op.getParameters()).as(path)
            .noneMatch(p -> p.getName().equalsIgnoreCase("X-Admin-Key"));
      }
    });
  }

  @Test
  void free_form_bags_take_any_json_and_the_chat_list_says_its_ranges() {
    Map<String, Schema> schemas = document.getComponents().getSchemas();
    for (String bag : List.of("additional_data", "metadata")) {
      assertThat(property(schemas.get("OpenChatRequest"), bag).getAdditionalProperties()).as(bag).isEqualTo(true);
    }
    assertThat(property(schemas.get("ActivityResponse.Entry"), "detail").getAdditionalProperties()).isEqualTo(true);
    var take = byId.get("listChats").getParameters().stream().filter(p -> p.getName().equals("take")).findFirst().orElseThrow();
    assertThat(take.getSchema().getMinimum()).isEqualByComparingTo("1");
    assertThat(take.getSchema().getMaximum()).isEqualByComparingTo("200");
    var state = byId.get("listChats").getParameters().stream().filter(p -> p.getName().equals("state")).findFirst().orElseThrow();
    assertThat(state.getSchema().getEnum()).containsExactly("active", "final", "all");
    assertThat(schemas.keySet()).noneMatch(name -> name.contains("Controller"));
  }

  /** The fields the server cannot do without are required and not nullable, in nested request schemas too. */
  @Test
  void required_request_fields_are_required_and_not_nullable() {
    Map<String, Schema> schemas = document.getComponents().getSchemas();
    Map<String, String> required = Map.of("SubmitMessageRequest", "content", "AgentRequest", "name",
        "AgentDocumentDto.Tool", "name", "AgentDocumentDto.Rule", "match", "AgentDocumentDto.ToolRef", "name",
        "AgentDocumentDto.ToolWebhook", "url", "AgentDocumentDto.Webhook", "url", "AgentDocumentDto.Field", "name");
    required.forEach((schema, field) -> {
      assertThat(schemas.get(schema).getRequired()).as(schema).contains(field);
      assertThat(property(schemas.get(schema), field).getNullable()).as(schema + "." + field).isNotEqualTo(true);
      assertThat(property(schemas.get(schema), field).getMinLength()).as(schema + "." + field).isEqualTo(1);
    });
    assertThat(property(schemas.get("AgentRequest"), "id").getReadOnly()).isTrue();
    assertThat(property(schemas.get("AgentDocumentDto.Webhook"), "secret").getWriteOnly()).isTrue();
  }

  /** What Swagger UI fills in from the document's examples is accepted as it is. */
  @Test
  void the_request_examples_work_when_pasted() throws Exception {
    Map<String, Schema> schemas = document.getComponents().getSchemas();
    String agent = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(schemas.get("AgentRequest").getExample());
    HttpJson.Response created = http.post("/api/v1/agents", agent);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    HttpJson.Response chat = http.post("/api/v1/chats", Map.of("agent_id", created.json().get("id")));
    Object content = property(schemas.get("SubmitMessageRequest"), "content").getExample();
    HttpJson.Response turn = http.post("/api/v1/chats/" + chat.json().get("id") + "/messages", Map.of("content", content));
    assertThat(turn.status()).as(turn.body()).isEqualTo(200);
  }

  /** The response itself, following a {@code $ref} to components.responses. */
  private ApiResponse resolve(ApiResponse response) {
    if (response.get$ref() == null) return response;
    String name = response.get$ref().substring(response.get$ref().lastIndexOf('/') + 1);
    ApiResponse shared = document.getComponents().getResponses().get(name);
    assertThat(shared).as(response.get$ref() + " points to a response").isNotNull();
    return shared;
  }

  private static Schema<?> property(Schema<?> schema, String name) {
    return (Schema<?>) schema.getProperties().get(name);
  }

  @Test
  void the_traffic_check_refuses_answers_the_document_does_not_describe() {
    OpenApiTraffic check = OpenApiTraffic.servedBy(server.getURI());
    URI chat = server.getURI().resolve("/api/v1/chats/" + UUID.randomUUID());
    Map<String, List<String>> json = Map.of("Content-Type", List.of("application/json"));
    assertThatThrownBy(() -> check.check("GET", chat, Map.of(), null, true, 418, json, "{}"))
        .isInstanceOf(AssertionError.class).hasMessageContaining("418");
    assertThatThrownBy(() -> check.check("GET", chat, Map.of(), null, true, 200, json, "{\"id\": 5}"))
        .isInstanceOf(AssertionError.class).hasMessageContaining("/id");
    Map<String, List<String>> problem = Map.of("Content-Type", List.of("application/problem+json"));
    assertThatThrownBy(() -> check.check("GET", chat, Map.of(), null, true, 404, problem, "{\"status\": \"404\"}"))
        .isInstanceOf(AssertionError.class).hasMessageContaining("status");
  }
}
