package dev.parley.bootstrap.support;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback OTLP/HTTP trace receiver: decodes each {@code POST /v1/traces} (protobuf) with the opentelemetry-proto
 * classes and keeps the spans, with their resource's {@code service.name}.
 */
public final class OtlpReceiver implements AutoCloseable {
  /** A received span: ids in hex, attributes as strings (arrays as their values joined by commas). */
  public record Received(String service, String traceId, String spanId, String parentSpanId, String name, Span.SpanKind kind,
                         Map<String, String> attributes, int statusCode) {}

  private final HttpServer server;
  private final List<Received> spans = new CopyOnWriteArrayList<>();
  private final List<String> contentTypes = new CopyOnWriteArrayList<>();

  public OtlpReceiver() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/v1/traces", exchange -> {
      try {
        receive(exchange);
      } catch (RuntimeException | IOException | Error e) {
        e.printStackTrace();
        throw e;
      }
    });
    server.start();
  }

  private void receive(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
    {
      contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
      ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(exchange.getRequestBody().readAllBytes());
      for (ResourceSpans resource : request.getResourceSpansList()) {
        String service = attributes(resource.getResource().getAttributesList()).get("service.name");
        for (ScopeSpans scope : resource.getScopeSpansList())
          for (Span span : scope.getSpansList())
            spans.add(new Received(service, hex(span.getTraceId().toByteArray()), hex(span.getSpanId().toByteArray()),
                hex(span.getParentSpanId().toByteArray()), span.getName(), span.getKind(), attributes(span.getAttributesList()),
                span.getStatus().getCodeValue()));
      }
      byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
      exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
      if (answer.length > 0) exchange.getResponseBody().write(answer);
      exchange.close();
    }
  }

  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces";
  }

  public List<Received> spans() {
    return List.copyOf(spans);
  }

  public List<String> contentTypes() {
    return List.copyOf(contentTypes);
  }

  private static Map<String, String> attributes(List<KeyValue> list) {
    Map<String, String> out = new LinkedHashMap<>();
    for (KeyValue kv : list) {
      var v = kv.getValue();
      String value = switch (v.getValueCase()) {
        case STRING_VALUE -> v.getStringValue();
        case INT_VALUE -> Long.toString(v.getIntValue());
        case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
        case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
        case ARRAY_VALUE -> String.join(",", v.getArrayValue().getValuesList().stream().map(x -> x.getStringValue()).toList());
        default -> v.toString();
      };
      out.put(kv.getKey(), value);
    }
    return out;
  }

  private static String hex(byte[] bytes) {
    return bytes.length == 0 ? "" : HexFormat.of().formatHex(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
